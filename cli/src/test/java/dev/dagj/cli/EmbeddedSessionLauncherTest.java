package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.solve.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded launcher's engine opened ahead of the request ({@link SessionLauncher#prepare(Path, Path, boolean)}). */
class EmbeddedSessionLauncherTest {
    private static final String QUERY = "{ directory { withNewFile(path: \"a\", contents: \"b\") { entries } } }";

    @TempDir
    Path tmp;

    @Test
    void aPreparedEngineServesTheMatchingRequestWithTheRequestsProgress() throws Exception {
        EmbeddedSessionLauncher launcher = new EmbeddedSessionLauncher(Map.of());
        Path state = tmp.resolve("state");
        launcher.prepare(state, tmp, true);
        List<Progress.Status> events = new CopyOnWriteArrayList<>();
        try (LaunchedSession s = launcher.launch(new SessionRequest(state, tmp, (v, st, n) -> events.add(st),
                Map.of()))) {
            assertThat(s.session().execute(QUERY, Map.of(), null).toString()).contains("entries=[a]");
        }
        assertThat(events).contains(Progress.Status.DONE);
        launcher.discardPrepared(); // nothing left to discard
    }

    @Test
    void aWrongGuessIsDiscardedAndTheRequestedStateDirIsOpened() throws Exception {
        EmbeddedSessionLauncher launcher = new EmbeddedSessionLauncher(Map.of());
        Path guessed = tmp.resolve("guessed");
        Path asked = tmp.resolve("asked");
        launcher.prepare(guessed, tmp, true);
        try (LaunchedSession s = launcher.launch(new SessionRequest(asked, tmp, Progress.NONE, Map.of()))) {
            assertThat(s.session().execute(QUERY, Map.of(), null).toString()).contains("entries=[a]");
        }
        assertThat(asked.resolve("blobs")).isDirectory();
        assertThat(Files.isDirectory(guessed)).as("the guess was opened in the background").isTrue();
    }

    @Test
    void aPreparedEngineThatNoCommandUsesIsClosed() throws Exception {
        EmbeddedSessionLauncher launcher = new EmbeddedSessionLauncher(Map.of());
        launcher.prepare(tmp.resolve("state"), tmp, false);
        launcher.discardPrepared();
        // The same state dir opens again at once: nothing of the discarded engine holds it.
        try (LaunchedSession s = launcher.launch(new SessionRequest(tmp.resolve("state"), tmp, Progress.NONE,
                Map.of()))) {
            assertThat(s.session().execute("{ version }", Map.of(), null).toString()).contains("version=");
        }
    }
}
