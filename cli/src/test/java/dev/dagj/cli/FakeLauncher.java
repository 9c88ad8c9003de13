package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Hands out one {@link FakeSession} and records the requests it was launched with. */
final class FakeLauncher implements SessionLauncher {
    final FakeSession session;
    final List<SessionRequest> requests = new ArrayList<>();
    private final Consumer<SessionRequest> onLaunch;

    FakeLauncher(FakeSession session) {
        this(session, r -> { });
    }

    FakeLauncher(FakeSession session, Consumer<SessionRequest> onLaunch) {
        this.session = session;
        this.onLaunch = onLaunch;
    }

    @Override
    public LaunchedSession launch(SessionRequest request) {
        requests.add(request);
        onLaunch.accept(request);
        return new LaunchedSession() {
            @Override
            public Session session() {
                return session;
            }

            @Override
            public void close() throws EngineException {
                session.close();
            }
        };
    }
}
