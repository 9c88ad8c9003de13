package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Argument parsing, help, version and how failures become exit codes and messages. */
class MainTest {
    @TempDir
    Path tmp;

    private final FakeLauncher launcher = new FakeLauncher(new FakeSession(r -> Map.of("data", Map.of())));

    @Test
    void versionNamesDaggerVersionEmbeddedEngineAndPlatform() {
        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("dagger v0\\.19\\.11 \\(embedded dagj [^ )]+\\) [a-z0-9]+/[a-z0-9]+\n");
        assertThat(run.out()).doesNotContain("unknown").doesNotContain("${");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void versionVerboseAlsoSaysWhichSha256IsUsedOnStderr() {
        for (String[] args : new String[][] {{"version", "-v"}, {"-v", "version"}}) {
            CliRun run = CliRun.of(launcher, "", Map.of(), tmp, args);

            assertThat(run.exit()).isZero();
            assertThat(run.out()).startsWith("dagger v0.19.11 ").hasLineCount(1);
            assertThat(run.err()).as("native or JDK, whichever this test JVM can load")
                    .matches("sha256: (native SHA-256 \\(OpenSSL .*\\)|JDK SHA-256 \\(.*\\))\n");
        }
    }

    @Test
    void platformUsesGoNames() {
        assertThat(VersionCommand.line("1.2.3", "Linux", "amd64"))
                .isEqualTo("dagger v0.19.11 (embedded dagj 1.2.3) linux/amd64");
        assertThat(VersionCommand.line("1.2.3", "Mac OS X", "aarch64"))
                .isEqualTo("dagger v0.19.11 (embedded dagj 1.2.3) darwin/arm64");
    }

    @Test
    void helpAndNoArgumentsPrintUsageAndSucceed() {
        for (String[] args : new String[][] {{"--help"}, {}, {"query", "--help"}}) {
            CliRun run = CliRun.of(launcher, "", Map.of(), tmp, args);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("Usage: dagger");
        }
    }

    @Test
    void unknownFlagIsOneLineAndExitOne() {
        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "query", "--bogus");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: Unknown option: '--bogus' (see 'dagger query --help')\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownCommandIsAnError() {
        CliRun run = CliRun.of(launcher, "", Map.of(), tmp, "frobnicate");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: Unmatched argument at index 0: 'frobnicate'").hasLineCount(1);
    }

    @Test
    void globalFlagsWorkBeforeAndAfterTheSubcommand() {
        CliRun.of(launcher, "{ version }", Map.of(), tmp, "--state-dir", "s1", "query");
        CliRun.of(launcher, "{ version }", Map.of(), tmp, "query", "--state-dir", "s2");

        assertThat(launcher.requests).extracting(SessionRequest::stateDir)
                .containsExactly(tmp.resolve("s1"), tmp.resolve("s2"));
    }

    @Test
    void stateDirComesFromTheFlagThenDagjStateDir() {
        CliRun.of(launcher, "{ version }", Map.of("DAGJ_STATE_DIR", "/var/x"), tmp, "query");
        CliRun.of(launcher, "{ version }", Map.of("DAGJ_STATE_DIR", "/var/x"), tmp, "--state-dir", "/y", "query");
        CliRun.of(launcher, "{ version }", Map.of("XDG_CACHE_HOME", "/c"), tmp, "query");

        assertThat(launcher.requests).extracting(SessionRequest::stateDir)
                .containsExactly(Path.of("/var/x"), Path.of("/y"), Path.of("/c/dagj"));
    }

    @Test
    void workdirDefaultsToTheCurrentDirectoryAndMustExist() {
        CliRun.of(launcher, "{ version }", Map.of(), tmp, "query");
        CliRun.of(launcher, "{ version }", Map.of(), tmp, "--workdir", "/", "query");
        CliRun bad = CliRun.of(launcher, "{ version }", Map.of(), tmp, "--workdir", "missing", "query");

        assertThat(launcher.requests).extracting(SessionRequest::workdir).containsExactly(tmp, Path.of("/"));
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("Error: workdir " + tmp.resolve("missing") + " is not a directory\n");
    }

    @Test
    void subcommandIsFoundPastGlobalOptionsAndTheirValues() {
        CommandLine root = new CommandLine(
                new DaggerCommand(new Invocation(System.in, System.out, System.err, Map.of(), tmp), launcher,
                        TerminationSignals.NONE));
        Set<String> names = Set.of("query", "run", "version");

        assertThat(Main.subcommandName(root, names, "-v", "--state-dir", "run", "query")).isEqualTo("query");
        assertThat(Main.subcommandName(root, names, "--state-dir=x", "-vq", "version")).isEqualTo("version");
        assertThat(Main.subcommandName(root, names, "--progress", "plain", "run", "query")).isEqualTo("run");
        assertThat(Main.subcommandName(root, names, "--help")).isNull();
        assertThat(Main.subcommandName(root, names, "frobnicate", "query")).isNull();
        assertThat(Main.subcommandName(root, names, "--", "query")).isNull();
    }

    @Test
    void unexpectedExceptionsSayInternalErrorWithoutStackTraceUnlessDebug() {
        FakeLauncher broken = new FakeLauncher(new FakeSession(r -> {
            throw new IllegalStateException("boom");
        }));

        CliRun plain = CliRun.of(broken, "{ version }", Map.of(), tmp, "query");
        CliRun debug = CliRun.of(broken, "{ version }", Map.of(), tmp, "-d", "query");

        assertThat(plain.exit()).isEqualTo(1);
        assertThat(plain.err()).isEqualTo("Error: internal error: java.lang.IllegalStateException: boom\n"
                + "Run again with --debug for the stack trace.\n");
        assertThat(debug.exit()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat dev.dagj.cli.");
    }
}
