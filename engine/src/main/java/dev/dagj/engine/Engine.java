package dev.dagj.engine;

import dev.dagj.engine.api.ApiOptions;
import dev.dagj.engine.module.ModuleServices;
import dev.dagj.engine.session.HttpSession;
import dev.dagj.engine.solve.OpEvaluator;
import dev.dagj.engine.solve.Solver;
import dev.dagj.engine.store.CacheIndex;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import dev.dagj.engine.store.TreeEditor;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One engine over one state directory: the content store, the cache index and the solver, shared by every session
 * opened on it. Embedded in the CLI process by default.
 */
public final class Engine implements AutoCloseable {
    /** The Dagger API version this engine is compatible with (what {@code Query.version} returns). */
    public static final String DAGGER_VERSION = "v0.19.11";

    private final EngineConfig config;
    private final ContentStore store;
    private final CacheIndex index;
    private final TreeEditor trees;
    private final Solver solver;
    private final ExecutorService executor;
    private final ModuleServices modules;

    private Engine(EngineConfig config, ContentStore store, CacheIndex index, ExecutorService executor,
            ModuleServices.Config modules) throws EngineException {
        this.config = config;
        this.store = store;
        this.index = index;
        this.executor = executor;
        this.trees = new TreeEditor(store);
        this.solver = new Solver(store, index, OpEvaluator.forTrees(store), executor);
        this.modules = ModuleServices.create(modules, store, index, config.stateDir(), System.getenv());
    }

    /** An engine without SDK plugins (modules with an SDK cannot be loaded). */
    public static Engine open(EngineConfig config) throws EngineException {
        return open(config, ModuleServices.Config.none());
    }

    /** An engine that loads modules with the SDK plugins and executor of {@code modules}. */
    public static Engine open(EngineConfig config, ModuleServices.Config modules) throws EngineException {
        ContentStore store = ContentStore.open(config.stateDir());
        CacheIndex index = CacheIndex.open(config.stateDir());
        return new Engine(config, store, index, Executors.newVirtualThreadPerTaskExecutor(), modules);
    }

    /** SDK plugins, recipe runner and module build cache. */
    public ModuleServices modules() {
        return modules;
    }

    public EngineConfig config() {
        return config;
    }

    public ContentStore store() {
        return store;
    }

    public TreeEditor trees() {
        return trees;
    }

    public Solver solver() {
        return solver;
    }

    /**
     * Opens a session on this engine: a GraphQL endpoint on 127.0.0.1 (see {@link Session}) whose relative host
     * paths resolve against {@code workdir} (the CLI passes its working directory). Close it when the client is done.
     */
    public Session openSession(Path workdir) throws EngineException {
        return HttpSession.open(this, workdir);
    }

    /**
     * Opens a session with the given API options: a nested session for a function runtime (no {@code host}, the
     * call's context), or a main session.
     */
    public Session openSession(Path workdir, ApiOptions options) throws EngineException {
        return HttpSession.open(this, workdir, options);
    }

    @Override
    public void close() throws EngineException {
        executor.shutdownNow();
        index.close();
    }
}
