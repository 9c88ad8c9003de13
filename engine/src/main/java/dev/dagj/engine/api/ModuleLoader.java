package dev.dagj.engine.api;

import dev.dagj.engine.digest.SystemRandom;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.exec.ExecResult;
import dev.dagj.engine.exec.Mount;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.module.ModuleBuilds;
import dev.dagj.engine.module.ModuleServices;
import dev.dagj.engine.module.RecipeRunner;
import dev.dagj.engine.module.TypeDefs;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEditor;
import dev.dagj.engine.store.TreeEntry;
import dev.dagj.plugin.CodegenCapability;
import dev.dagj.plugin.ModuleSourceView;
import dev.dagj.plugin.SdkPlugin;
import dev.dagj.resolver.LoadOptions;
import dev.dagj.resolver.ModuleResolver;
import dev.dagj.resolver.ResolvedDependency;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import dev.dagj.resolver.config.EngineVersion;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.config.ModuleConfigWriter;
import dev.dagj.resolver.git.GitCache;
import dev.dagj.resolver.git.GitSourceResolver;
import dev.dagj.resolver.git.LsRemoteProbe;
import dev.dagj.resolver.ref.ModuleRefParser;
import dev.dagj.resolver.ref.RefKind;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.introspection.IntrospectionQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads modules for one session: resolves module sources on the client's host, uploads their files, builds them
 * through the engine's {@link ModuleBuilds}, registers their types and runs their functions, each in a runtime
 * container talking to a nested session. Type definitions and function results are cached in the engine's index, so
 * a warm load or call starts no container.
 */
final class ModuleLoader {
    private static final String TYPEDEFS_DOMAIN = "dagj-module-typedefs/v1";
    private static final String CALL_DOMAIN = "dagj-function-call/v1";
    private static final String INTROSPECTION_DOMAIN = "dagj-api-introspection/v1";
    private final ApiScope scope;
    private final ModuleServices services;
    private final ObjectMapper json = new ObjectMapper();
    private final String sessionId = SystemRandom.hex(16);
    private final Map<Digest, ServedModule> loaded = new ConcurrentHashMap<>();

    ModuleLoader(ApiScope scope) {
        this.scope = scope;
        this.services = scope.engine().modules();
    }

    ApiScope scope() {
        return scope;
    }

    // ---- sources ----

    ModuleSourceState resolve(String ref, String pin, boolean disableFindUp, boolean allowNotExists,
            String requireKind) throws EngineException, InterruptedException {
        RefKind kind = null;
        if (requireKind != null) {
            kind = requireKind.toUpperCase(Locale.ROOT).startsWith("GIT") ? RefKind.GIT : RefKind.LOCAL;
        }
        try {
            return ModuleSourceState.of(resolver().load(ref, pin == null ? "" : pin,
                    new LoadOptions(disableFindUp, allowNotExists, kind)));
        } catch (ResolverException e) {
            throw new ApiException(e.getMessage(), e);
        }
    }

    private ModuleResolver resolver() {
        Path state = scope.engine().config().stateDir();
        return new ModuleResolver(scope.workdir(),
                new ModuleConfigReader(new EngineVersion(Engine.DAGGER_VERSION)),
                new ModuleRefParser(new LsRemoteProbe(30)),
                new GitSourceResolver(new GitCache(state.resolve("git"), 300), 300));
    }

    /** One module on the way from the module being loaded down to a dependency: its source and install name. */
    private record Link(ModuleSourceState source, String installName) {
        Path identity() {
            return source.sourceRootDir().toAbsolutePath().normalize();
        }
    }

