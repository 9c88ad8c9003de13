package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger run} through the real launcher: session variables, stdio, arguments and exit codes pass through. */
class RunCommandIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Result dagger(String stdin, String... args) throws Exception {
        return DistLauncher.dagger(tmp, tmp.resolve("state"), stdin, TIMEOUT, args);
    }

    @Test
    void childGetsSessionPortAndToken() throws Exception {
        Result r = dagger("", "run", "sh", "-c", "echo \"$DAGGER_SESSION_PORT $DAGGER_SESSION_TOKEN\"");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("\\d+ \\S+\n");
    }

    @Test
    void childExitCodeIsOurs() throws Exception {
        assertThat(dagger("", "run", "sh", "-c", "exit 7").exit()).isEqualTo(7);
        assertThat(dagger("", "run", "true").exit()).isZero();
    }

    @Test
    void everythingAfterTheCommandBelongsToIt() throws Exception {
        Result r = dagger("", "run", "sh", "-c", "echo \"$@\"", "sh", "--state-dir", "-v", "--help");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("--state-dir -v --help\n");
    }

    @Test
    void stdinAndWorkingDirectoryPassThrough() throws Exception {
        Result r = dagger("hello from stdin", "run", "sh", "-c", "cat; echo; pwd");

        assertThat(r.out()).isEqualTo("hello from stdin\n" + tmp.toRealPath() + "\n");
    }

    @Test
    void unknownCommandIsAClearError() throws Exception {
        Result r = dagger("", "run", "dagj-no-such-command");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: cannot run dagj-no-such-command:").doesNotContain("\tat ");
    }
}
