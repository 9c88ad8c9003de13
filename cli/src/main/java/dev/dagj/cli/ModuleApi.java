package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.api.GraphqlStrings;
import dev.dagj.resolver.config.DependencyConfig;
import dev.dagj.resolver.config.ModuleConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the CLI asks the engine about modules, in the engine's GraphQL API (Dagger's {@code moduleSource} surface):
 * serving a module into the session, describing the served API, and exporting generated code to the host.
 */
final class ModuleApi {
    private final Session session;
    private final PhaseTrace trace;

    ModuleApi(Session session, PhaseTrace trace) {
        this.session = session;
        this.trace = trace;
    }

    /**
     * A module served into the session.
     *
     * @param name      the module's original name
     * @param mainField the {@code Query} field that constructs the main object ({@code lowerCamel(name)})
     * @param types     the session's API after serving
     */
    record Served(String name, String mainField, ApiTypes types) {
        /** The {@code Query} member that constructs the main object. */
        ApiTypes.Member constructor() throws CliException {
            ApiTypes.ObjectType query = types.object(types.queryType()).orElseThrow();
            return query.member(mainField).orElseThrow(() -> new CliException("module " + GraphqlStrings.literal(name)
                    + " is not served: the API has no Query." + mainField + " field"));
        }
    }

    /** True for a module whose dagger.json has no SDK: it has no functions of its own, only its dependencies. */
    static boolean withoutSdk(ModuleLookup.Found found) {
        ModuleConfig c = found.source().config();
        return c != null && c.sdkSource().isEmpty();
    }

    /**
     * For a module with no SDK, whose API is its dependencies': the {@code Query} field that constructs the main
     * object of the dependency {@code word} names (its install name, as typed on the command line).
     */
    static ApiTypes.Member dependency(ModuleLookup.Found found, ApiTypes types, String word, String parent)
            throws CliException {
        ApiTypes.ObjectType query = types.object(types.queryType()).orElseThrow();
        ApiTypes.Member m = query.memberByCliName(word).orElse(null);
        if (m != null) {
            for (DependencyConfig d : found.source().config().dependencies()) {
                if (squash(d.name()).equals(squash(m.name()))) {
                    return m;
                }
            }
        }
        throw new CliException("unknown command " + GraphqlStrings.literal(word) + " for "
                + GraphqlStrings.literal(parent));
    }

    private static String squash(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs {@code query} and returns its {@code data}; GraphQL errors become one {@link CliException}. */
    Map<String, Object> query(String query) throws CliException, InterruptedException {
        Map<String, Object> response = session.execute(query, Map.of(), null);
        if (response.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            for (Object e : errors) {
                Object m = ApiTypes.map(e).get("message");
                messages.add(m == null ? String.valueOf(e) : String.valueOf(m));
            }
            throw new CliException(String.join("\n", messages));
        }
        return ApiTypes.map(response.get("data"));
    }

    /** {@code moduleSource(refString, refPin)}, as a selection prefix. */
    static String moduleSource(ModuleLookup.Found found, boolean disableFindUp) {
        StringBuilder sb = new StringBuilder("moduleSource(refString: ").append(GraphqlStrings.literal(found.refString()));
        if (!found.pin().isEmpty()) {
            sb.append(", refPin: ").append(GraphqlStrings.literal(found.pin()));
        }
        if (disableFindUp) {
            sb.append(", disableFindUp: true");
        }
        return sb.append(')').toString();
    }

    /**
     * Loads the module, serves it into this session ({@code asModule.serve}) and describes the resulting API: the
     * GraphQL introspection of the session's schema, plus which members of the module's objects are data fields.
     */
    Served serve(ModuleLookup.Found found) throws CliException, InterruptedException {
        Session.Served module;
        try {
            // In process, not as a GraphQL request: the embedded engine then generates its schema once, with the
            // module in it, instead of once for this request and again after the serve.
            module = session.serveModule(found.refString(), found.pin());
        } catch (EngineException e) {
            throw new CliException(e.getMessage());
        }
        trace.mark("module loaded and served");
        String name = module.name();
        Map<String, Set<String>> fields = new HashMap<>();
        module.objectFields().forEach((object, names) -> fields.put(object, new LinkedHashSet<>(names)));
        ApiTypes types = ApiTypes.fromIntrospection(query(ApiTypes.INTROSPECTION_QUERY)).withFields(fields);
        trace.mark("API introspected");
        return new Served(name, Names.lowerCamel(name), types);
    }

    /**
     * Asks the engine for the module's generated context directory (its {@code dagger.json} plus the SDK's codegen
     * output, as a diff against the context directory) and exports it into {@code contextDir}.
     */
    void exportGenerated(ModuleLookup.Found found, Path contextDir) throws CliException, InterruptedException {
        query("{ " + moduleSource(found, true) + " { generatedContextDirectory { export(path: "
                + GraphqlStrings.literal(contextDir.toString()) + ") } } }");
    }
}
