package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorSelectionTest {
    @TempDir
    static Path tmp;
    static BusyboxRootFs busybox;

    @BeforeAll
    static void rootFs() throws Exception {
        busybox = BusyboxRootFs.create(tmp);
    }

    @AfterAll
    static void releaseRunsDir() {
        new StaleStateCleaner(ExecConfig.defaults(tmp.resolve("state"), System.getenv())).releaseRunsDir();
    }

    private static ExecutorSelection selection(BackendPreference p) {
        return new ExecutorSelection(ExecConfig.defaults(tmp.resolve("state"), System.getenv()).withPreference(p));
    }

    @Test
    void autoPicksBwrapForPlainStepsAndRuncForUsersAndLimits() throws Exception {
        ExecutorSelection auto = selection(BackendPreference.AUTO);
        ExecRequest plain = new ExecRequest(ProcessSpec.of("true"), busybox.overlay());
        assertThat(auto.choose(plain)).isEqualTo(BackendKind.BWRAP);
        assertThat(auto.choose(new ExecRequest(ProcessSpec.of("id").withUser(1000, 1000, List.of()),
                busybox.overlay()))).isEqualTo(BackendKind.RUNC);
        assertThat(auto.choose(new ExecRequest(ProcessSpec.of("true").withLimits(
                ResourceLimits.none().withMemoryBytes(64L << 20)), busybox.overlay()))).isEqualTo(BackendKind.RUNC);

        ExecResult r = auto.run(new ExecRequest(ProcessSpec.of("id", "-u").withUser(1000, 1000, List.of()),
                busybox.overlay()));
        assertThat(r.backend()).isEqualTo(BackendKind.RUNC);
        assertThat(r.stdout().text()).isEqualTo("1000\n");
        assertThat(auto.run(plain).backend()).isEqualTo(BackendKind.BWRAP);
    }

    @Test
    void autoPicksRuncWhenAMountTargetIsASymlink() throws Exception {
        Path layer = Files.createDirectories(tmp.resolve("linked"));
        Files.createSymbolicLink(layer.resolve("cache"), Path.of("var/cache"));
        ExecRequest r = new ExecRequest(ProcessSpec.of("true"), busybox.overlay(layer),
                List.of(new Mount.Tmpfs("/cache", 0, 0755)));
        assertThat(selection(BackendPreference.AUTO).choose(r)).isEqualTo(BackendKind.RUNC);
    }

    @Test
    void aPreferenceForcesTheBackend() throws Exception {
        ExecRequest plain = new ExecRequest(ProcessSpec.of("true"), busybox.overlay());
        assertThat(selection(BackendPreference.RUNC).run(plain).backend()).isEqualTo(BackendKind.RUNC);
        assertThat(selection(BackendPreference.BWRAP).run(plain).backend()).isEqualTo(BackendKind.BWRAP);
        assertThatThrownBy(() -> selection(BackendPreference.BWRAP).run(new ExecRequest(
                ProcessSpec.of("id").withUser(1, 1, List.of()), busybox.overlay())))
                .isInstanceOf(UnsupportedRequestException.class);
    }

    @Test
    void parsesThePreference() {
        assertThat(BackendPreference.parse(null)).isEqualTo(BackendPreference.AUTO);
        assertThat(BackendPreference.parse(" RUNC ")).isEqualTo(BackendPreference.RUNC);
        assertThat(BackendPreference.parse("bubblewrap")).isEqualTo(BackendPreference.BWRAP);
        assertThat(ExecConfig.defaults(tmp, Map.of(BackendPreference.ENV, "runc")).preference())
                .isEqualTo(BackendPreference.RUNC);
        assertThatThrownBy(() -> BackendPreference.parse("docker")).hasMessageContaining("use auto, runc or bwrap");
    }
}
