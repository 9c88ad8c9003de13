package dev.dagj.engine.module;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.CacheIndex;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.plugin.CodegenCapability;
import dev.dagj.plugin.ContainerRecipe;
import dev.dagj.plugin.ModuleSourceView;
import dev.dagj.plugin.RecipeMount;
import dev.dagj.plugin.RuntimeCapability;
import dev.dagj.plugin.SdkException;
import dev.dagj.plugin.SdkPlugin;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Code generation and runtime builds of modules, cached in the engine's cache index under a key that covers
 * everything they depend on: the module's source content (its uploaded tree), its dagger.json, the SDK plugin's name
 * and version, the API schema the module sees (digest of the introspection), and the recipe itself, including the
 * versions it declares (the toolchain). Changing any of these builds again; nothing else does. Equal concurrent builds
 * of one key run once.
 */
public final class ModuleBuilds {
    /** byte[] compares by identity, so this is an identity map. */
    private static final Map<byte[], Digest> DIGESTS = new WeakHashMap<>();
    private final ContentStore store;
    private final CacheIndex index;
    private final RecipeRunner runner;
    private final Map<String, String> settings;
    private final Map<Digest, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ModuleBuilds(ContentStore store, CacheIndex index, RecipeRunner runner, Map<String, String> settings) {
        this.store = store;
        this.index = index;
        this.runner = runner;
        this.settings = Map.copyOf(settings);
    }

    public RecipeRunner runner() {
        return runner;
    }

    /**
     * One module as a build sees it.
     *
     * @param sourceTree    the module's own files in context-directory layout (see {@link RecipeMount.ModuleSource})
     * @param configJson    the dagger.json the build is for (pending edits included)
     * @param introspection the API introspection JSON the module's code is generated against
     */
    public record Inputs(SdkPlugin plugin, ModuleSourceView view, Digest sourceTree, byte[] configJson,
            byte[] introspection) {
        Digest schemaDigest() {
            return digestOf(introspection);
        }
    }

    /** Generated code: the output tree (paths relative to the SDK source dir) and the VCS paths. */
    public record Generated(Digest key, Digest tree, List<String> vcsGeneratedPaths, List<String> vcsIgnoredPaths) {
    }

    /** A built runtime: what to run for registration and calls. */
    public record Runtime(Digest key, Digest buildTree, ContainerRecipe runtime) {
    }

    /** The plugin's codegen description (no build). */
    public CodegenCapability.Result describeCodegen(Inputs in) throws ModuleException {
        if (!(in.plugin() instanceof CodegenCapability cg)) {
            throw new ModuleException(SdkSelection.quote(in.plugin().name())
                    + " SDK does not support module generation");
        }
        try {
            return cg.codegen(new CodegenCapability.Request(in.view(), RecipeRunner.utf8(in.introspection()),
                    settings));
        } catch (SdkException e) {
            throw new ModuleException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModuleException("the " + in.plugin().name() + " SDK plugin failed: " + e, e);
        }
    }

    /** Runs (or reuses) the module's code generation. */
    public Generated codegen(Inputs in) throws EngineException, InterruptedException {
        CodegenCapability.Result r = describeCodegen(in);
        Digest key = key("dagj-module-codegen/v1", in, r.recipe());
        Digest tree = cached(key, () -> runner.build(r.recipe(), new RecipeRunner.Inputs(in.sourceTree(),
                in.introspection(), null, null), "codegen of module " + quoteName(in)));
        return new Generated(key, tree, r.vcsGeneratedPaths(), r.vcsIgnoredPaths());
    }

    /** Builds (or reuses) the module's runtime, running codegen first when the build needs it. */
    public Runtime runtime(Inputs in) throws EngineException, InterruptedException {
        if (!(in.plugin() instanceof RuntimeCapability rc)) {
            throw new ModuleException(SdkSelection.quote(in.plugin().name())
                    + " SDK does not support defining and executing functions");
        }
        RuntimeCapability.Result r;
        try {
            r = rc.moduleRuntime(new RuntimeCapability.Request(in.view(), RecipeRunner.utf8(in.introspection()),
                    settings));
        } catch (SdkException e) {
            throw new ModuleException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModuleException("the " + in.plugin().name() + " SDK plugin failed: " + e, e);
        }
        boolean needsCodegen = r.build().mounts().stream().anyMatch(m -> m instanceof RecipeMount.GeneratedCode);
        CanonicalEncoder e = keyEncoder("dagj-module-runtime/v1", in, r.build()).string(recipeText(r.runtime()));
        if (needsCodegen) {
            CodegenCapability.Result cg = describeCodegen(in);
            e.digest(key("dagj-module-codegen/v1", in, cg.recipe()));
        }
        Digest key = e.digest();
        Digest tree = cached(key, () -> {
            Digest generated = needsCodegen ? codegen(in).tree() : null;
            return runner.build(r.build(), new RecipeRunner.Inputs(in.sourceTree(), in.introspection(), generated,
                    null), "build of module " + quoteName(in));
        });
        return new Runtime(key, tree, r.runtime());
    }

