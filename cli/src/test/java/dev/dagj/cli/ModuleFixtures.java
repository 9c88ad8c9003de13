package dev.dagj.cli;

import dev.dagj.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Module directories on disk and a launcher over any session, for the module command tests. */
final class ModuleFixtures {
    private ModuleFixtures() {
    }

    /** A launcher that hands out {@code session} and counts launches. */
    static final class Launcher implements SessionLauncher {
        final Session session;
        final List<SessionRequest> requests = new ArrayList<>();

        Launcher(Session session) {
            this.session = session;
        }

        @Override
        public LaunchedSession launch(SessionRequest request) {
            requests.add(request);
            return new LaunchedSession() {
                @Override
                public Session session() {
                    return session;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Writes {@code dir/dagger.json} for a Go module called {@code name} and returns {@code dir}. */
    static Path goModule(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dagger.json"), """
                {
                  "name": "%s",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  }
                }
                """.formatted(name));
        return dir;
    }
}