    /**
     * The dependencies of {@code s}, each loaded (recursively, with its own dependencies), built, registered and
     * renamed into its install name's namespace. A module met again on the way down is Dagger's circular dependency
     * error, naming the module and its dependency the cycle goes through.
     */
    List<ServedModule> dependencies(ModuleSourceState s, List<Link> chain) throws EngineException, InterruptedException {
        if (s.config() == null || s.config().dependencies().isEmpty()) {
            return List.of();
        }
        List<ResolvedDependency> resolved;
        try {
            resolved = resolver().loadDependencies(s.source());
        } catch (ResolverException e) {
            throw new ApiException(e.getMessage(), e);
        }
        List<Link> here = new ArrayList<>(chain);
        if (here.isEmpty()) {
            here.add(new Link(s, s.moduleName()));
        }
        List<ServedModule> out = new ArrayList<>();
        for (ResolvedDependency d : resolved) {
            ModuleSourceState dep = ModuleSourceState.of(d.source());
            Link link = new Link(dep, d.name());
            for (int i = 0; i < here.size(); i++) {
                if (here.get(i).identity().equals(link.identity())) {
                    String through = i + 1 < here.size() ? here.get(i + 1).installName() : d.name();
                    throw new ApiException("module " + quote(here.get(i).source().moduleName())
                            + " has a circular dependency on itself through dependency " + quote(through));
                }
            }
            List<Link> next = new ArrayList<>(here);
            next.add(link);
            ServedModule loadedDep = load(dep, new CallTranslator(new ModuleSteps(this)), next);
            out.add(loadedDep.installedAs(d.name()));
        }
        return out;
    }

    /**
     * The introspection JSON a module's code is generated against: the nested session's schema, core without
     * {@code Host} plus the module's dependencies, namespaced. It depends only on the engine's code and the
     * dependencies' runtime keys, so it is memoized for the engine and kept in the index under the code's
     * {@link ApiCodeIdentity} (a warm CLI run then neither builds the nested schema nor introspects it).
     */
    byte[] introspection(List<ServedModule> dependencies) {
        String view = "core";
        if (!dependencies.isEmpty()) {
            CanonicalEncoder e = new CanonicalEncoder("dagj-module-view/v1");
            for (ServedModule d : dependencies) {
                e.string(d.installName()).digest(d.hasSdk() ? d.runtime().key() : d.key());
            }
            view = "deps:" + e.digest();
        }
        String viewKey = view;
        return services.introspection(viewKey, () -> {
            Digest code = ApiCodeIdentity.current();
            Digest key = code == null ? null
                    : new CanonicalEncoder(INTROSPECTION_DOMAIN).digest(code).string(viewKey).digest();
            try {
                byte[] kept = key == null ? null : services.builds().lookup(key);
                if (kept != null) {
                    return kept;
                }
                byte[] computed = introspectNested(dependencies);
                if (key != null) {
                    services.builds().record(key, computed);
                }
                return computed;
            } catch (EngineException e) {
                throw new IllegalStateException("cannot keep the module API's introspection: " + e.getMessage(), e);
            }
        });
    }

    private byte[] introspectNested(List<ServedModule> dependencies) {
        try {
            GraphqlApi nested = new GraphqlApi(scope.engine(), scope.workdir(), ApiOptions.nested(null, dependencies));
            ExecutionResult r = nested.graphql().execute(ExecutionInput.newExecutionInput()
                    .query(IntrospectionQuery.INTROSPECTION_QUERY).build());
            if (!r.getErrors().isEmpty()) {
                throw new IllegalStateException("introspection failed: " + r.getErrors());
            }
            return json.writeValueAsBytes(Map.of("data", r.getData()));
        } catch (EngineException | JsonProcessingException e) {
            throw new IllegalStateException("cannot introspect the module API: " + e.getMessage(), e);
        }
    }

    /** What a build of {@code s} is keyed on; loads its dependencies and uploads its files (stat-cached). */
    ModuleBuilds.Inputs inputs(ModuleSourceState s) throws EngineException, InterruptedException {
        return inputs(s, dependencies(s, List.of()));
    }

    ModuleBuilds.Inputs inputs(ModuleSourceState s, List<ServedModule> dependencies) throws EngineException {
        if (s.config() == null) {
            throw new ApiException("module not found: no dagger.json at " + s.sourceRootDir());
        }
        if (s.sdkSource().isEmpty()) {
            throw new ApiException("module " + quote(s.moduleName()) + " has no SDK");
        }
        SdkPlugin plugin = services.sdks().select(s.sdkSource());
        byte[] config = new ModuleConfigWriter().toJson(s.config()).getBytes(StandardCharsets.UTF_8);
        ModuleSourceView view0 = view(s, List.of());
        byte[] introspection = introspection(dependencies);
        ModuleBuilds.Inputs probe = new ModuleBuilds.Inputs(plugin, view0, null, config, introspection);
        List<String> ignored = plugin instanceof CodegenCapability
                ? services.builds().describeCodegen(probe).vcsIgnoredPaths() : List.of();
        Digest tree = sourceTree(s, ignored);
        return new ModuleBuilds.Inputs(plugin, view(s, files(tree, s.sourceSubpath())), tree, config,
                introspection);
    }

