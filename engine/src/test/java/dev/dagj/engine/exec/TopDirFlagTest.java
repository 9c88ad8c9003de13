package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopDirFlagTest {
    @TempDir
    Path tmp;

    /** The attribute letters {@code lsattr -d} prints for {@code dir}, or null when it cannot tell. */
    private static String attributes(Path dir) throws Exception {
        Process p = new ProcessBuilder("lsattr", "-d", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out.split("\\s+")[0] : null;
    }

    @Test
    void marksADirectoryOnExt4() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        String before = attributes(dir);
        assumeTrue(before != null && Files.getFileStore(dir).type().equals("ext4"), "needs lsattr and an ext4 dir");
        assertThat(before).doesNotContain("T");
        assertThat(TopDirFlag.set(dir)).isTrue();
        assertThat(attributes(dir)).contains("T");
    }

    @Test
    void saysNoWhereTheFileSystemHasNoSuchAttribute() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "needs a tmpfs");
        Path dir = Files.createTempDirectory(shm, "dagj-topdir-test");
        try {
            assertThat(TopDirFlag.set(dir)).isFalse();
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void saysNoForAMissingDirectory() {
        assertThat(TopDirFlag.set(tmp.resolve("missing"))).isFalse();
    }
}
