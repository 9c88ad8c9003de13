package dev.dagj.engine;

import dev.dagj.engine.exec.BackendPreference;
import dev.dagj.engine.image.RegistryConfig;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to open an engine: the state directory holding the content store, cache index, snapshots and volumes; where
 * per-vertex progress events go (the CLI prints them with {@code -v}); which executor backend to use; registry
 * credentials and insecure hosts.
 */
public record EngineConfig(Path stateDir, Progress progress, BackendPreference backend, RegistryConfig registry) {
    public static final String STATE_DIR_ENV = "DAGJ_STATE_DIR";

    /** Backend from {@value BackendPreference#ENV} (default auto); no registry credentials. */
    public EngineConfig(Path stateDir, Progress progress) {
        this(stateDir, progress, BackendPreference.parse(System.getenv(BackendPreference.ENV)), RegistryConfig.DEFAULT);
    }

    public EngineConfig withBackend(BackendPreference b) {
        return new EngineConfig(stateDir, progress, b, registry);
    }

    public EngineConfig withRegistry(RegistryConfig r) {
        return new EngineConfig(stateDir, progress, backend, r);
    }

    /**
     * The state directory from, in order: the explicit value, {@value #STATE_DIR_ENV}, {@code $XDG_CACHE_HOME/dagj},
     * {@code ~/.cache/dagj}.
     */
    public static Path defaultStateDir(String explicit, Map<String, String> env) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String e = env.get(STATE_DIR_ENV);
        if (e != null && !e.isBlank()) {
            return Path.of(e).toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "dagj");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "dagj");
    }
}