    private ModuleSourceView view(ModuleSourceState s, List<String> files) {
        Map<String, Object> sdkConfig = s.config().sdk() == null ? Map.of() : s.config().sdk().config();
        return new ModuleSourceView(s.moduleName(), s.sourceSubpath(), s.sourceRootSubpath(), sdkConfig, files,
                s.config().engineVersion());
    }

    /**
     * The module's own files in context-directory layout: the source root (with {@code .gitignore} applied and the
     * SDK's generated, VCS-ignored paths left out) placed at its subpath.
     */
    Digest sourceTree(ModuleSourceState s, List<String> vcsIgnored) throws EngineException {
        TreeEditor trees = scope.engine().trees();
        Path root = s.sourceRootDir();
        if (!Files.isDirectory(root)) {
            return trees.emptyTree();
        }
        List<String> exclude = new ArrayList<>();
        String dir = s.sourceDirInRoot();
        for (String p : vcsIgnored) {
            exclude.add(dir.equals(".") ? p : SlashPaths.join(dir, p));
        }
        Digest tree = scope.uploader().uploadDirectory(root, List.of(), exclude, true);
        return place(trees, tree, s.sourceRootSubpath());
    }

    private static Digest place(TreeEditor trees, Digest tree, String subpath) throws EngineException {
        String p = SlashPaths.clean(subpath);
        if (p.equals(".") || p.isEmpty()) {
            return tree;
        }
        Digest root = trees.emptyTree();
        int slash = p.lastIndexOf('/');
        if (slash > 0) {
            root = trees.mkdirs(root, p.substring(0, slash), 0755);
        }
        return trees.put(root, p, TreeEntry.dir(p.substring(slash + 1), 0755, tree));
    }

    private List<String> files(Digest tree, String subpath) throws EngineException {
        TreeEditor trees = scope.engine().trees();
        String p = SlashPaths.clean(subpath);
        TreeEntry e = p.equals(".") || p.isEmpty() ? null : trees.lookup(tree, p);
        Digest dir = p.equals(".") || p.isEmpty() ? tree : e != null && e.isDir() ? e.digest() : null;
        List<String> out = new ArrayList<>();
        if (dir != null) {
            walk(dir, "", out);
        }
        return out;
    }

    private void walk(Digest dir, String prefix, List<String> out) throws EngineException {
        Tree t = scope.engine().store().tree(dir);
        for (TreeEntry e : t.entries()) {
            String rel = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
            if (e.isDir()) {
                walk(e.digest(), rel, out);
            } else {
                out.add(rel);
            }
        }
    }

    /**
     * What {@code dagger init} / {@code develop} write, relative to the context directory: dagger.json, the generated
     * code under the SDK source directory, and the {@code .gitattributes} / {@code .gitignore} lines for it.
     */
    Digest generatedContextDirectory(ModuleSourceState s) throws EngineException, InterruptedException {
        TreeEditor trees = scope.engine().trees();
        Digest out = trees.emptyTree();
        if (s.config() == null) {
            throw new ApiException("module source " + s.sourceRootDir() + " has no config to generate from");
        }
        String rootSub = SlashPaths.clean(s.sourceRootSubpath());
        String configPath = rootSub.equals(".") ? "dagger.json" : rootSub + "/dagger.json";
        out = putFile(trees, out, configPath, new ModuleConfigWriter().toJson(s.config()).getBytes(
                StandardCharsets.UTF_8), 0644);
        if (s.sdkSource().isEmpty()) {
            return out;
        }
        ModuleBuilds.Inputs in = inputs(s);
        if (!(in.plugin() instanceof CodegenCapability)) {
            return out;
        }
        ModuleBuilds.Generated g = services.builds().codegen(in);
        String srcSub = SlashPaths.clean(s.sourceSubpath());
        out = trees.merge(out, place(trees, g.tree(), srcSub));
        Path srcDir = s.contextDir().resolve(srcSub.equals(".") ? "" : srcSub);
        boolean gitignore = s.config().codegen() == null || s.config().codegen().automaticGitignore() == null
                || s.config().codegen().automaticGitignore();
        out = appendLines(trees, out, srcDir, srcSub, ".gitattributes", g.vcsGeneratedPaths(), " linguist-generated");
        if (gitignore) {
            out = appendLines(trees, out, srcDir, srcSub, ".gitignore", g.vcsIgnoredPaths(), "");
        }
        return out;
    }

