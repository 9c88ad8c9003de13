package dev.dagj.engine.module;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.exec.ContainerExecutor;
import dev.dagj.engine.exec.ExecConfig;
import dev.dagj.engine.exec.ExecutorSelection;
import dev.dagj.engine.store.CacheIndex;
import dev.dagj.engine.store.ContentStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an engine needs to load and run modules, shared by its sessions: SDK plugins, the executor that runs their
 * recipes and function runtimes, and the build cache. Also holds the engine-wide memo of the API introspection that
 * modules are generated against (it depends only on the engine's schema).
 */
public final class ModuleServices {
    /** The environment variable naming the Go toolchain (GOROOT) the Go SDK uses. */
    public static final String GO_ROOT_ENV = "DAGJ_GO_ROOT";

    private final SdkSelection sdks;
    private final ContainerExecutor executor;
    private final RecipeRunner runner;
    private final ModuleBuilds builds;
    private final Map<String, byte[]> introspections = new ConcurrentHashMap<>();

    private ModuleServices(SdkSelection sdks, ContainerExecutor executor, RecipeRunner runner, ModuleBuilds builds) {
        this.sdks = sdks;
        this.executor = executor;
        this.runner = runner;
        this.builds = builds;
    }

    /**
     * How an engine loads modules.
     *
     * @param plugins  where SDK plugins come from
     * @param executor runs recipes and function runtimes; null for the default {@link ExecutorSelection}
     * @param settings settings passed to SDK plugins (e.g. {@code go.root})
     */
    public record Config(SdkPluginSource plugins, ContainerExecutor executor, Map<String, String> settings) {
        public Config {
            settings = Map.copyOf(settings);
        }

        /** No SDK plugins: modules with an SDK fail to load with a message saying so. */
        public static Config none() {
            return new Config(SdkPluginSource.none(), null, Map.of());
        }

        /** Plugins from {@code pluginsDir} (PF4J), settings from the environment ({@value #GO_ROOT_ENV}). */
        public static Config fromPluginsDir(Path pluginsDir, Map<String, String> env) {
            return new Config(new Pf4jSdkPluginSource(pluginsDir), null, settingsFrom(env));
        }

        /** The plugin settings an environment gives: {@code go.root} from {@value ModuleServices#GO_ROOT_ENV}. */
        public static Map<String, String> settingsFrom(Map<String, String> env) {
            Map<String, String> s = new HashMap<>();
            String goRoot = env.get(GO_ROOT_ENV);
            if (goRoot != null && !goRoot.isBlank()) {
                s.put("go.root", goRoot);
            }
            return s;
        }
    }

    public static ModuleServices create(Config config, ContentStore store, CacheIndex index, Path stateDir,
            Map<String, String> env) throws EngineException {
        ContainerExecutor executor = config.executor() != null ? config.executor()
                : new ExecutorSelection(ExecConfig.defaults(stateDir, env));
        RecipeRunner runner = new RecipeRunner(store, executor, stateDir);
        return new ModuleServices(new SdkSelection(config.plugins()), executor, runner,
                new ModuleBuilds(store, index, runner, config.settings()));
    }

    public SdkSelection sdks() {
        return sdks;
    }

    public ContainerExecutor executor() {
        return executor;
    }

    public RecipeRunner runner() {
        return runner;
    }

    public ModuleBuilds builds() {
        return builds;
    }

    /** The introspection JSON memoized under {@code key}, computed once. */
    public byte[] introspection(String key, java.util.function.Supplier<byte[]> compute) {
        return introspections.computeIfAbsent(key, k -> compute.get());
    }
}
