package dev.dagj.engine.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEditor;
import dev.dagj.engine.store.TreeEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostExporterTest {
    @TempDir
    Path state;

    @TempDir
    Path host;

    private ContentStore store;
    private HostUploader uploader;
    private HostExporter exporter;

    @BeforeEach
    void open() throws Exception {
        store = ContentStore.open(state);
        uploader = new HostUploader(store, state, Duration.ZERO);
        exporter = new HostExporter(store);
    }

    private Path write(Path root, String rel, String content) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private Digest sampleTree() throws Exception {
        Path src = Files.createDirectories(host.resolve("src"));
        write(src, "a.txt", "alpha");
        Path x = write(src, "bin/tool", "#!/bin/sh");
        Files.setPosixFilePermissions(x, HostExporter.permissions(0755));
        Path ro = write(src, "ro.txt", "read only");
        Files.setPosixFilePermissions(ro, HostExporter.permissions(0444));
        Files.createDirectories(src.resolve("empty"));
        Files.createSymbolicLink(src.resolve("link"), Path.of("bin/tool"));
        return uploader.uploadDirectory(src, List.of(), List.of(), false);
    }

    @Test
    void uploadExportUploadGivesTheSameDigest() throws Exception {
        Digest d = sampleTree();
        Path out = host.resolve("deep/new/out");
        exporter.exportDirectory(d, out, false);
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("alpha");
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("bin/tool"));
        assertThat(Files.getPosixFilePermissions(out.resolve("bin/tool"))).isEqualTo(HostExporter.permissions(0755));
        assertThat(Files.getPosixFilePermissions(out.resolve("ro.txt"))).isEqualTo(HostExporter.permissions(0444));
        assertThat(out.resolve("empty")).isEmptyDirectory();
        assertThat(uploader.uploadDirectory(out, List.of(), List.of(), false)).isEqualTo(d);
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".dagj-"));
        }
    }

    @Test
    void exportMergesIntoAnExistingDirectoryAndWipeRemovesTheRest() throws Exception {
        Digest d = sampleTree();
        Path out = Files.createDirectories(host.resolve("out"));
        write(out, "mine.txt", "keep unless wiped");
        write(out, "a.txt", "old alpha");
        write(out, "empty/stale", "stale");
        write(out, "link/x", "a directory where the tree has a symlink");
        Files.createSymbolicLink(out.resolve("bin"), host); // a symlink where the tree has a directory

        exporter.exportDirectory(d, out, false);
        assertThat(Files.readString(out.resolve("mine.txt"))).isEqualTo("keep unless wiped");
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("alpha");
        assertThat(out.resolve("empty/stale")).exists();
        assertThat(Files.isSymbolicLink(out.resolve("link"))).isTrue();
        assertThat(Files.isDirectory(out.resolve("bin"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(host.resolve("tool")).as("the old symlink was replaced, not followed").doesNotExist();

        exporter.exportDirectory(d, out, true);
        assertThat(out.resolve("mine.txt")).doesNotExist();
        assertThat(out.resolve("empty")).isEmptyDirectory();
        assertThat(uploader.uploadDirectory(out, List.of(), List.of(), false)).isEqualTo(d);
    }

    @Test
    void aReadOnlyDirectoryCanBeExportedAgain() throws Exception {
        Path src = Files.createDirectories(host.resolve("src/locked"));
        write(src, "f", "x");
        Files.setPosixFilePermissions(src, HostExporter.permissions(0555));
        Digest d = uploader.uploadDirectory(host.resolve("src"), List.of(), List.of(), false);
        Path out = host.resolve("out");
        exporter.exportDirectory(d, out, false);
        exporter.exportDirectory(d, out, true);
        assertThat(Files.getPosixFilePermissions(out.resolve("locked"))).isEqualTo(HostExporter.permissions(0555));
        assertThat(uploader.uploadDirectory(out, List.of(), List.of(), false)).isEqualTo(d);
    }

    @Test
    void aFileInTheTreeReplacesADirectoryOnTheHost() throws Exception {
        Digest d = sampleTree();
        Path out = Files.createDirectories(host.resolve("out"));
        write(out, "a.txt/inner", "was a directory");
        exporter.exportDirectory(d, out, false);
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("alpha");
    }

    @Test
    void exportFileWritesOneFileWithItsModeCreatingParents() throws Exception {
        Digest blob = store.putBytes("payload".getBytes(StandardCharsets.UTF_8));
        Path dest = host.resolve("x/y/z.bin");
        exporter.exportFile(blob, 0600, dest);
        assertThat(Files.readString(dest)).isEqualTo("payload");
        assertThat(Files.getPosixFilePermissions(dest)).isEqualTo(HostExporter.permissions(0600));
        Digest other = store.putBytes("replaced".getBytes(StandardCharsets.UTF_8));
        exporter.exportFile(other, 0644, dest);
        assertThat(Files.readString(dest)).isEqualTo("replaced");
        try (Stream<Path> siblings = Files.list(dest.getParent())) {
            assertThat(siblings.toList()).containsExactly(dest);
        }
    }

    @Test
    void errorsSayWhyAPathCannotBeWritten() throws Exception {
        Digest d = sampleTree();
        Path file = write(host, "plain", "a file");
        assertThatThrownBy(() -> exporter.exportDirectory(d, file.resolve("y"), false))
                .isInstanceOf(EngineException.class)
                .hasMessage("cannot export to " + file.resolve("y") + ": " + file + " is a file");
        assertThatThrownBy(() -> exporter.exportDirectory(d, file, false))
                .hasMessage("cannot export to " + file + ": " + file + " is a file");
        Digest blob = store.putBytes(new byte[] {1});
        assertThatThrownBy(() -> exporter.exportFile(blob, 0644, file.resolve("z/w")))
                .hasMessage("cannot export to " + file.resolve("z/w") + ": " + file + " is a file");
        Path dir = Files.createDirectories(host.resolve("adir"));
        assertThatThrownBy(() -> exporter.exportFile(blob, 0644, dir))
                .hasMessage("cannot export to " + dir + ": it is a directory");
    }

    @Test
    void aReadOnlyDestinationIsPermissionDenied() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root writes anywhere");
        Digest d = sampleTree();
        Path ro = Files.createDirectories(host.resolve("ro"));
        Files.setPosixFilePermissions(ro, HostExporter.permissions(0555));
        assertThatThrownBy(() -> exporter.exportDirectory(d, ro.resolve("out"), false))
                .hasMessageStartingWith("cannot export to " + ro.resolve("out") + ": permission denied");
    }

    @Test
    void aDamagedBlobFailsTheExportInsteadOfWritingAWrongFile() throws Exception {
        // a tree whose entry says 5 bytes over a blob of 1, as a blob truncated by a power loss would look
        Digest blob = store.putBytes(new byte[] {'a'});
        Digest d = store.putTree(new Tree(List.of(TreeEntry.file("a.txt", 0644, 5, blob))));
        Path out = host.resolve("out");
        assertThatThrownBy(() -> exporter.exportDirectory(d, out, false))
                .hasMessageContaining("holds 1 bytes but the tree says 5");
        assertThat(out.resolve("a.txt")).doesNotExist();
    }
}