    private Digest appendLines(TreeEditor trees, Digest out, Path srcDir, String srcSub, String file,
            List<String> paths, String suffix) throws EngineException {
        if (paths.isEmpty()) {
            return out;
        }
        String existing = "";
        Path host = srcDir.resolve(file);
        try {
            if (Files.isRegularFile(host)) {
                existing = Files.readString(host, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ApiException("cannot read " + host + ": " + e.getMessage(), e);
        }
        StringBuilder b = new StringBuilder(existing);
        List<String> have = existing.lines().map(String::strip).toList();
        for (String p : paths) {
            String line = "/" + p + suffix;
            if (!have.contains(line)) {
                if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
                    b.append('\n');
                }
                b.append(line).append('\n');
            }
        }
        if (b.toString().equals(existing)) {
            return out;
        }
        String path = srcSub.equals(".") ? file : srcSub + "/" + file;
        return putFile(trees, out, path, b.toString().getBytes(StandardCharsets.UTF_8), 0644);
    }

    private Digest putFile(TreeEditor trees, Digest root, String path, byte[] bytes, int mode) throws EngineException {
        Digest blob = scope.engine().store().putBytes(bytes);
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            root = trees.mkdirs(root, path.substring(0, slash), 0755);
        }
        return trees.put(root, path, TreeEntry.file(path.substring(slash + 1), mode, bytes.length, blob));
    }

    // ---- loading and calling ----

    /** Builds the module (cached), registers its types (cached by the build key) and returns it ready to serve. */
    ServedModule load(ModuleSourceState s, CallTranslator t) throws EngineException, InterruptedException {
        return load(s, t, List.of());
    }

    private ServedModule load(ModuleSourceState s, CallTranslator t, List<Link> chain)
            throws EngineException, InterruptedException {
        List<ServedModule> deps = dependencies(s, chain);
        if (s.config() != null && s.sdkSource().isEmpty()) {
            return withoutSdk(s, deps);
        }
        ModuleBuilds.Inputs in = inputs(s, deps);
        ModuleBuilds.Runtime runtime = services.builds().runtime(in);
        CanonicalEncoder k = new CanonicalEncoder("dagj-served-module/v1").digest(runtime.key());
        for (ServedModule d : deps) {
            k.string(d.installName()).digest(d.key());
        }
        Digest servedKey = k.digest();
        ServedModule known = loaded.get(servedKey);
        if (known != null) {
            return known;
        }
        Digest sourceDir = sourceDir(in, s);
        ServedModule unregistered = new ServedModule(s.moduleName(), s, in, runtime, sourceDir,
                TypeDefs.ModuleDef.EMPTY, s.moduleName(), Map.of(), deps, servedKey);
        Digest key = new CanonicalEncoder(TYPEDEFS_DOMAIN).digest(runtime.key()).digest();
        byte[] cached = services.builds().lookup(key);
        String moduleId;
        if (cached != null) {
            moduleId = new String(cached, StandardCharsets.UTF_8);
        } else {
            JsonNode v = invoke(unregistered, "", "", "{}", List.of(), null);
            if (!v.isTextual()) {
                throw new ApiException("module " + quote(s.moduleName())
                        + ": registering its types returned " + v + ", not a Module ID");
            }
            moduleId = v.asText();
        }
        TypeDefs.ModuleDef def = moduleDef(moduleId, t, s.moduleName());
        checkNoExternalTypes(def, deps);
        if (cached == null) {
            services.builds().record(key, moduleId.getBytes(StandardCharsets.UTF_8));
        }
        ServedModule m = new ServedModule(s.moduleName(), s, in, runtime, sourceDir, def, s.moduleName(), Map.of(),
                deps, servedKey);
        loaded.put(servedKey, m);
        return m;
    }

