package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For integration tests: the real launcher of the distribution that {@code package} built ({@code bin/dagger} under
 * the {@code dagj.dist.dir} system property), run as a separate process on the test JVM's own JDK.
 */
final class DistLauncher {
    private DistLauncher() {
    }

    /** The outcome of one process run. */
    record Result(int exit, String out, String err) {
    }

    static Path launcher() {
        String dist = System.getProperty("dagj.dist.dir");
        assertThat(dist).as("system property dagj.dist.dir (set by the failsafe configuration)").isNotNull();
        Path bin = Path.of(dist, "bin", "dagger");
        assertThat(Files.isExecutable(bin)).as("%s is built and executable (run `mvn package` first)", bin).isTrue();
        return bin;
    }

    /**
     * A process builder for {@code command} whose environment is this JVM's minus any session variables, plus
     * JAVA_HOME (this JVM's JDK), {@code DAGJ_STATE_DIR=stateDir} and {@code extraEnv}.
     */
    static ProcessBuilder builder(Path cwd, Path stateDir, Map<String, String> extraEnv, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.remove(RunCommand.PORT_ENV);
        env.remove(RunCommand.TOKEN_ENV);
        env.remove("_EXPERIMENTAL_DAGGER_CLI_BIN");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("DAGJ_STATE_DIR", stateDir.toString());
        env.putAll(extraEnv);
        return pb;
    }

    /** Runs the launcher with {@code args}, feeding {@code stdin}, and waits at most {@code timeout}. */
    static Result dagger(Path cwd, Path stateDir, String stdin, Duration timeout, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        return run(builder(cwd, stateDir, Map.of(), command), stdin, timeout);
    }

    /** Runs {@code pb} with stdout and stderr captured in files (no pipes to drain), feeding {@code stdin}. */
    static Result run(ProcessBuilder pb, String stdin, Duration timeout) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dagj-it-proc");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The process may exit without reading stdin; that is its business.
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                fail("%s did not finish within %s; stderr:%n%s", pb.command(), timeout, Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(dir);
        }
    }
}
