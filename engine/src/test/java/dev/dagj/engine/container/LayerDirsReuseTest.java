package dev.dagj.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LayerDirs#asMade}: which used exec scratch dirs may serve the next exec. */
class LayerDirsReuseTest {
    @TempDir
    Path tmp;

    private Path execDir() throws Exception {
        Path run = Files.createDirectory(tmp.resolve("exec"));
        Files.createDirectory(run.resolve("upper"));
        Files.createDirectory(run.resolve("work"));
        return run;
    }

    @Test
    void aFreshDirIsAsMade() throws Exception {
        assertThat(LayerDirs.asMade(execDir())).isTrue();
    }

    @Test
    void overlayfsLeftoversAreClearedAndTheDirKept() throws Exception {
        Path run = execDir();
        Path inner = Files.createDirectories(run.resolve("work/work/incompat/volatile"));
        Files.createFile(inner.resolve("dirty"));
        assertThat(LayerDirs.asMade(run)).isTrue();
        assertThat(inner.getParent()).doesNotExist();
        assertThat(run.resolve("work/work")).isEmptyDirectory();
    }

    @Test
    void aRealVolatileOverlayThatChangedNothingLeavesADirAsMade() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting an overlay needs root");
        Path run = execDir();
        Path lower = Files.createDirectories(tmp.resolve("lower/etc"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));
        String options = "volatile,lowerdir=" + lower.getParent() + ",upperdir=" + run.resolve("upper") + ",workdir="
                + run.resolve("work");
        // in a mount namespace of its own, so nothing stays mounted if the test dies
        Process p = new ProcessBuilder(List.of("unshare", "-m", "sh", "-c",
                "mount -t overlay overlay -o " + options + " " + merged + " && ls " + merged + " >/dev/null && umount "
                        + merged)).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assumeTrue(p.exitValue() == 0, "this kernel cannot mount a volatile overlay here");
        assertThat(run.resolve("work/work/incompat/volatile")).isDirectory();
        assertThat(LayerDirs.asMade(run)).isTrue();
        assertThat(run.resolve("work/work")).isEmptyDirectory();
    }

    @Test
    void anUnknownMarkIsNotReused() throws Exception {
        Path run = execDir();
        Files.createDirectories(run.resolve("work/work/incompat/other"));
        assertThat(LayerDirs.asMade(run)).isFalse();
    }

    @Test
    void aRunThatLeftAFileIsNotReused() throws Exception {
        Path run = execDir();
        Files.writeString(run.resolve("upper/f"), "x");
        assertThat(LayerDirs.asMade(run)).isFalse();
    }

    @Test
    void aRunThatChangedItsRootsModeIsNotReused() throws Exception {
        Path run = execDir();
        Files.setPosixFilePermissions(run.resolve("upper"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(run.resolve("work"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(LayerDirs.asMade(run)).isFalse();
    }

    @Test
    void anythingElseInTheDirsIsNotReused() throws Exception {
        Path run = execDir();
        Files.createDirectory(run.resolve("m1"));
        assertThat(LayerDirs.asMade(run)).isFalse();
        Path other = Files.createDirectory(tmp.resolve("other"));
        Files.createDirectory(other.resolve("upper"));
        Files.createDirectories(other.resolve("work/index"));
        assertThat(LayerDirs.asMade(other)).isFalse();
        Path gone = tmp.resolve("gone");
        assertThat(LayerDirs.asMade(gone)).isFalse();
        Path symlinked = Files.createDirectory(tmp.resolve("symlinked"));
        Files.createSymbolicLink(symlinked.resolve("upper"), run.resolve("upper"));
        Files.createDirectory(symlinked.resolve("work"));
        assertThat(LayerDirs.asMade(symlinked)).isFalse();
    }
}
