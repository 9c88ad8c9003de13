package dev.dagj.cli;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * For integration tests that need engine features built elsewhere: asks the real launcher's engine whether its schema
 * has a type (modules need {@code ModuleSource}), and whether an image can be pulled, so such tests are skipped, with
 * the reason, on an engine or machine without them, and run as soon as it has them.
 */
final class EngineFeatures {
    private EngineFeatures() {
    }

    static boolean hasType(Path stateDir, String type) throws Exception {
        Result r = query(stateDir, "{ __type(name: \"" + type + "\") { name } }", Duration.ofSeconds(60));
        return r.exit() == 0 && r.out().contains("\"name\": \"" + type + "\"");
    }

    static boolean canPull(Path stateDir, String image) throws Exception {
        if (!hasType(stateDir, "Container")) {
            return false;
        }
        return query(stateDir, "{ container { from(address: \"" + image + "\") { sync } } }", Duration.ofSeconds(300))
                .exit() == 0;
    }

    /** {@code dagger query} of {@code q}, run in an empty temp dir that is removed afterwards. */
    private static Result query(Path stateDir, String q, Duration timeout) throws Exception {
        Path dir = Files.createTempDirectory("dagj-it-probe");
        try {
            return DistLauncher.dagger(dir, stateDir, q, timeout, "query");
        } finally {
            Files.delete(dir);
        }
    }
}