    /** A small result recorded under {@code key} (type definitions, function results), or null. */
    public byte[] lookup(Digest key) throws EngineException {
        Digest blob = index.get(key);
        if (blob == null || !store.has(blob)) {
            return null;
        }
        return store.readBytes(blob);
    }

    public void record(Digest key, byte[] value) throws EngineException {
        index.put(key, store.putBytes(value));
    }

    private interface Build {
        Digest run() throws EngineException, InterruptedException;
    }

    private Digest cached(Digest key, Build build) throws EngineException, InterruptedException {
        Digest hit = index.get(key);
        if (hit != null && store.hasTree(hit)) {
            return hit;
        }
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            hit = index.get(key);
            if (hit != null && store.hasTree(hit)) {
                return hit;
            }
            Digest tree = build.run();
            index.put(key, tree);
            return tree;
        } finally {
            lock.unlock();
            locks.remove(key, lock);
        }
    }

    private static String quoteName(Inputs in) {
        return SdkSelection.quote(in.view().moduleName());
    }

    private static Digest key(String domain, Inputs in, ContainerRecipe recipe) {
        return keyEncoder(domain, in, recipe).digest();
    }

    private static CanonicalEncoder keyEncoder(String domain, Inputs in, ContainerRecipe recipe) {
        ModuleSourceView v = in.view();
        return new CanonicalEncoder(domain)
                .string(in.plugin().name()).string(in.plugin().version())
                .digest(in.sourceTree()).digest(Digest.of(in.configJson())).digest(in.schemaDigest())
                .string(v.moduleName()).string(v.sourceSubpath()).string(v.sourceRootSubpath())
                .string(v.engineVersion()).string(new TreeMap<>(v.sdkConfig()).toString())
                .string(recipeText(recipe));
    }

    /**
     * The digest of {@code bytes}, computed once per array: every build key of a run hashes the same introspection JSON
     * and the same plugin files again (they are never modified once made). Keyed by the array's identity, and weakly,
     * so arrays a run no longer holds are not kept.
     */
    private static Digest digestOf(byte[] bytes) {
        synchronized (DIGESTS) {
            Digest d = DIGESTS.get(bytes);
            if (d == null) {
                d = Digest.of(bytes);
                DIGESTS.put(bytes, d);
            }
            return d;
        }
    }

    /** A canonical description of a recipe (plugin file contents by digest, versions sorted). */
    static String recipeText(ContainerRecipe r) {
        StringBuilder b = new StringBuilder();
        b.append("base=").append(r.base().getClass().getSimpleName());
        if (r.base() instanceof ContainerRecipe.Base.Image i) {
            b.append(':').append(i.ref());
        }
        b.append("\nmounts=");
        for (RecipeMount m : r.mounts()) {
            b.append('\n').append(m.getClass().getSimpleName()).append(' ').append(m.path());
            // instanceof, not a pattern switch, on every warm call's path: see CallId
            if (m instanceof RecipeMount.PluginFiles pf) {
                new TreeMap<>(pf.files()).forEach((k, v) ->
                        b.append(' ').append(k).append('=').append(digestOf(v).hex(), 0, 16));
            } else if (m instanceof RecipeMount.Cache c) {
                b.append(' ').append(c.key()).append(' ').append(c.sharing());
            } else if (m instanceof RecipeMount.HostPath h) {
                b.append(' ').append(h.hostPath());
            } else if (m instanceof RecipeMount.BuildOutput o) {
                b.append(' ').append(o.subpath());
            }
        }
        b.append("\nsteps=");
        for (ContainerRecipe.Step s : r.steps()) {
            b.append('\n').append(s.args()).append(' ').append(new TreeMap<>(s.env()));
        }
        b.append("\nenv=").append(new TreeMap<>(r.env()));
        b.append("\nworkdir=").append(r.workdir());
        b.append("\nentrypoint=").append(r.entrypoint());
        b.append("\nversions=").append(new TreeMap<>(r.versions()));
        return b.toString();
    }
}
