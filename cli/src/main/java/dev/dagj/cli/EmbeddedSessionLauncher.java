package dev.dagj.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.api.CoreSchema;
import dev.dagj.engine.module.ModuleServices;
import dev.dagj.engine.solve.Progress;
import dev.dagj.engine.op.Vertex;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The default launcher: an engine embedded in this process, over the requested state directory, with the built-in SDK
 * plugins of the distribution ({@code plugins/} beside {@code lib/}, or {@value #PLUGINS_ENV}).
 */
final class EmbeddedSessionLauncher implements SessionLauncher {
    static final String PLUGINS_ENV = "DAGJ_PLUGINS_DIR";

    private final Map<String, String> env;
    private Prepared prepared;

    EmbeddedSessionLauncher(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Opens the engine and a session for the expected directories on a spare core while picocli builds the command
     * model on the main thread (measured: the two overlap almost entirely, about 100 ms of a warm {@code call}).
     */
    @Override
    public synchronized void prepare(Path stateDir, Path workdir, boolean schemaAhead) {
        if (prepared != null) {
            return;
        }
        // Parsing takes about 55 ms of CPU that a warm `functions` does not need: on two cores it would compete with
        // the command's own start.
        CoreSchema parsing = schemaAhead ? CoreSchema.parseInBackground() : CoreSchema.parseOnDemand();
        SwitchedProgress progress = new SwitchedProgress();
        CompletableFuture<Embedded> opening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("dagj-json-warmup").start(EmbeddedSessionLauncher::warmJson);
        Thread.ofPlatform().daemon().name("dagj-engine-open").start(() -> {
            Embedded e;
            try {
                e = open(new EngineConfig(stateDir, progress), parsing, workdir);
            } catch (EngineException | RuntimeException | Error failure) {
                opening.completeExceptionally(failure);
                return;
            }
            opening.complete(e);
            // The command's own first use of a plugin waits for this load instead of starting another.
            e.engine().modules().sdks().plugins().preload();
        });
        prepared = new Prepared(stateDir, workdir, progress, opening);
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
        Prepared p;
        synchronized (this) {
            p = prepared;
            prepared = null;
        }
        if (p != null) {
            if (p.stateDir().equals(request.stateDir()) && p.workdir().equals(request.workdir())) {
                p.progress().target = request.progress();
                return p.await();
            }
            p.discard();
        }
        return open(new EngineConfig(request.stateDir(), request.progress()), null, request.workdir());
    }

    @Override
    public void discardPrepared() {
        Prepared p;
        synchronized (this) {
            p = prepared;
            prepared = null;
        }
        if (p != null) {
            p.discard();
        }
    }

    private Embedded open(EngineConfig config, CoreSchema parsed, Path workdir) throws EngineException {
        Engine engine = Engine.open(config, modules(), parsed);
        try {
            return new Embedded(engine, engine.openSession(workdir));
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

    /** Progress events go to whatever the command asks for once its flags are parsed; none until then. */
    private static final class SwitchedProgress implements Progress {
        volatile Progress target = Progress.NONE;

        @Override
        public void vertex(Vertex v, Status status, long nanos) {
            target.vertex(v, status, nanos);
        }
    }

    /** An engine and session being opened in the background for the directories a command is expected to use. */
    private record Prepared(Path stateDir, Path workdir, SwitchedProgress progress,
            CompletableFuture<Embedded> opening) {
        Embedded await() throws EngineException {
            try {
                return opening.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof EngineException ee) {
                    throw ee;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }

        /** Waits for the opening to end and closes what it opened; its failure, if any, is nobody's to report. */
        void discard() {
            try {
                opening.join().close();
            } catch (EngineException | RuntimeException e) {
                // The command did not need this engine; the state it opened is left consistent either way.
            }
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
