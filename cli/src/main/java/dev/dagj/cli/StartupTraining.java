package dev.dagj.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Build-time only: runs a few typical invocations in one JVM so that the JVM can record the classes they load into the
 * distribution's start-up archive (see the {@code startup-archive} execution in the cli pom). Output is discarded;
 * failures are ignored, since the archive is an optimisation.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    /** {@code args[0]}: a scratch directory for the engine state the training queries create. */
    public static void main(String[] args) throws IOException {
        Path scratch = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(scratch);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of();
        String state = scratch.resolve("state").toString();
        run(sink, env, scratch, "", "version");
        run(sink, env, scratch, "", "--help");
        run(sink, env, scratch, "", "query", "--bogus-flag");
        run(sink, env, scratch, "{ version }", "--state-dir", state, "query");
        run(sink, env, scratch, "{ directory { withNewFile(path: \"a.txt\", contents: \"a\") { entries } } }",
                "--state-dir", state, "-v", "query");
    }

    private static void run(PrintStream sink, Map<String, String> env, Path cwd, String stdin, String... args) {
        Main.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), sink, sink, env, cwd, args);
    }
}
