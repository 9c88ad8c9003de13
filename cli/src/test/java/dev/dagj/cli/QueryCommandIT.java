package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dagger query} through the real launcher: host files, errors, and the cache surviving a restart. */
class QueryCommandIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void readsAHostDirectoryRelativeToTheWorkingDirectory() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("b.txt"), "b");
        Files.createDirectories(work.resolve("a"));

        Result r = DistLauncher.dagger(work, tmp.resolve("state"),
                "{ host { directory(path: \".\") { entries } } }", TIMEOUT, "query");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                {
                    "host": {
                        "directory": {
                            "entries": [
                                "a/",
                                "b.txt"
                            ]
                        }
                    }
                }
                """);
    }

    @Test
    void malformedQueryAndBadFlagExitOneWithOneLine() throws Exception {
        Result malformed = DistLauncher.dagger(tmp, tmp.resolve("state"), "{ host {", TIMEOUT, "query");
        Result badFlag = DistLauncher.dagger(tmp, tmp.resolve("state"), "", TIMEOUT, "query", "--nope");

        assertThat(malformed.exit()).isEqualTo(1);
        assertThat(malformed.out()).isEmpty();
        assertThat(malformed.err()).startsWith("Error: ").hasLineCount(1);
        assertThat(badFlag.exit()).isEqualTo(1);
        assertThat(badFlag.err()).isEqualTo("Error: Unknown option: '--nope' (see 'dagger query --help')\n");
    }

    @Test
    void secondRunOfTheSameQueryIsServedFromTheCacheOnDisk() throws Exception {
        Path state = tmp.resolve("shared-state");
        String query = "{ directory { withNewFile(path: \"a.txt\", contents: \"" + System.nanoTime() + "\") {"
                + " withNewFile(path: \"b.txt\", contents: \"b\") { entries } } } }";

        Result first = DistLauncher.dagger(tmp, state, query, TIMEOUT, "-v", "query");
        Result second = DistLauncher.dagger(tmp, state, query, TIMEOUT, "query", "-v");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out()).contains("\"a.txt\"", "\"b.txt\"");
        assertThat(lines(first.err(), "DONE ")).contains("DONE mkfile /a.txt", "DONE mkfile /b.txt");
        assertThat(lines(second.err(), "DONE ")).as("nothing recomputed after a restart").isEmpty();
        assertThat(lines(second.err(), "CACHED ")).contains("CACHED mkfile /b.txt");
    }

    /** Lines starting with {@code prefix}, with any timing suffix " (12ms)" removed. */
    private static List<String> lines(String text, String prefix) {
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(prefix))
                .map(l -> l.replaceAll(" \\(\\d+ms\\)$", "")).toList();
    }
}
