package dev.dagj.engine.api;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.module.TypeDefs;
import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.ExecutionId;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The core GraphQL API of one session: the schema from {@code schema.graphqls} wired to the resolvers. Thread-safe;
 * concurrent requests share the engine's solver, so equal work is done once.
 */
public final class GraphqlApi {
    static final String SCHEMA_RESOURCE = "schema.graphqls";
    /** The module API, merged with the core schema. */
    static final String MODULE_SCHEMA_RESOURCE = "module.graphqls";
    private static final String SCHEMA_DOMAIN = "dagj-served-schema/v1";
    private static final String VALIDATED_DOMAIN = "dagj-validated-schema/v1";
    private final ApiScope scope;
    private final CallTranslator translator;
    private final ModuleSteps modules;
    private final CoreSchema core;
    private final boolean host;
    private final IntrospectionCache introspections;
    private volatile Built built;

    /**
     * A schema and its identity: the engine's code, whether {@code host} is there, and the SDL of each served module;
     * null when the code has no {@link ApiCodeIdentity}. A schema whose identity validated before is generated when a
     * request first needs it, from the core schema (parsed then, if nothing parsed it before) and the modules' SDL: a
     * CLI run that serves a module before its first query, or whose introspection is kept, generates it once or not
     * at all, and parses nothing.
     */
    private static final class Built {
        private final Digest identity;
        private Registry registry;
        private RuntimeWiring wiring;
        private GraphQL graphql;

        Built(Digest identity, Registry registry, RuntimeWiring wiring) {
            this.identity = identity;
            this.registry = registry;
            this.wiring = wiring;
        }

        Built(Digest identity, GraphQL graphql) {
            this.identity = identity;
            this.graphql = graphql;
        }

        Digest identity() {
            return identity;
        }

        synchronized GraphQL graphql() throws EngineException {
            if (graphql == null) {
                graphql = executable(TrustedSchemaGenerator.make(registry.get(), wiring));
                registry = null;
                wiring = null;
            }
            return graphql;
        }
    }

    /** A type registry made on demand. */
    @FunctionalInterface
    private interface Registry {
        TypeDefinitionRegistry get() throws EngineException;
    }

    /**
     * Execution IDs from a counter: graphql-java's default is a random UUID, whose first use in a process sets up the
     * JDK's security providers (30-60 ms on a warm `dagger call`'s path). Nothing reads them but graphql-java's
     * instrumentation, for which they only need to differ within the process.
     */
    private static final AtomicLong EXECUTIONS = new AtomicLong();

