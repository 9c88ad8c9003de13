package dev.dagj.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The outcome of one in-process CLI invocation: exit code and everything printed. */
record CliRun(int exit, String out, String err) {
    /** Runs {@code args} through {@link Main} with the given launcher, stdin text, environment and directory. */
    static CliRun of(SessionLauncher launcher, String stdin, Map<String, String> env, Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Invocation inv = new Invocation(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
                    env, cwd);
            code = new Main(launcher, TerminationSignals.NONE).execute(inv, args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The same through the public entry point, with the real embedded engine. */
    static CliRun embedded(String stdin, Map<String, String> env, Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env, cwd, args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
