package dev.dagj.engine;

import dev.dagj.engine.container.CacheVolumes;
import dev.dagj.engine.container.ContainerEvaluator;
import dev.dagj.engine.container.SecretVault;
import dev.dagj.engine.exec.ContainerExecutor;
import dev.dagj.engine.exec.ExecConfig;
import dev.dagj.engine.exec.ExecutorSelection;
import dev.dagj.engine.exec.StaleStateCleaner;
import dev.dagj.engine.image.ImageStore;
import dev.dagj.engine.image.RegistryClient;
import dev.dagj.engine.image.SnapshotStore;
import dev.dagj.engine.api.ApiOptions;
import dev.dagj.engine.api.CoreSchema;
import dev.dagj.engine.module.ModuleServices;
import dev.dagj.engine.session.HttpSession;
import dev.dagj.engine.solve.OpEvaluator;
import dev.dagj.engine.solve.Solver;
import dev.dagj.engine.store.CacheIndex;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.TreeEditor;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * One engine over one state directory: the content store, the cache index, the solver, image snapshots, the
 * container executor, cache volumes and in-memory secrets, shared by every session opened on it. Embedded in the CLI
 * process by default.
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
    private final StaleStateCleaner cleaner;
    private final RegistryClient registry;
    private final SnapshotStore snapshots;
    private final SecretVault secrets;
    private final ContainerEvaluator containers;
    private final ModuleServices modules;
    private final CoreSchema coreSchema;
    private final ImageStore.Resolved resolvedImages = new ImageStore.Resolved();

    private Engine(EngineConfig config, CoreSchema coreSchema, ContentStore store, CacheIndex index,
            ExecutorService executor, ModuleServices.Config modules, UnaryOperator<ContainerExecutor> wrapExecutor)
            throws EngineException {
        this.config = config;
        this.coreSchema = coreSchema;
        this.store = store;
        this.index = index;
        this.executor = executor;
        this.trees = new TreeEditor(store);
        ExecConfig exec = ExecConfig.defaults(config.stateDir(), System.getenv()).withPreference(config.backend());
        this.cleaner = new StaleStateCleaner(exec);
        cleaner.clean();
        this.registry = new RegistryClient(config.registry(), store);
        this.snapshots = SnapshotStore.open(store);
        this.secrets = SecretVault.open(store.root());
        this.containers = new ContainerEvaluator(store, newImageStore(),
                wrapExecutor.apply(new ExecutorSelection(exec)), new CacheVolumes(store), secrets);
        this.solver = new Solver(store, index, OpEvaluator.forEngine(store, containers), executor);
        this.modules = ModuleServices.create(modules, store, index, config.stateDir(), System.getenv());
    }

    /** An engine without SDK plugins (modules with an SDK cannot be loaded). */
    public static Engine open(EngineConfig config) throws EngineException {
        return open(config, ModuleServices.Config.none(), UnaryOperator.identity());
    }

    /** An engine that loads modules with the SDK plugins and executor of {@code modules}. */
    public static Engine open(EngineConfig config, ModuleServices.Config modules) throws EngineException {
        return open(config, modules, UnaryOperator.identity());
    }

    /**
     * An engine without SDK plugins whose container executor is {@code wrapExecutor} applied to the real one (tests
     * and benchmarks count or time process starts this way).
     */
    public static Engine open(EngineConfig config, UnaryOperator<ContainerExecutor> wrapExecutor)
            throws EngineException {
        return open(config, ModuleServices.Config.none(), wrapExecutor);
    }

    private static Thread solverThread(Runnable r) {
        Thread t = new Thread(r, "dagj-solve");
        t.setDaemon(true);
        return t;
    }

    /**
     * An engine that loads modules with the SDK plugins of {@code modules} and uses {@code schema}, a core schema
     * whose parse started earlier (the CLI starts it before parsing its arguments); null to start one now.
     */
    public static Engine open(EngineConfig config, ModuleServices.Config modules, CoreSchema schema)
            throws EngineException {
        return open(config, modules, UnaryOperator.identity(), schema);
    }

    /** The general form: SDK plugins for modules, and a wrapper around the container executor. */
    public static Engine open(EngineConfig config, ModuleServices.Config modules,
            UnaryOperator<ContainerExecutor> wrapExecutor) throws EngineException {
        return open(config, modules, wrapExecutor, null);
    }

    private static Engine open(EngineConfig config, ModuleServices.Config modules,
            UnaryOperator<ContainerExecutor> wrapExecutor, CoreSchema parsed) throws EngineException {
        CoreSchema schema = parsed != null ? parsed : CoreSchema.parseInBackground();
        ContentStore store = ContentStore.open(config.stateDir());
        CacheIndex index = CacheIndex.open(config.stateDir());
        try {
            // Platform threads, not virtual ones: evaluations spawn processes and block on their pipes, which pins
            // virtual threads' carriers; measured, an exec through the API took about 34 ms on virtual threads and
            // 22-25 ms on these.
            return new Engine(config, schema, store, index, Executors.newCachedThreadPool(Engine::solverThread),
                    modules, wrapExecutor);
        } catch (EngineException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /** The core API schema, parsed once for every session of this engine. */
    public CoreSchema coreSchema() {
        return coreSchema;
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

    /** A new image view (tags resolve once per view; create one per session) over this engine's store. */
    public ImageStore newImageStore() {
        return new ImageStore(store, snapshots, registry, resolvedImages);
    }

    public ContainerEvaluator containers() {
        return containers;
    }

    public SecretVault secrets() {
        return secrets;
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
        registry.close();
        index.close();
        cleaner.releaseRunsDir();
    }
}
