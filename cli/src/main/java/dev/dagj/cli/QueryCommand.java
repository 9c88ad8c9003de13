package dev.dagj.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.dagj.resolver.ResolverException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagger query}: sends one GraphQL document (from stdin or {@code --doc}) to a fresh session and prints the
 * response's {@code data} as indented JSON. GraphQL errors go to stderr, one {@code Error:} line each, and exit 1.
 */
@Command(name = "query", description = "Send a GraphQL query to the engine and print the data as JSON.")
final class QueryCommand implements Callable<Integer> {
    @Option(names = "--doc", paramLabel = "FILE", description = "Read the query from FILE instead of stdin.")
    String doc;

    @Option(names = "--var", paramLabel = "KEY=VALUE", description = "A string variable (repeatable).")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--var-json", paramLabel = "JSON", description = "Variables as one JSON object.")
    String varJson;

    @Option(names = {"-m", "--mod"}, paramLabel = "MODULE",
            description = "Serve this module's functions in the schema (default: $DAGGER_MODULE, else the module"
                    + " found from the current directory, if any).")
    String mod;

    @Option(names = {"-M", "--no-mod"}, description = "Serve no module, only the core API.")
    boolean noMod;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OPERATION",
            description = "The operation to run, when the document has several.")
    String operation;

    private final DaggerCommand root;

    QueryCommand(DaggerCommand root) {
        this.root = root;
    }

    /**
     * The module to serve: an explicit {@code -m} or {@value ModuleLookup#MODULE_ENV} must exist; without either, a
     * module found from the working directory is served when there is one, as Dagger does.
     */
    private ModuleLookup.Found module(Invocation inv) throws CliException, InterruptedException {
        String ref = ModuleLookup.ref(mod, inv.env());
        try {
            return new ModuleLookup(root.workdir(), root.stateDir()).find(ref);
        } catch (CliException notFound) {
            if (ref.isEmpty()) {
                return null;
            }
            throw notFound;
        } catch (ResolverException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws CliException, EngineException, InterruptedException {
        Invocation inv = root.invocation();
        String query = readQuery(inv);
        Map<String, Object> variables = variables();
        Map<String, Object> response;
        ModuleLookup.Found module = noMod ? null : module(inv);
        try (LaunchedSession launched = root.launch(Map.of())) {
            if (module != null) {
                new ModuleApi(launched.session(), root.trace()).serve(module);
            }
            response = launched.session().execute(query, variables, operation);
            root.trace().mark("query executed");
        }
        root.trace().mark("session closed");
        if (response.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            for (Object e : errors) {
                inv.err().println("Error: " + errorMessage(e));
            }
            return 1;
        }
        Object data = response.get("data");
        inv.out().println(IndentedJson.render(data == null ? Map.of() : data));
        inv.out().flush();
        return 0;
    }

    private String readQuery(Invocation inv) throws CliException {
        try {
            String q;
            if (doc != null) {
                Path p = inv.resolve(doc);
                q = Files.readString(p, StandardCharsets.UTF_8);
            } else {
                q = new String(inv.in().readAllBytes(), StandardCharsets.UTF_8);
            }
            if (q.isBlank()) {
                throw new CliException("no query given: pass a GraphQL document on stdin or with --doc FILE");
            }
            return q;
        } catch (NoSuchFileException e) {
            throw new CliException("query document " + inv.resolve(doc) + " does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read the query" + (doc == null ? " from stdin" : " from " + doc) + ": "
                    + e.getMessage(), e);
        }
    }

    private Map<String, Object> variables() throws CliException {
        Map<String, Object> all = new LinkedHashMap<>(vars);
        if (varJson == null) {
            return all;
        }
        Object parsed;
        try {
            parsed = new ObjectMapper().readValue(varJson, Object.class);
        } catch (JsonProcessingException e) {
            throw new CliException("--var-json is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new CliException("--var-json must be a JSON object, like {\"name\": \"value\"}");
        }
        m.forEach((k, v) -> all.put(String.valueOf(k), v));
        return all;
    }

    private static String errorMessage(Object error) {
        if (error instanceof Map<?, ?> m && m.get("message") != null) {
            return String.valueOf(m.get("message"));
        }
        return String.valueOf(error);
    }
}
