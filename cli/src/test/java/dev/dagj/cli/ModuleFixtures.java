package dev.dagj.cli;

import dev.dagj.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
    /** Copies the tree at {@code from} to {@code to} (a fixture module into a test's temp dir). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

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
