package dev.dagj.engine.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native {@code statx} {@link Lstat} (the engine's Java 22 classes) against the JDK's: equal modes and
 * {@link FileStat}s for every kind of entry, and the same exceptions. Runs where the native one can work (Java 22+ on a
 * little-endian Linux); there it must load, not fall back.
 */
class LstatTest {
    private static Lstat nativeLstat;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadNative() {
        assumeTrue(Runtime.version().feature() >= 22, "the native lstat needs Java 22");
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "statx fields are read as little-endian");
        nativeLstat = Lstat.loadNative();
        assertThat(nativeLstat).as("the native lstat loads on this machine").isNotNull();
    }

    @Test
    void nativeAndJdkAgreeOnFilesDirectoriesSymlinksAndSpecialFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "some content");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z")));
        Path old = Files.writeString(dir.resolve("before-1970"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("1969-12-31T23:59:58.5Z")));
        Path exec = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\n");
        assertThat(new ProcessBuilder("chmod", "4751", exec.toString()).start().waitFor()).isZero(); // setuid too
        Path sub = Files.createDirectories(dir.resolve("sub dir"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file.txt"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path unicode = Files.writeString(dir.resolve("grüße-日本.txt"), "non-ASCII names go to the JDK");
        for (Path p : List.of(file, old, exec, sub, link, dangling, fifo, unicode, dir, Path.of("/dev/null"),
                Path.of("/proc/self/status"))) {
            Lstat.Result jdk = Lstat.JDK.lstat(p);
            Lstat.Result mine = nativeLstat.lstat(p);
            assertThat(mine.mode()).as("mode of %s", p).isEqualTo(jdk.mode());
            assertThat(mine.stat()).as("stat of %s", p).isEqualTo(jdk.stat());
        }
        assertThat(nativeLstat.lstat(link).mode() & 0170000).as("a symlink is not followed").isEqualTo(0120000);
        assertThat(nativeLstat.lstat(file).stat().size()).isEqualTo(12);
    }

    @Test
    void aMissingFileIsTheJdksNoSuchFileException() throws Exception {
        assertThatThrownBy(() -> nativeLstat.lstat(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aDeniedLookupIsTheJdksAccessDeniedException() throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.writeString(locked.resolve("inside"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeTrue(!Files.isReadable(locked), "running as root: permissions are not enforced");
            assertThatThrownBy(() -> nativeLstat.lstat(locked.resolve("inside")))
                    .isInstanceOf(AccessDeniedException.class);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
