package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger session} in-process: the connect line, labels, and ending when stdin ends. */
class SessionCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsConnectParamsAsTheOnlyStdoutLineAndExitsZeroWhenStdinEnds() {
        FakeLauncher launcher = new FakeLauncher(new FakeSession(r -> Map.of()));

        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "session", "--label", "dagger.io/sdk.name:nodejs",
                "--label", "dagger.io/sdk.version:0.19.11", "--label", "bare", "--workdir", ".", "--project", "p",
                "--load-workspace-modules");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("{\"port\":4711,\"session_token\":\"tok\\\"en\"}\n");
        assertThat(run.err()).contains("session listening on http://127.0.0.1:4711/query");
        assertThat(launcher.requests).singleElement().satisfies(r -> assertThat(r.labels()).isEqualTo(Map.of(
                "dagger.io/sdk.name", "nodejs", "dagger.io/sdk.version", "0.19.11", "bare", "")));
        assertThat(launcher.session.closed).isTrue();
    }

    @Test
    void quietSessionLogsNothing() {
        CliRun run = CliRun.of(new FakeLauncher(new FakeSession(r -> Map.of())), "", Map.of(), tmp, "-q",
                "session");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
    }
}