    private static GraphQL executable(GraphQLSchema schema) {
        return GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new ResolverErrors())
                .executionIdProvider((query, operation, context) ->
                        ExecutionId.from("dagj-" + EXECUTIONS.incrementAndGet()))
                .preparsedDocumentProvider(new DocumentCache(schema)).build();
    }

    /**
     * @param workdir the client's working directory: relative host paths ({@code Host.directory(path: ".")},
     *                {@code export(path:)}) resolve against it.
     */
    /** The namespace of cache volumes made in this API's session: a module's inside a function call, else null. */
    private final String cacheNamespace;

    public GraphqlApi(Engine engine, Path workdir) throws EngineException {
        this(engine, workdir, ApiOptions.MAIN);
    }

    /** An API shaped by {@code options}: without {@code host} for a function runtime's nested session. */
    public GraphqlApi(Engine engine, Path workdir, ApiOptions options) throws EngineException {
        this.scope = ApiScope.of(engine, workdir, options.host(),
                options.secrets() == null ? new SecretScope() : options.secrets());
        this.modules = new ModuleSteps(new ModuleLoader(scope), options.call());
        this.cacheNamespace = options.call() == null ? null : options.call().cacheNamespace();
        SecretUris secretUris = new SecretUris(scope, System.getenv());
        this.translator = new CallTranslator(modules, secretUris);
        if (options.secrets() == null) {
            scope.secrets().readUrisWith(secretUris);
        }
        this.host = options.host();
        this.introspections = new IntrospectionCache(engine.modules().builds());
        this.core = engine.coreSchema();
        for (ServedModule dep : options.dependencies()) {
            modules.serve(dep);
        }
        if (options.interfaceOwner() != null) {
            modules.serveInterfaces(options.interfaceOwner(), options.implementations());
        }
        this.built = build(modules.served());
    }

    private Built build(List<ServedModule> served) throws EngineException {
        Set<String> known = new HashSet<>(core.typeNames());
        List<String> sdls = new ArrayList<>();
        RuntimeWiring.Builder wiring = wiring(scope, translator, cacheNamespace);
        new ModuleResolvers(modules, new ChainFetchers(translator), translator, this).wire(wiring);
        Digest code = ApiCodeIdentity.current();
        CanonicalEncoder identity = code == null ? null
                : new CanonicalEncoder(SCHEMA_DOMAIN).digest(code).bool(host).number(served.size());
        for (ServedModule m : served) {
            List<String> foreign = foreignInterfaces(m, served);
            String sdl = ModuleSchema.sdl(m, known, foreign);
            known.addAll(ModuleSchema.typeNames(m));
            sdls.add(sdl);
            ModuleSchema.wire(wiring, m, modules, translator, foreign);
            if (identity != null) {
                identity.string(m.name()).string(sdl);
            }
        }
        ServedModule owner = modules.interfaceOwner();
        if (owner != null && !owner.def().interfaces().isEmpty()) {
            String sdl = ModuleSchema.interfacesSdl(owner, known);
            sdls.add(sdl);
            ModuleSchema.wireInterfaces(wiring, owner, modules, translator);
            if (identity != null) {
                identity.string("interfaces of " + owner.name()).string(sdl);
            }
        }
        Registry registry = () -> {
            TypeDefinitionRegistry r = core.registry(host);
            for (String sdl : sdls) {
                r.merge(new SchemaParser().parse(sdl));
            }
            return r;
        };
        Digest id = identity == null ? null : identity.digest();
        Digest validatedKey = id == null ? null : new CanonicalEncoder(VALIDATED_DOMAIN).digest(id).digest();
        boolean validated = validatedKey != null && introspections.index().lookup(validatedKey) != null;
        // A schema that validated once is not validated again: its identity covers everything it is built from, so
        // graphql-java's builder without validation or type check (about 100 ms less on a warm CLI run) is safe for
        // it, and it is generated lazily. A new identity is generated and validated now, so that a bad schema fails its serve.
        if (validated) {
            return new Built(id, registry, wiring.build());
        }
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(registry.get(), wiring.build());
        if (validatedKey != null) {
            introspections.index().record(validatedKey, new byte[] {1});
        }
        return new Built(id, executable(schema));
    }

    /** The interface types the other served modules serve: {@code m}'s objects may be converted to them. */
    private static List<String> foreignInterfaces(ServedModule m, List<ServedModule> served) {
        List<String> out = new ArrayList<>();
        for (ServedModule other : served) {
            if (other == m) {
                continue;
            }
            for (TypeDefs.TypeDef t : other.def().interfaces()) {
                out.add(t.object().name());
            }
        }
        return out;
    }

    /** Serves {@code m} in this API from now on: {@code Query} gains its main object's field. */
    synchronized void serve(ServedModule m) throws EngineException {
        modules.serve(m);
        this.built = build(modules.served());
    }

    GraphQL graphql() throws EngineException {
        return built.graphql();
    }

    /**
     * {@link dev.dagj.engine.Session#serveModule}: resolves {@code refString} as {@code moduleSource} does (find-up
     * on), loads the module and serves it, without a GraphQL request, so the schema is generated once with it.
     */
    public Session.Served serveModule(String refString, String refPin) throws EngineException, InterruptedException {
        ModuleSourceState source = modules.loader().resolve(refString, refPin, false, false, null);
        ServedModule m = modules.loader().load(source, translator);
        serve(m);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (TypeDefs.TypeDef t : m.def().objects()) {
            if (t.object() == null) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (TypeDefs.FieldDef f : t.object().fields()) {
                names.add(ModuleNames.lowerCamel(f.name()));
            }
            fields.put(t.object().name(), names);
        }
        return new Session.Served(source.moduleName(), fields);
    }

    /**
     * {@code Query.cacheVolume}: inside a function call (a nested session) a volume is in the module's namespace,
     * {@code mod(<name><source path>)}, pinned into its ID, so two modules asking for the same key get different
     * volumes while the same module shares one across calls and sessions. As in Dagger since v0.18.11, the namespace
     * is not a public argument: clients cannot pick another module's (or the main client's) volumes by name.
     */
    private static DataFetcher<ApiObject> cacheVolume(ChainFetchers chains, String namespace) {
        return env -> {
            if (namespace == null) {
                return chains.plain().get(env);
            }
            List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
            args.add(new CallId.Arg("namespace", new Literal.Str(namespace)));
            return chains.chain(env, args);
        };
    }

    private static RuntimeWiring.Builder wiring(ApiScope scope, CallTranslator translator, String cacheNamespace) {
        ChainFetchers chains = new ChainFetchers(translator);
        QueryResolvers query = new QueryResolvers(translator);
        HostResolvers host = new HostResolvers(scope, chains);
        DirectoryResolvers dir = new DirectoryResolvers(scope, chains);
        FileResolvers file = new FileResolvers(scope);
        ContainerResolvers ctr = new ContainerResolvers(scope, chains);
        SecretResolvers secret = new SecretResolvers(scope, chains, new SecretUris(scope, System.getenv()));
        DataFetcher<ApiObject> chain = chains.plain();
        return RuntimeWiring.newRuntimeWiring()
                .scalar(IdScalars.of("DirectoryID"))
                .scalar(IdScalars.of("FileID"))
                .scalar(IdScalars.of("ContainerID"))
                .scalar(IdScalars.of("CacheVolumeID"))
                .scalar(IdScalars.of("SecretID"))
                .scalar(IdScalars.platform())
                .type("Node", t -> t.typeResolver(env -> {
                    ApiObject o = env.getObject();
                    return (GraphQLObjectType) env.getSchema().getType(o.typeName());
                }))
                .type("Query", t -> t
                        .dataFetcher("directory", chain)
                        .dataFetcher("host", chain)
                        .dataFetcher("version", query::version)
                        .dataFetcher("loadDirectoryFromID", env -> query.load(env, "Directory"))
                        .dataFetcher("loadFileFromID", env -> query.load(env, "File"))
                        .dataFetcher("loadContainerFromID", env -> query.load(env, "Container"))
                        .dataFetcher("loadCacheVolumeFromID", env -> query.load(env, "CacheVolume"))
                        .dataFetcher("loadSecretFromID", env -> query.load(env, "Secret"))
                        .dataFetcher("container", chain)
                        .dataFetcher("cacheVolume", cacheVolume(chains, cacheNamespace))
                        .dataFetcher("setSecret", secret::setSecret)
                        .dataFetcher("secret", secret::secret)
                        .dataFetcher("node", query::node))
                .type("Host", t -> t
                        .dataFetcher("directory", host::directory)
                        .dataFetcher("file", host::file))
                .type("Directory", t -> t
                        .dataFetcher("id", dir::id)
                        .dataFetcher("entries", dir::entries)
                        .dataFetcher("glob", dir::glob)
                        .dataFetcher("file", dir::file)
                        .dataFetcher("directory", dir::directory)
                        .dataFetcher("withNewFile", chain)
                        .dataFetcher("withFile", chain)
                        .dataFetcher("withDirectory", dir::withDirectory)
                        .dataFetcher("withNewDirectory", chain)
                        .dataFetcher("withoutFile", chain)
                        .dataFetcher("withoutDirectory", chain)
                        .dataFetcher("diff", chain)
                        .dataFetcher("digest", dir::digest)
                        .dataFetcher("name", dir::name)
                        .dataFetcher("export", dir::export)
                        .dataFetcher("sync", dir::sync))
                .type("File", t -> t
                        .dataFetcher("id", file::id)
                        .dataFetcher("contents", file::contents)
                        .dataFetcher("size", file::size)
                        .dataFetcher("name", file::name)
                        .dataFetcher("digest", file::digest)
                        .dataFetcher("withName", chain)
                        .dataFetcher("export", file::export)
                        .dataFetcher("sync", file::sync))
                .type("CacheVolume", t -> t.dataFetcher("id", secret::id))
                .type("Secret", t -> t
                        .dataFetcher("id", secret::id)
                        .dataFetcher("name", secret::name)
                        .dataFetcher("plaintext", secret::plaintext))
                .type("Container", t -> {
                    t.dataFetcher("id", ctr::id)
                            .dataFetcher("from", ctr::from)
                            .dataFetcher("stdout", ctr::stdout)
                            .dataFetcher("stderr", ctr::stderr)
                            .dataFetcher("exitCode", ctr::exitCode)
                            .dataFetcher("envVariable", ctr::envVariable)
                            .dataFetcher("envVariables", ctr::envVariables)
                            .dataFetcher("workdir", ctr::workdir)
                            .dataFetcher("user", ctr::user)
                            .dataFetcher("entrypoint", ctr::entrypoint)
                            .dataFetcher("defaultArgs", ctr::defaultArgs)
                            .dataFetcher("label", ctr::label)
                            .dataFetcher("labels", ctr::labels)
                            .dataFetcher("mounts", ctr::mounts)
                            .dataFetcher("export", ctr::export)
                            .dataFetcher("asTarball", ctr::asTarball)
                            .dataFetcher("import", ctr::importTarball)
                            .dataFetcher("publish", ctr::publish)
                            .dataFetcher("sync", ctr::sync)
                            .dataFetcher("platform", ctr::platform);
                    for (String f : List.of("withExec", "withEnvVariable", "withoutEnvVariable", "withWorkdir",
                            "withoutWorkdir", "withUser", "withoutUser", "withEntrypoint", "withoutEntrypoint",
                            "withDefaultArgs", "withoutDefaultArgs", "withLabel", "withoutLabel",
                            "withMountedDirectory", "withMountedFile", "withMountedCache", "withMountedTemp",
                            "withMountedSecret", "withoutMount", "withDirectory", "withFile", "withNewFile",
                            "withoutDirectory", "withoutFile", "withSecretVariable", "withoutSecretVariable", "rootfs",
                            "withRootfs", "directory", "file")) {
                        t.dataFetcher(f, chain);
                    }
                    return t;
                });
    }

    /**
     * Executes one request and returns the response map as it goes over the wire: {@code data}, plus
     * {@code errors} (each with {@code message}, and {@code locations}/{@code path} where they apply).
     */
    public Map<String, Object> execute(String query, Map<String, Object> variables, String operationName) {
        if (query == null || query.isBlank()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("errors", List.of(Map.of("message", "the request has no query")));
            return out;
        }
        Built b = built;
        Digest kept = IntrospectionCache.key(b.identity(), query, variables, operationName);
        if (kept != null) {
            try {
                Map<String, Object> hit = introspections.lookup(kept);
                if (hit != null) {
                    return hit;
                }
            } catch (EngineException e) {
                kept = null;
            }
        }
        ExecutionInput in = ExecutionInput.newExecutionInput().query(query)
                .variables(variables == null ? Map.of() : variables).operationName(operationName).build();
        GraphQL graphql;
        try {
            graphql = b.graphql();
        } catch (EngineException e) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("errors", List.of(Map.of("message", e.getMessage())));
            return out;
        }
        Map<String, Object> response = graphql.execute(in).toSpecification();
        if (kept != null) {
            try {
                introspections.record(kept, response);
            } catch (EngineException e) {
                // Keeping the response is an optimisation; the response itself is good.
            }
        }
        return response;
    }
}
