package dev.dagj.cli;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;

/** The default launcher: an engine embedded in this process, over the requested state directory. */
final class EmbeddedSessionLauncher implements SessionLauncher {
    @Override
    public LaunchedSession launch(SessionRequest request) throws EngineException {
        Engine engine = Engine.open(new EngineConfig(request.stateDir(), request.progress()));
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