    /**
     * A module with no SDK: nothing to build or register, no functions of its own. Serving it serves its
     * dependencies, each under its install name, as Dagger does.
     */
    private ServedModule withoutSdk(ModuleSourceState s, List<ServedModule> deps) {
        CanonicalEncoder k = new CanonicalEncoder("dagj-served-module/v1").string("no-sdk").string(s.moduleName())
                .string(s.source().symbolic());
        for (ServedModule d : deps) {
            k.string(d.installName()).digest(d.key());
        }
        Digest servedKey = k.digest();
        return loaded.computeIfAbsent(servedKey, key -> new ServedModule(s.moduleName(), s, null, null,
                scope.engine().trees().emptyTree(), TypeDefs.ModuleDef.EMPTY, s.moduleName(), Map.of(), deps, key));
    }

    /** Dagger's rule: a module's API may use its dependencies' types inside, but never expose them. */
    private static void checkNoExternalTypes(TypeDefs.ModuleDef def, List<ServedModule> deps) throws ApiException {
        if (deps.isEmpty()) {
            return;
        }
        for (TypeDefs.TypeDef t : def.objects()) {
            TypeDefs.ObjectDef o = t.object();
            List<TypeDefs.FunctionDef> functions = new ArrayList<>(o.functions());
            if (o.constructor() != null) {
                functions.add(o.constructor());
            }
            for (TypeDefs.FunctionDef f : functions) {
                ServedModule from = owner(f.returnType(), def, deps);
                if (from != null) {
                    throw new ApiException("object " + quote(o.name()) + " function " + quote(f.name())
                            + " cannot return external type from dependency module " + quote(from.name()));
                }
                for (TypeDefs.ArgDef a : f.args()) {
                    ServedModule argFrom = owner(a.type(), def, deps);
                    if (argFrom != null) {
                        throw new ApiException("object " + quote(o.name()) + " function " + quote(f.name())
                                + " arg " + quote(a.name()) + " cannot reference external type from dependency module "
                                + quote(argFrom.name()));
                    }
                }
            }
            for (TypeDefs.FieldDef f : o.fields()) {
                ServedModule from = owner(f.type(), def, deps);
                if (from != null) {
                    throw new ApiException("object " + quote(o.name()) + " field " + quote(f.name())
                            + " cannot reference external type from dependency module " + quote(from.name()));
                }
            }
        }
        for (TypeDefs.TypeDef t : def.interfaces()) {
            for (TypeDefs.FunctionDef f : t.object().functions()) {
                ServedModule from = owner(f.returnType(), def, deps);
                if (from != null) {
                    throw new ApiException("interface " + quote(t.object().name()) + " function " + quote(f.name())
                            + " cannot return external type from dependency module " + quote(from.name()));
                }
                for (TypeDefs.ArgDef a : f.args()) {
                    ServedModule argFrom = owner(a.type(), def, deps);
                    if (argFrom != null) {
                        throw new ApiException("interface " + quote(t.object().name()) + " function "
                                + quote(f.name()) + " cannot accept arg " + quote(a.name())
                                + " of external type from dependency module " + quote(argFrom.name()));
                    }
                }
            }
        }
    }

    private static boolean definesInterface(TypeDefs.ModuleDef def, String name) {
        return def.interfaces().stream().anyMatch(i -> i.object() != null && i.object().name().equals(name));
    }

    /** The dependency that defines the type {@code t} refers to; null for core types and the module's own. */
    private static ServedModule owner(TypeDefs.TypeDef t, TypeDefs.ModuleDef own, List<ServedModule> deps) {
        while (t != null && t.kind() == TypeDefs.Kind.LIST) {
            t = t.elem();
        }
        if (t == null || t.name() == null || t.name().isEmpty() || own.object(t.name()) != null
                || own.enumDef(t.name()) != null || definesInterface(own, t.name())) {
            return null;
        }
        for (ServedModule d : deps) {
            if (d.definesObject(t.name()) || d.definesEnum(t.name()) || definesInterface(d.def(), t.name())) {
                return d;
            }
        }
        return null;
    }

