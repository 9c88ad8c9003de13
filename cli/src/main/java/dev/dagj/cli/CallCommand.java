package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.GraphqlStrings;
import dev.dagj.resolver.ResolverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dagger call [ctor flags] fn [--arg v] fn2 ...}: serves the module, reads the chain against its API (flags
 * from the argument types, see {@link FlagValues}), runs it as one GraphQL query and prints the result (see
 * {@link CallOutput}).
 */
@Command(name = "call", description = "Call one or more functions, interconnected into a pipeline.")
final class CallCommand implements Callable<Integer> {
    @Option(names = {"-m", "--mod"}, paramLabel = "MODULE",
            description = "Module reference: a local path, a dependency name or a git ref (default: $DAGGER_MODULE, "
                    + "else the module found from the current directory).")
    String mod;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "Save the result to a host path (a Container as an OCI tarball).")
    String output;

    @Parameters(arity = "0..*", paramLabel = "FUNCTION", description = "Functions and their flags.")
    List<String> words = new ArrayList<>();

    private final DaggerCommand root;

    CallCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws CliException, EngineException, ResolverException, InterruptedException {
        Invocation inv = root.invocation();
        root.trace().mark("command parsed");
        Path workdir = root.workdir();
        ModuleLookup lookup = new ModuleLookup(workdir, root.stateDir());
        ModuleLookup.Found found = lookup.find(ModuleLookup.ref(mod, inv.env()));
        root.trace().mark("module found");
        Path outputPath = output == null ? null : workdir.resolve(output).normalize();
        try (LaunchedSession launched = root.launch(Map.of())) {
            ModuleApi api = new ModuleApi(launched.session(), root.trace());
            ModuleApi.Served served = api.serve(found);
            ApiTypes types = served.types();
            FlagValues values = new FlagValues(types, workdir, q -> idOf(api.query(q)));
            List<CallChain.Step> steps;
            if (ModuleApi.withoutSdk(found)) {
                // no functions of its own: a bare call does nothing; the first word names a dependency
                if (words.isEmpty()) {
                    return 0;
                }
                steps = new CallChain(types, values).parse(
                        ModuleApi.dependency(found, types, words.getFirst(), "dagger call"),
                        words.subList(1, words.size()));
            } else {
                steps = new CallChain(types, values).parse(served.constructor(), words);
            }
            CallOutput out = new CallOutput(types, steps.getLast().member().type(), json,
                    outputPath == null ? null : outputPath.toString());
            StringBuilder query = new StringBuilder("{ ");
            List<String> path = new ArrayList<>();
            for (CallChain.Step step : steps) {
                query.append(step.selection()).append(step == steps.getLast() ? "" : " { ");
                path.add(step.member().name());
            }
            query.append(out.selection());
            query.append(" }".repeat(steps.size()));
            if (out.leafField() != null) {
                path.add(out.leafField());
            }
            root.trace().mark("call parsed");
            Object value = CallOutput.extract(api.query(query.toString()), path);
            root.trace().mark("called");
            if (out.leaf() == CallOutput.Leaf.EXPORT) {
                for (String saved : CallOutput.exported(value)) {
                    inv.err().println("Saved to " + GraphqlStrings.literal(saved) + ".");
                }
                return 0;
            }
            String text = out.render(value);
            if (outputPath != null) {
                writeOutput(outputPath, text);
                inv.err().println("Saved output to " + GraphqlStrings.literal(outputPath.toString()) + ".");
                return 0;
            }
            inv.out().print(text);
            inv.out().flush();
            return 0;
        } finally {
            root.trace().mark("session closed");
        }
    }

    /** Writes printed output to a host file: parent directories 0755, the file 0644, replacing what was there. */
    static void writeOutput(Path file, String text) throws CliException {
        if (Files.isDirectory(file)) {
            throw new CliException("open " + file + ": is a directory");
        }
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new CliException("failed to write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The one {@code id} string in a response selecting a single object's ID. */
    static String idOf(Object data) throws CliException {
        Object v = data;
        while (v instanceof Map<?, ?> m && m.size() == 1) {
            v = m.values().iterator().next();
        }
        if (v instanceof String s) {
            return s;
        }
        throw new CliException("the engine returned no ID for a flag value: " + data);
    }
}
