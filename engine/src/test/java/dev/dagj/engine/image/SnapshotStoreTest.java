package dev.dagj.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking layers into snapshots: formats, metadata, whiteouts, hostile tars, atomicity, concurrency. */
class SnapshotStoreTest {
    @TempDir
    Path state;
    @TempDir
    Path outside;
    ImageStack stack;

    @BeforeEach
    void open() throws Exception {
        stack = ImageStack.open(state);
    }

    @AfterEach
    void close() {
        stack.close();
    }

    private Layer layer(byte[] tar, byte[] blob, LayerCompression c) {
        return new Layer(c.ociMediaType(), Digest.of(blob), blob.length, Digest.of(tar));
    }

    private Path unpack(byte[] tar, LayerCompression c) throws Exception {
        byte[] blob = c == LayerCompression.NONE ? tar : TarBuilder.compress(tar, c);
        return stack.snapshots.ensure(layer(tar, blob, c), () -> new ByteArrayInputStream(blob));
    }

    private void assertNothingLeftBehind() throws Exception {
        assertThat(stack.snapshotDirs()).isEmpty();
        assertThat(stack.tempFiles()).isEmpty();
    }

    @Test
    void unpacksFilesDirsLinksWithMetadataInEveryCompression() throws Exception {
        for (LayerCompression c : LayerCompression.values()) {
            byte[] tar = new TarBuilder()
                    .dir("/", 0755)
                    .dir("./usr/", 0755)
                    .dir("usr/bin/", 0750)
                    .file("./usr/bin/tool", "#!/bin/sh\n" + c, 04755, 0, 0)
                    .file("usr/bin/owned", "x", 0640, 1000, 1001)
                    .symlink("usr/bin/alias", "tool")
                    .symlink("abs", "/etc/passwd")
                    .hardlink("usr/bin/tool2", "usr/bin/tool")
                    .device("dev-null", TarConstants.LF_CHR)
                    .device("fifo", TarConstants.LF_FIFO)
                    .file("implicit/parent/file.txt", "deep")
                    .tar();
            Path s = unpack(tar, c);
            assertThat(s).isEqualTo(state.resolve("snapshots").resolve(Digest.of(tar).hex()));
            Path tool = s.resolve("usr/bin/tool");
            assertThat(Files.readString(tool)).isEqualTo("#!/bin/sh\n" + c);
            assertThat(Files.getAttribute(tool, "unix:mode")).isEqualTo(0104755);
            assertThat(Files.getAttribute(s.resolve("usr/bin"), "unix:mode")).isEqualTo(040750);
            assertThat(Files.getLastModifiedTime(tool)).isEqualTo(FileTime.from(TestImages.MTIME));
            assertThat(Files.getLastModifiedTime(s.resolve("usr/bin"))).isEqualTo(FileTime.from(TestImages.MTIME));
            assertThat(Files.getAttribute(s.resolve("usr/bin/owned"), "unix:uid")).isEqualTo(1000);
            assertThat(Files.getAttribute(s.resolve("usr/bin/owned"), "unix:gid")).isEqualTo(1001);
            assertThat(Files.readSymbolicLink(s.resolve("usr/bin/alias"))).isEqualTo(Path.of("tool"));
            assertThat(Files.readSymbolicLink(s.resolve("abs"))).isEqualTo(Path.of("/etc/passwd"));
            assertThat(Files.getAttribute(s.resolve("usr/bin/tool2"), "unix:ino"))
                    .isEqualTo(Files.getAttribute(tool, "unix:ino"));
            assertThat(s.resolve("dev-null")).doesNotExist();
            assertThat(s.resolve("fifo")).doesNotExist();
            assertThat(s.resolve("implicit/parent/file.txt")).hasContent("deep");
        }
        assertThat(stack.snapshotDirs()).hasSize(3);
        assertThat(stack.tempFiles()).isEmpty();
    }

