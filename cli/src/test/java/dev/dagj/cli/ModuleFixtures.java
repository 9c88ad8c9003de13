package dev.dagj.cli;

import dev.dagj.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return goModule(dir, name, Map.of());
    }

    /** A Go module's {@code dagger.json} in {@code dir} with {@code dependencies} (install name to source, in order). */
    static Path goModule(Path dir, String name, Map<String, String> dependencies) throws IOException {
        Files.createDirectories(dir);
        StringBuilder deps = new StringBuilder();
        dependencies.forEach((dep, source) -> deps.append(deps.isEmpty() ? "" : ",\n")
                .append("    {\n      \"name\": \"").append(dep).append("\",\n      \"source\": \"").append(source)
                .append("\"\n    }"));
        Files.writeString(dir.resolve("dagger.json"), """
                {
                  "name": "%s",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  }%s
                }
                """.formatted(name, dependencies.isEmpty() ? "" : ",\n  \"dependencies\": [\n" + deps + "\n  ]"));
        return dir;
    }

    /** {@link #goModule(Path, String, Map)} with its {@code go.mod} and the given {@code main.go}. */
    static Path goSource(Path dir, String name, String mainGo, Map<String, String> dependencies) throws IOException {
        goModule(dir, name, dependencies);
        Files.writeString(dir.resolve("go.mod"), "module dagger/" + name + "\n\ngo 1.21\n");
        Files.writeString(dir.resolve("main.go"), mainGo);
        return dir;
    }
}