    private TypeDefs.ModuleDef moduleDef(String moduleId, CallTranslator t, String name) throws ApiException {
        ApiObject o = t.replay(IdCodec.decode(moduleId));
        if (o instanceof ApiObject.ModuleApiObject m && m.value() instanceof ModuleValue.ModuleVal mv) {
            return mv.def();
        }
        throw new ApiException("module " + quote(name) + ": registering its types returned a "
                + o.typeName() + " ID, not a Module ID");
    }

    /** The SDK source directory with the generated code laid over it. */
    private Digest sourceDir(ModuleBuilds.Inputs in, ModuleSourceState s) throws EngineException, InterruptedException {
        TreeEditor trees = scope.engine().trees();
        String sub = SlashPaths.clean(s.sourceSubpath());
        Digest dir = sub.equals(".") || sub.isEmpty() ? in.sourceTree() : trees.subdir(in.sourceTree(), sub);
        if (dir == null) {
            dir = trees.emptyTree();
        }
        if (in.plugin() instanceof CodegenCapability) {
            dir = trees.merge(dir, services.builds().codegen(in).tree());
        }
        return dir;
    }

    /**
     * Runs one function of {@code m} (or registers its types, with {@code parentName} ""): the runtime container with
     * a nested session and {@code /.daggermod}, then its {@code returnValue} / {@code returnError}. Results are cached
     * by call (runtime key, parent, function, arguments) unless {@code policy} says otherwise; errors never are.
     *
     * @param policy {@code Default}, {@code PerSession}, {@code Never}, or null for no result caching
     */
    JsonNode invoke(ServedModule m, String parentName, String name, String parentJson,
            List<ModuleValue.ArgValueVal> args, String policy) throws EngineException, InterruptedException {
        return invoke(m, parentName, name, parentJson, args, policy, List.of());
    }

    /**
     * {@code implementations}: the modules of the objects behind the call's interface-typed arguments, known to the
     * call's nested session so that it can dispatch their functions (their keys are in the arguments already).
     */
    JsonNode invoke(ServedModule m, String parentName, String name, String parentJson,
            List<ModuleValue.ArgValueVal> args, String policy, List<ServedModule> implementations)
            throws EngineException, InterruptedException {
        scope.secrets().checkArguments(args.stream().map(ModuleValue.ArgValueVal::json).toList());
        Digest key = null;
        if (policy != null && !policy.equals("Never")) {
            CanonicalEncoder e = new CanonicalEncoder(CALL_DOMAIN).digest(m.key()).string(parentName)
                    .string(name).string(parentJson);
            for (ModuleValue.ArgValueVal a : args) {
                e.string(a.name()).string(a.json());
            }
            e.string(policy.equals("PerSession") || !cachesByDefault(m) ? sessionId : "");
            key = e.digest();
            byte[] hit = services.builds().lookup(key);
            if (hit != null) {
                return parse(hit, m, name);
            }
        }
        byte[] out = run(m, parentName, name, parentJson, args, implementations);
        if (key != null) {
            services.builds().record(key, out);
        }
        return parse(out, m, name);
    }

    private boolean cachesByDefault(ServedModule m) {
        var c = m.source().config();
        if (c != null && Boolean.TRUE.equals(c.disableDefaultFunctionCaching())) {
            return false;
        }
        return new EngineVersion(Engine.DAGGER_VERSION).cachesFunctionsByDefault(c == null ? "" : c.engineVersion());
    }