    @Test
    void whiteoutsBecomeCharDevicesAndOpaqueMarkersXattrs() throws Exception {
        byte[] tar = new TarBuilder()
                .dir("etc/", 0755)
                .file("etc/.wh.motd", "")
                .dir("root/", 0700)
                .file("root/.wh..wh..opq", "")
                .file("root/new.txt", "new")
                .file(".wh.gone-dir", "")
                .tar();
        Path s = unpack(tar, LayerCompression.GZIP);
        Map<String, Object> wh = Files.readAttributes(s.resolve("etc/motd"), "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        assertThat((Integer) wh.get("mode") & 0170000).isEqualTo(0020000);
        assertThat(wh.get("rdev")).isEqualTo(0L);
        assertThat(s.resolve("etc/.wh.motd")).doesNotExist();
        assertThat((Integer) Files.readAttributes(s.resolve("gone-dir"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
                .get("mode") & 0170000).isEqualTo(0020000);
        UserDefinedFileAttributeView x = Files.getFileAttributeView(s.resolve("root"),
                UserDefinedFileAttributeView.class);
        ByteBuffer b = ByteBuffer.allocate(8);
        x.read("overlay.opaque", b);
        assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)).isEqualTo("y");
        assertThat(s.resolve("root/.wh..wh..opq")).doesNotExist();
        assertThat(s.resolve("root/new.txt")).hasContent("new");
        assertThat(Files.getAttribute(s.resolve("root"), "unix:mode")).isEqualTo(040700);
    }

    @Test
    void dotDotEscapeIsRefusedNamingTheEntry() throws Exception {
        byte[] tar = new TarBuilder().file("ok", "fine").file("a/../../evil", "pwned").tar();
        assertThatThrownBy(() -> unpack(tar, LayerCompression.GZIP))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("'a/../../evil'")
                .hasMessageContaining("escapes the layer directory");
        assertNothingLeftBehind();
    }

    @Test
    void writingThroughAnAbsoluteSymlinkOfAnEarlierEntryIsRefused() throws Exception {
        byte[] tar = new TarBuilder().symlink("escape", outside.toString()).file("escape/pwned", "x").tar();
        assertThatThrownBy(() -> unpack(tar, LayerCompression.NONE))
                .hasMessageContaining("'escape/pwned'")
                .hasMessageContaining("runs through the symlink 'escape'");
        assertThat(outside.resolve("pwned")).doesNotExist();
        assertNothingLeftBehind();
    }

    @Test
    void symlinkToParentThenDirectoryEntryIsRefused() throws Exception {
        byte[] tar = new TarBuilder().symlink("up", "..").dir("up/x/", 0755).tar();
        assertThatThrownBy(() -> unpack(tar, LayerCompression.NONE))
                .hasMessageContaining("'up/x/'")
                .hasMessageContaining("symlink 'up'");
        assertNothingLeftBehind();
    }

    @Test
    void hardLinksOutsideOrToMissingEntriesAreRefused() throws Exception {
        byte[] out = new TarBuilder().hardlink("h", "../../etc/passwd").tar();
        assertThatThrownBy(() -> unpack(out, LayerCompression.NONE))
                .hasMessageContaining("'../../etc/passwd'").hasMessageContaining("escapes");
        byte[] missing = new TarBuilder().hardlink("h", "etc/passwd").tar();
        assertThatThrownBy(() -> unpack(missing, LayerCompression.NONE))
                .hasMessageContaining("entry 'h'").hasMessageContaining("not an earlier entry");
        byte[] viaSymlink = new TarBuilder().symlink("s", "/etc").hardlink("h", "s/passwd").tar();
        assertThatThrownBy(() -> unpack(viaSymlink, LayerCompression.NONE))
                .hasMessageContaining("entry 'h'").hasMessageContaining("symlink 's'");
        assertNothingLeftBehind();
    }

    @Test
    void truncatedGzipFailsAndLeavesNothing() throws Exception {
        byte[] big = new byte[3 << 20];
        new java.util.Random(1).nextBytes(big);
        byte[] tar = new TarBuilder().file("a", "x").file("big", new String(big, StandardCharsets.ISO_8859_1)).tar();
        byte[] gz = TarBuilder.compress(tar, LayerCompression.GZIP);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        Layer l = new Layer(LayerCompression.GZIP.ociMediaType(), Digest.of(cut), cut.length, Digest.of(tar));
        assertThatThrownBy(() -> stack.snapshots.ensure(l, () -> new ByteArrayInputStream(cut)))
                .hasMessageContaining("layer " + l.digest())
                .hasMessageContaining("corrupt or truncated");
        assertNothingLeftBehind();
    }

    @Test
    void wrongDiffIdFailsAndLeavesNothing() throws Exception {
        byte[] tar = new TarBuilder().file("a", "x").tar();
        byte[] gz = TarBuilder.compress(tar, LayerCompression.GZIP);
        Digest claimed = Digest.of("something else".getBytes(StandardCharsets.UTF_8));
        Layer l = new Layer(LayerCompression.GZIP.ociMediaType(), Digest.of(gz), gz.length, claimed);
        assertThatThrownBy(() -> stack.snapshots.ensure(l, () -> new ByteArrayInputStream(gz)))
                .hasMessageContaining("unpacks to diff_id " + Digest.of(tar))
                .hasMessageContaining("says " + claimed);
        assertNothingLeftBehind();
    }

    @Test
    void notATarAtAllFails() throws Exception {
        byte[] junk = "this is not a tar archive, not even close".repeat(20).getBytes(StandardCharsets.UTF_8);
        Layer l = new Layer(LayerCompression.GZIP.ociMediaType(), Digest.of(junk), junk.length, Digest.of(junk));
        assertThatThrownBy(() -> stack.snapshots.ensure(l, () -> new ByteArrayInputStream(junk)))
                .hasMessageContaining("not a valid gzip stream");
        assertNothingLeftBehind();
    }

    @Test
    void concurrentCallersUnpackALayerOnce() throws Exception {
        byte[] tar = new TarBuilder().file("a", "x".repeat(100000)).file("b", "y").tar();
        byte[] gz = TarBuilder.compress(tar, LayerCompression.GZIP);
        Layer l = layer(tar, gz, LayerCompression.GZIP);
        AtomicInteger opens = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Path>> results = new ArrayList<>();
        try (ExecutorService ex = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                results.add(ex.submit(() -> {
                    go.await();
                    return stack.snapshots.ensure(l, () -> {
                        opens.incrementAndGet();
                        sleep();
                        return new ByteArrayInputStream(gz);
                    });
                }));
            }
            go.countDown();
            for (Future<Path> f : results) {
                assertThat(f.get()).isEqualTo(stack.snapshots.path(l.diffId()));
            }
        }
        assertThat(opens).hasValue(1);
        assertThat(stack.snapshotDirs()).containsExactly(l.diffId().hex());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aKilledUnpackLeavesOnlyTempFilesWhichReopeningClears() throws Exception {
        Files.createDirectories(state.resolve("tmp/snapshot-abandoned/usr"));
        Files.writeString(state.resolve("tmp/snapshot-abandoned/usr/half"), "half");
        stack.close();
        stack = ImageStack.open(state);
        assertNothingLeftBehind();
    }
}
