package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger query} in-process through {@link Main#run}, on the real embedded engine. */
class EmbeddedQueryTest {
    @TempDir
    Path tmp;

    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        env = Map.of("DAGJ_STATE_DIR", tmp.resolve("state").toString());
        Files.createDirectories(tmp.resolve("work/sub"));
        Files.writeString(tmp.resolve("work/hello.txt"), "hello\n");
    }

    @Test
    void queryFromStdinReadsTheHost() {
        CliRun run = CliRun.embedded("{ host { directory(path: \".\") { entries } } }", env, tmp.resolve("work"),
                "query");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                {
                    "host": {
                        "directory": {
                            "entries": [
                                "hello.txt",
                                "sub/"
                            ]
                        }
                    }
                }
                """);
    }

    @Test
    void queryFromDocWithVariables() throws Exception {
        Files.writeString(tmp.resolve("q.graphql"), """
                query Read($dir: String!, $file: String!) {
                  host { directory(path: $dir) { file(path: $file) { contents } } }
                }
                """);

        CliRun run = CliRun.embedded("", env, tmp, "query", "--doc", "q.graphql", "--var", "dir=work",
                "--var-json", "{\"file\": \"hello.txt\"}");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"contents\": \"hello\\n\"");
    }

    @Test
    void workdirFlagMovesRelativeHostPaths() {
        CliRun run = CliRun.embedded("{ host { file(path: \"hello.txt\") { contents } } }", env, tmp,
                "--workdir", "work", "query");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"contents\": \"hello\\n\"");
    }

    @Test
    void malformedQueryIsOneErrorLineAndExitOne() {
        CliRun run = CliRun.embedded("{ host { directory(path: ", env, tmp, "query");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Error: ").hasLineCount(1);
    }

    @Test
    void unknownFieldIsAnError() {
        CliRun run = CliRun.embedded("{ nope }", env, tmp, "query");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("nope").startsWith("Error: ");
    }

    @Test
    void missingHostPathIsAnErrorWithoutStackTrace() {
        CliRun run = CliRun.embedded("{ host { directory(path: \"does-not-exist\") { entries } } }", env, tmp,
                "query");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: ").contains("does-not-exist").doesNotContain("\tat ");
    }
}
