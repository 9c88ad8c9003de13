package dev.dagj.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one CLI invocation may touch of its process: standard streams, environment and working directory. Commands
 * read these instead of {@code System.in/out/err}, {@code System.getenv()} and {@code user.dir}, so tests can run the
 * CLI in-process.
 */
record Invocation(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
    Invocation {
        env = Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
    }

    /** {@code path} resolved against the working directory (absolute paths stay as they are). */
    Path resolve(String path) {
        return cwd.resolve(path).normalize();
    }
}
