package dev.dagj.engine.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEditor;
import dev.dagj.engine.store.TreeEntry;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostUploaderTest {
    @TempDir
    Path state;

    @TempDir
    Path host;

    private ContentStore store;
    private TreeEditor trees;

    @BeforeEach
    void open() throws Exception {
        store = ContentStore.open(state);
        trees = new TreeEditor(store);
    }

    /** An uploader that trusts stats of files changed just now (the tests write files and upload at once). */
    private HostUploader uploader() {
        return new HostUploader(store, state, Duration.ZERO);
    }

    private Path write(String rel, String content) throws Exception {
        Path p = host.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    /** Every path in the tree, directories with a trailing slash, symlinks as {@code name -> target}. */
    private List<String> paths(Digest tree) throws Exception {
        List<String> out = new ArrayList<>();
        collect(tree, "", out);
        return out;
    }

    private void collect(Digest tree, String prefix, List<String> out) throws Exception {
        for (TreeEntry e : store.tree(tree).entries()) {
            String p = prefix + e.name();
            switch (e.kind()) {
                case DIR -> {
                    out.add(p + "/");
                    collect(e.digest(), p + "/", out);
                }
                case FILE -> out.add(p);
                case SYMLINK -> out.add(p + " -> " + e.linkTarget());
            }
        }
    }

    private String contents(Digest tree, String path) throws Exception {
        TreeEntry e = trees.lookup(tree, path);
        return new String(store.readBytes(e.digest()), StandardCharsets.UTF_8);
    }

    @Test
    void storesFilesDirectoriesSymlinksModesAndEmptyDirectories() throws Exception {
        write("a.txt", "alpha");
        Path run = write("bin/run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(run, HostExporter.permissions(0750));
        Files.createDirectories(host.resolve("empty/inner"));
        Files.createSymbolicLink(host.resolve("link"), Path.of("a.txt"));
        Files.createSymbolicLink(host.resolve("dangling"), Path.of("/nowhere/at/all"));
        Files.setPosixFilePermissions(host.resolve("bin"), HostExporter.permissions(0700));

        Digest d = uploader().uploadDirectory(host, List.of(), List.of(), false);

        assertThat(paths(d)).containsExactly("a.txt", "bin/", "bin/run.sh", "dangling -> /nowhere/at/all",
                "empty/", "empty/inner/", "link -> a.txt");
        assertThat(contents(d, "a.txt")).isEqualTo("alpha");
        TreeEntry a = trees.lookup(d, "a.txt");
        assertThat(a.size()).isEqualTo(5);
        assertThat(trees.lookup(d, "bin/run.sh").mode()).isEqualTo(0750);
        assertThat(trees.lookup(d, "bin").mode()).isEqualTo(0700);
        assertThat(store.tree(d)).isEqualTo(store.tree(d)); // decodes
    }

    @Test
    void skipsSocketsAndOtherSpecialFiles() throws Exception {
        write("keep", "x");
        Path sock = host.resolve("s.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
            Digest d = uploader().uploadDirectory(host, List.of(), List.of(), false);
            assertThat(paths(d)).containsExactly("keep");
        }
    }

    @Test
    void includeAndExcludePatterns() throws Exception {
        write("main.go", "package main");
        write("README.md", "readme");
        write("pkg/a.go", "package pkg");
        write("pkg/a_test.go", "package pkg");
        write("node_modules/x/index.js", "js");
        Files.createDirectories(host.resolve("docs/empty"));

        assertThat(paths(uploader().uploadDirectory(host, List.of("**/*.go"), List.of("**/*_test.go"), false)))
                .containsExactly("main.go", "pkg/", "pkg/a.go");
        assertThat(paths(uploader().uploadDirectory(host, List.of(), List.of("node_modules", "*.md"), false)))
                .containsExactly("docs/", "docs/empty/", "main.go", "pkg/", "pkg/a.go", "pkg/a_test.go");
        assertThat(paths(uploader().uploadDirectory(host, List.of("pkg", "!pkg/a_test.go"), List.of(), false)))
                .containsExactly("pkg/", "pkg/a.go");
        assertThatThrownBy(() -> uploader().uploadDirectory(host, List.of("[z-a]"), List.of(), false))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("invalid pattern \"[z-a]\"");
    }

    @Test
    void gitignoreFilesAreHonouredWhenAskedFor() throws Exception {
        write(".gitignore", "# build output\n*.o\n/out/\nlogs/\n!important.o\n");
        write("main.c", "int main;");
        write("main.o", "obj");
        write("important.o", "keep me");
        write("out/bin", "binary");
        write("src/out/notanchored.c", "kept: /out/ is anchored to the root");
        write("src/x.o", "obj");
        write("src/.gitignore", "!x.o\n*.tmp\n");
        write("src/a.tmp", "tmp");
        write("logs/.gitignore", "!*\n");
        write("logs/today.log", "never uploaded: logs/ is not entered");
        write("src/logs", "a file, not a directory");

        Digest d = uploader().uploadDirectory(host, List.of(), List.of(), true);

        assertThat(paths(d)).containsExactly(".gitignore", "important.o", "main.c", "src/", "src/.gitignore",
                "src/logs", "src/out/", "src/out/notanchored.c", "src/x.o");
        assertThat(paths(uploader().uploadDirectory(host, List.of(), List.of(), false)))
                .as("without gitignore everything is uploaded").contains("main.o", "out/bin", "logs/today.log");
    }

    @Test
    void gitignoreAndExcludeCombine() throws Exception {
        write(".gitignore", "*.log\n");
        write("a.log", "x");
        write("b.txt", "x");
        write("c.txt", "x");
        assertThat(paths(uploader().uploadDirectory(host, List.of(), List.of("c.txt"), true)))
                .containsExactly(".gitignore", "b.txt");
    }

    @Test
    void theSameContentFromTwoPathsHasTheSameDigestAndAChangeANewOne() throws Exception {
        Path one = Files.createDirectories(host.resolve("one"));
        Path two = Files.createDirectories(host.resolve("two"));
        for (Path p : List.of(one, two)) {
            Files.writeString(p.resolve("f"), "same");
            Files.createDirectories(p.resolve("d"));
            Files.writeString(p.resolve("d/g"), "content");
        }
        HostUploader up = uploader();
        Digest a = up.uploadDirectory(one, List.of(), List.of(), false);
        Digest b = up.uploadDirectory(two, List.of(), List.of(), false);
        assertThat(a).isEqualTo(b);

        Files.writeString(two.resolve("d/g"), "changed");
        assertThat(up.uploadDirectory(two, List.of(), List.of(), false)).isNotEqualTo(a);
    }

    @Test
    void anUnchangedTreeIsNotReadAgainEvenByANewUploader() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("d" + (i % 4) + "/f" + i, "file " + i);
        }
        HostUploader first = uploader();
        Digest d = first.uploadDirectory(host, List.of(), List.of(), false);
        assertThat(first.filesRead()).isEqualTo(20);

        HostUploader second = uploader();
        assertThat(second.uploadDirectory(host, List.of(), List.of(), false)).isEqualTo(d);
        assertThat(second.filesRead()).as("every file answered from the stat cache").isZero();

        Path changed = host.resolve("d1/f5");
        Files.writeString(changed, "file 5, edited");
        Digest after = second.uploadDirectory(host, List.of(), List.of(), false);
        assertThat(after).isNotEqualTo(d);
        assertThat(second.filesRead()).isEqualTo(1);
        assertThat(contents(after, "d1/f5")).isEqualTo("file 5, edited");
    }

    @Test
    void theStatCacheKeepsNamesOfEveryUtf8Length() throws Exception {
        List<String> names = List.of("ascii", "caf\u00e9", "\u65e5\u672c/\u8a9e", "emoji-\ud83d\ude00", "a b/c");
        for (String n : names) {
            write(n, "content of " + n);
        }
        HostUploader first = uploader();
        Digest d = first.uploadDirectory(host, List.of(), List.of(), false);
        HostUploader second = uploader();
        assertThat(second.uploadDirectory(host, List.of(), List.of(), false)).isEqualTo(d);
        assertThat(second.filesRead()).as("every file answered from the stat cache written by the first").isZero();
        for (String n : names) {
            assertThat(contents(d, n)).isEqualTo("content of " + n);
        }
    }

    @Test
    void aChangeKeepingSizeAndMtimeIsStillSeenThroughTheChangeTime() throws Exception {
        Path f = write("f", "aaaa");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(f, old);
        HostUploader up = uploader();
        Digest before = up.uploadDirectory(host, List.of(), List.of(), false);
        Thread.sleep(20);
        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, old);
        Digest after = up.uploadDirectory(host, List.of(), List.of(), false);
        assertThat(after).isNotEqualTo(before);
        assertThat(contents(after, "f")).isEqualTo("bbbb");
    }

    @Test
    void aCacheEntryWhoseBlobLeftTheStoreIsNotTrusted() throws Exception {
        write("f", "content");
        HostUploader up = uploader();
        Digest d = up.uploadDirectory(host, List.of(), List.of(), false);
        Digest blob = trees.lookup(d, "f").digest();
        dev.dagj.engine.store.StoreTestFiles.removeBlob(store, blob);
        store = ContentStore.open(state);
        assertThat(store.has(blob)).isFalse();
        HostUploader again = uploader();
        assertThat(again.uploadDirectory(host, List.of(), List.of(), false)).isEqualTo(d);
        assertThat(again.filesRead()).isEqualTo(1);
        assertThat(store.has(blob)).isTrue();
        assertThat(contents(d, "f")).isEqualTo("content");
    }

    /**
     * Blob digests are plain SHA-256 of the content whichever implementation hashed them: large files (enough to
     * load the native SHA-256, hashed from the copy buffer in place) and small ones (one-shot), checked against the
     * JDK's, and the stored bytes read back intact.
     */
    @Test
    void blobDigestsOfLargeAndSmallFilesAreTheSha256OfTheirContent() throws Exception {
        java.util.Random rnd = new java.util.Random(7);
        List<byte[]> contents = new ArrayList<>();
        for (int size : new int[] {(9 << 20) + 5, (1 << 20) + 1, 3 << 20, 4000, 1, 0}) {
            byte[] b = new byte[size];
            rnd.nextBytes(b);
            contents.add(b);
            Files.write(host.resolve("f" + size), b);
        }
        Digest d = uploader().uploadDirectory(host, List.of(), List.of(), false);
        for (byte[] b : contents) {
            TreeEntry e = trees.lookup(d, "f" + b.length);
            byte[] jdk = java.security.MessageDigest.getInstance("SHA-256").digest(b);
            assertThat(e.digest()).as("blob of f%d", b.length).isEqualTo(Digest.fromRaw(jdk));
            assertThat(store.isIntact(e.digest())).isTrue();
        }
    }

    @Test
    void manySmallFilesGoIntoOnePackNotAFileEach() throws Exception {
        for (int i = 0; i < 300; i++) {
            write("d" + (i % 7) + "/f" + i, "content of " + i);
        }
        Digest d = uploader().uploadDirectory(host, List.of(), List.of(), false);
        try (var packs = Files.list(state.resolve("packs"))) {
            assertThat(packs.count()).isEqualTo(1);
        }
        try (var loose = Files.walk(state.resolve("blobs"))) {
            // (TreeEditor stores the empty tree when it opens: that one is loose)
            assertThat(loose.filter(Files::isRegularFile).map(p -> {
                try {
                    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList()).as("loose blobs")
                    .containsOnly(new String(new Tree(List.of()).encode(), StandardCharsets.UTF_8));
        }
        ContentStore fresh = ContentStore.open(state);
        TreeEditor editor = new TreeEditor(fresh);
        for (int i = 0; i < 300; i += 37) {
            TreeEntry e = editor.lookup(d, "d" + (i % 7) + "/f" + i);
            assertThat(new String(fresh.readBytes(e.digest()), StandardCharsets.UTF_8)).isEqualTo("content of " + i);
        }
    }

    @Test
    void filesChangedJustNowAreReadAgain() throws Exception {
        write("f", "fresh");
        HostUploader up = new HostUploader(store, state);
        up.uploadDirectory(host, List.of(), List.of(), false);
        up.uploadDirectory(host, List.of(), List.of(), false);
        assertThat(up.filesRead()).as("a stat within the racy window identifies nothing").isEqualTo(2);
    }

    @Test
    void aDamagedStatCacheIsIgnored() throws Exception {
        write("f", "content");
        HostUploader up = uploader();
        Digest d = up.uploadDirectory(host, List.of(), List.of(), false);
        try (Stream<Path> files = Files.list(state.resolve("hostcache"))) {
            for (Path p : files.toList()) {
                byte[] b = Files.readAllBytes(p);
                b[b.length / 2] ^= 0x55;
                Files.write(p, b);
            }
        }
        assertThat(up.uploadDirectory(host, List.of(), List.of(), false)).isEqualTo(d);
        assertThat(up.filesRead()).isEqualTo(2);
    }

    @Test
    void uploadFileMakesATreeOfJustThatFile() throws Exception {
        Path f = write("sub/tool.sh", "echo hi");
        Files.setPosixFilePermissions(f, HostExporter.permissions(0755));
        HostUploader up = uploader();
        Digest d = up.uploadFile(f);
        Tree t = store.tree(d);
        assertThat(t.entries()).hasSize(1);
        TreeEntry e = t.entries().get(0);
        assertThat(e.name()).isEqualTo("tool.sh");
        assertThat(e.mode()).isEqualTo(0755);
        assertThat(store.readBytes(e.digest())).isEqualTo("echo hi".getBytes(StandardCharsets.UTF_8));
        assertThat(up.uploadFile(f)).isEqualTo(d);
        assertThat(up.filesRead()).isEqualTo(1);
    }

    @Test
    void errorsNameThePathAtFault() throws Exception {
        write("file", "x");
        Path missing = host.resolve("missing");
        assertThatThrownBy(() -> uploader().uploadDirectory(missing, List.of(), List.of(), false))
                .isInstanceOf(EngineException.class)
                .hasMessage("no such file or directory: " + missing);
        assertThatThrownBy(() -> uploader().uploadDirectory(host.resolve("file"), List.of(), List.of(), false))
                .hasMessage(host.resolve("file") + " is not a directory");
        assertThatThrownBy(() -> uploader().uploadFile(missing))
                .hasMessage("no such file or directory: " + missing);
        assertThatThrownBy(() -> uploader().uploadFile(host))
                .hasMessage(host + " is a directory, not a file");
    }

    @Test
    void unreadableFilesAreReportedAsPermissionDenied() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads every file");
        Path f = write("secret", "x");
        Files.setPosixFilePermissions(f, HostExporter.permissions(0));
        assertThatThrownBy(() -> uploader().uploadDirectory(host, List.of(), List.of(), false))
                .hasMessage("permission denied: " + f);
    }

    @Test
    void aSymlinkedRootIsFollowed() throws Exception {
        write("real/f", "x");
        Path link = Files.createSymbolicLink(host.resolve("alias"), host.resolve("real"));
        HostUploader up = uploader();
        assertThat(up.uploadDirectory(link, List.of(), List.of(), false))
                .isEqualTo(up.uploadDirectory(host.resolve("real"), List.of(), List.of(), false));
    }
}
