package dev.dagj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.api.CoreSchema;
import dev.dagj.engine.module.ModuleServices;
import java.io.IOException;
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
            Thread.ofPlatform().daemon().name("dagj-json-warmup").start(EmbeddedSessionLauncher::warmJson);
        }
    }

    /**
     * Initialises Jackson's databind (about 70-150 ms of class initialisation in a fresh JVM, which the engine's
     * first {@code ObjectMapper} would otherwise pay on the main thread while it opens) on a spare core while picocli
     * builds the command model. Failures are left to the real uses to report.
     */
    private static void warmJson() {
        try {
            ObjectMapper json = new ObjectMapper();
            json.writeValueAsBytes(json.readValue("{\"a\":[1,\"b\",true,null,{\"c\":1.5}]}", Map.class));
        } catch (IOException | RuntimeException e) {
            // Nothing to do: this only loads classes early.
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
