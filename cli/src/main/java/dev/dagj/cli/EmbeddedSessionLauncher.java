package dev.dagj.cli;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.api.CoreSchema;
import dev.dagj.engine.module.ModuleServices;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The default launcher: an engine embedded in this process, over the requested state directory, with the built-in SDK
 * plugins of the distribution ({@code plugins/} beside {@code lib/}, or {@value #PLUGINS_ENV}).
 */
final class EmbeddedSessionLauncher implements SessionLauncher {
    static final String PLUGINS_ENV = "DAGJ_PLUGINS_DIR";

    private final Map<String, String> env;
    private CoreSchema schema;

    EmbeddedSessionLauncher(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public synchronized void prepare() {
        if (schema == null) {
            schema = CoreSchema.parseInBackground();
        }
    }

    @Override
    public LaunchedSession launch(SessionRequest request) throws EngineException {
        CoreSchema parsed;
        synchronized (this) {
            parsed = schema;
            schema = null;
        }
        Engine engine = Engine.open(new EngineConfig(request.stateDir(), request.progress()), modules(), parsed);
        try {
            return new Embedded(engine, engine.openSession(request.workdir()));
        } catch (EngineException | RuntimeException e) {
            try {
                engine.close();
            } catch (EngineException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private ModuleServices.Config modules() {
        Path plugins = pluginsDir();
        return plugins == null ? ModuleServices.Config.none() : ModuleServices.Config.fromPluginsDir(plugins, env);
    }

    /** {@value #PLUGINS_ENV}, else the distribution's plugins/ (this class runs from dist/lib/cli-*.jar), else none. */
    Path pluginsDir() {
        String explicit = env.get(PLUGINS_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        java.security.CodeSource source = EmbeddedSessionLauncher.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return null;
        }
        try {
            Path lib = Path.of(source.getLocation().toURI()).getParent();
            Path candidate = lib == null || lib.getParent() == null ? null : lib.getParent().resolve("plugins");
            return candidate != null && Files.isDirectory(candidate) ? candidate : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private record Embedded(Engine engine, Session session) implements LaunchedSession {
        @Override
        public void close() throws EngineException {
            try {
                session.close();
            } finally {
                engine.close();
            }
        }
    }
}