    private JsonNode parse(byte[] out, ServedModule m, String name) throws ApiException {
        try {
            return json.readTree(out);
        } catch (IOException e) {
            throw new ApiException(what(name) + ": the function returned invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String what(String name) {
        return name.isEmpty() ? "call constructor" : "call function " + quote(name);
    }

    private byte[] run(ServedModule m, String parentName, String name, String parentJson,
            List<ModuleValue.ArgValueVal> args, List<ServedModule> implementations)
            throws EngineException, InterruptedException {
        RecipeRunner runner = services.runner();
        Path daggermod = scope.engine().config().stateDir().resolve("module-runs").resolve("mod-" + SystemRandom.hex(16));
        try {
            Files.createDirectories(daggermod);
        } catch (IOException e) {
            throw new ApiException("cannot create " + daggermod + ": " + e.getMessage(), e);
        }
        try {
            FunctionCallContext ctx = new FunctionCallContext(m.name(), m.sourceDir(), cacheNamespace(m),
                    m.originalName(parentName), name, parentJson, args, daggermod);
            ExecResult r;
            try (Session nested = scope.engine().openSession(scope.engine().config().stateDir(),
                    ApiOptions.nested(ctx, scope.secrets(), m.dependencies())
                            .withInterfaces(m.asRegistered(), implementations))) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("DAGGER_SESSION_PORT", Integer.toString(nested.port()));
                env.put("DAGGER_SESSION_TOKEN", nested.token());
                env.put("DAGGER_ENGINE_NUM_CPU", Integer.toString(Runtime.getRuntime().availableProcessors()));
                r = runner.runRuntime(m.runtime().runtime(), new RecipeRunner.Inputs(null, null, null,
                        m.runtime().buildTree()), List.of(), List.of(new Mount.Bind(daggermod, "/.daggermod", false)),
                        env, null);
            }
            Path error = daggermod.resolve(FunctionCallContext.ERROR_FILE);
            if (Files.isRegularFile(error)) {
                throw returnedError(Files.readString(error, StandardCharsets.UTF_8).strip());
            }
            if (r.exitCode() != 0 || r.killed()) {
                throw execError(what(name), m.runtime().runtime().entrypoint(), r);
            }
            Path output = daggermod.resolve(FunctionCallContext.OUTPUT_FILE);
            if (!Files.isRegularFile(output)) {
                throw new ApiException(what(name) + ": the module runtime exited without returning a value");
            }
            return Files.readAllBytes(output);
        } catch (IOException e) {
            throw new ApiException(what(name) + ": cannot read the function's result: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(daggermod);
        }
    }

    /** Dagger's namespace for cache volumes a module creates: {@code mod(<name><symbolic ref>)}. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String cacheNamespace(ServedModule m) {
        return "mod(" + m.name() + m.source().source().symbolic() + ")";
    }

    private ApiException returnedError(String errorId) throws ApiException {
        CallTranslator t = new CallTranslator(new ModuleSteps(this));
        ApiObject o = t.replay(IdCodec.decode(errorId));
        if (!(o instanceof ApiObject.ModuleApiObject mo) || !(mo.value() instanceof ModuleValue.ErrorVal err)) {
            return new ApiException("the function returned an error that is not an Error ID");
        }
        Map<String, Object> ext = new LinkedHashMap<>();
        for (ModuleValue.ErrorValueVal v : err.values()) {
            try {
                Object value = json.readValue(v.json(), Object.class);
                if (value != null) {
                    ext.put(v.name(), value);
                }
            } catch (IOException e) {
                ext.put(v.name(), v.json());
            }
        }
        return new ExtendedApiException(err.message(), ext);
    }

    static ExtendedApiException execError(String what, List<String> cmd, ExecResult r) {
        String stdout = r.stdout().text();
        String stderr = r.stderr().text();
        StringBuilder msg = new StringBuilder(what).append(": process \"").append(String.join(" ", cmd))
                .append("\" did not complete successfully: exit code: ").append(r.exitCode());
        if (!stdout.isBlank()) {
            msg.append("\n\nStdout:\n").append(stdout.strip());
        }
        if (!stderr.isBlank()) {
            msg.append("\n\nStderr:\n").append(stderr.strip());
        }
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("_type", "EXEC_ERROR");
        ext.put("cmd", List.copyOf(cmd));
        ext.put("exitCode", r.exitCode());
        ext.put("stdout", stdout);
        ext.put("stderr", stderr);
        return new ExtendedApiException(msg.toString(), ext);
    }
}
