package dev.dagj.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull, unpack and publish against a real local registry: images are built and pushed by one state directory
 * ({@code publisher}) and pulled by another ({@code puller}), so every pull crosses the network.
 */
class ImageStoreTest {
    @RegisterExtension
    static final LocalRegistry REGISTRY = new LocalRegistry();

    @TempDir
    Path work;
    ImageStack publisher;
    ImageStack puller;
    TestImages images;

    @BeforeEach
    void open() throws Exception {
        publisher = ImageStack.open(work.resolve("publisher"));
        puller = ImageStack.open(work.resolve("puller"));
        images = new TestImages(publisher, work.resolve("build"));
    }

    @AfterEach
    void close() {
        publisher.close();
        puller.close();
    }

    @Test
    void publishReturnsTheDigestAndAPullGetsConfigLayersAndARunnableRootfs() throws Exception {
        ImageRef pushed = images.pushBusybox(REGISTRY.ref("busybox:v1"));
        assertThat(pushed.toString()).matches("127\\.0\\.0\\.1:\\d+/busybox:v1@sha256:[0-9a-f]{64}");

        Image image = puller.images.resolve(REGISTRY.ref("busybox:v1"), Platform.LINUX_AMD64);
        assertThat(image.ref()).contains(pushed);
        assertThat(image.manifestDigest()).isEqualTo(pushed.digest().orElseThrow());
        assertThat(image.manifest().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(image.config()).isEqualTo(TestImages.BUSYBOX_CONFIG);
        assertThat(image.config().exposedPorts()).containsExactly("8080/tcp");
        assertThat(image.platform()).isEqualTo(Platform.LINUX_AMD64);
        assertThat(image.layers()).hasSize(1);
        assertThat(image.layers().get(0).mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);

        List<Path> snaps = puller.images.ensureSnapshots(image);
        assertThat(snaps).containsExactly(puller.snapshots.path(image.layers().get(0).diffId()));
        Path root = snaps.get(0);
        assertThat(Files.isExecutable(root.resolve("bin/busybox"))).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.getAttribute(root.resolve("tmp"), "unix:mode")).isEqualTo(041777);
        Process p = new ProcessBuilder(root.resolve("bin/busybox").toString(), "cat",
                root.resolve("etc/passwd").toString()).redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("root:x:0:0");
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(puller.tempFiles()).isEmpty();
    }

    @Test
    void multiPlatformIndexResolvesPerPlatform() throws Exception {
        ImageRef pushed = images.pushMultiPlatform(REGISTRY.ref("multi:latest"));
        Image amd = puller.images.resolve(REGISTRY.ref("multi"), Platform.LINUX_AMD64);
        Image arm = puller.images.resolve(REGISTRY.ref("multi"), Platform.parse("linux/arm64/v8"));
        assertThat(amd.ref()).contains(pushed);
        assertThat(arm.ref()).contains(pushed);
        assertThat(amd.manifestDigest()).isNotEqualTo(pushed.digest().orElseThrow());
        assertThat(amd.platform()).isEqualTo(Platform.LINUX_AMD64);
        assertThat(arm.platform().architecture()).isEqualTo("arm64");
        Path armRoot = puller.images.ensureSnapshots(arm).get(0);
        assertThat(armRoot.resolve("arch")).hasContent("arm64");
        assertThat(puller.images.ensureSnapshots(amd).get(0).resolve("bin/busybox")).exists();
        assertThatThrownBy(() -> puller.images.resolve(REGISTRY.ref("multi"), Platform.parse("linux/s390x")))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("has no variant for platform linux/s390x")
                .hasMessageContaining("linux/amd64, linux/arm64");
    }

    @Test
    void zstdLayersArePulledAndVerified() throws Exception {
        images.pushZstdBusybox(REGISTRY.ref("busybox-zstd:v1"));
        Image image = puller.images.resolve(REGISTRY.ref("busybox-zstd:v1"), Platform.LINUX_AMD64);
        assertThat(image.layers().get(0).mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
        Path root = puller.images.ensureSnapshots(image).get(0);
        assertThat(root.resolve("bin/busybox")).isRegularFile();
    }

    @Test
    void whiteoutsAndOpaqueDirsSurviveTheRoundTripAndWorkInOverlayfs() throws Exception {
        ImageRef ref = publisher.images.publish(REGISTRY.ref("layered:v1"), List.of(images.busyboxWithWhiteouts()));
        Image image = puller.images.resolve(ref, Platform.LINUX_AMD64);
        List<Path> snaps = puller.images.ensureSnapshots(image);
        assertThat(snaps).hasSize(2);
        Path top = snaps.get(1);
        Object mode = Files.readAttributes(top.resolve("etc/motd"), "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode");
        assertThat((Integer) mode & 0170000).isEqualTo(0020000);
        ByteBuffer b = ByteBuffer.allocate(4);
        Files.getFileAttributeView(top.resolve("root"), java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .read("overlay.opaque", b);
        assertThat(b.position()).isEqualTo(1);

        // Packing the unpacked snapshot again gives the same tar, so the diff_id matches.
        Layer repacked = new LayerPacker(puller.store).pack(top, TestImages.GZIP);
        assertThat(repacked.diffId()).isEqualTo(image.layers().get(1).diffId());

        // The executor contract: overlayfs with userxattr honours both markers.
        Path merged = work.resolve("merged");
        Path upper = work.resolve("upper");
        Path wd = work.resolve("wd");
        for (Path d : List.of(merged, upper, wd)) {
            Files.createDirectories(d);
        }
        String script = "mount -t overlay overlay -o lowerdir=" + top + ":" + snaps.get(0) + ",upperdir=" + upper
                + ",workdir=" + wd + ",userxattr " + merged + " && ls -A " + merged + "/etc " + merged + "/root"
                + " && rm " + merged + "/etc/passwd && rm -r " + merged + "/root && mkdir " + merged + "/root"
                + " && echo x > " + merged + "/root/again";
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("added", "passwd", "new.txt").doesNotContain("motd", "base.txt");

        // The upper dir of that exec packs into a layer with .wh. entries.
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        new LayerPacker(puller.store).writeTar(upper, tar, Optional.empty());
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        assertThat(names).containsExactly("etc/", "etc/.wh.passwd", "root/", "root/.wh..wh..opq", "root/again");
    }

    @Test
    void pullByDigestNeedsNoNetworkOnceLocal() throws Exception {
        ImageRef pushed = images.pushBusybox(REGISTRY.ref("offline:v1"));
        Image first = puller.images.resolve(pushed, Platform.LINUX_AMD64);
        puller.images.ensureSnapshots(first);

        ImageRef unreachable = new ImageRef("127.0.0.1:" + LocalRegistry.freePort(), pushed.repository(),
                pushed.tag(), pushed.digest());
        ImageStore fresh = new ImageStore(puller.store, puller.snapshots, puller.registry);
        Image again = fresh.resolve(unreachable, Platform.LINUX_AMD64);
        assertThat(again.manifestDigest()).isEqualTo(first.manifestDigest());
        assertThat(fresh.ensureSnapshots(again)).isEqualTo(puller.images.ensureSnapshots(first));
    }

    /**
     * Views that share the engine's resolved images build an image from its pinned manifest once: the next session's
     * view resolves the tag again (it may have moved) but reuses the image, and a moved tag still gets the new image.
     */
    @Test
    void viewsOfOneEngineShareResolvedImages() throws Exception {
        ImageStore.Resolved shared = new ImageStore.Resolved();
        ImageRef v1 = images.pushBusybox(REGISTRY.ref("shared:latest"));
        Image first = new ImageStore(puller.store, puller.snapshots, puller.registry, shared)
                .resolve(REGISTRY.ref("shared"), Platform.LINUX_AMD64);
        ImageStore next = new ImageStore(puller.store, puller.snapshots, puller.registry, shared);
        assertThat(next.resolve(REGISTRY.ref("shared"), Platform.LINUX_AMD64)).isSameAs(first);
        assertThat(next.resolve(v1, Platform.LINUX_AMD64).manifestDigest()).isEqualTo(first.manifestDigest());
        ImageRef v2 = images.pushMultiPlatform(REGISTRY.ref("shared:latest"));
        Image moved = new ImageStore(puller.store, puller.snapshots, puller.registry, shared)
                .resolve(REGISTRY.ref("shared"), Platform.LINUX_AMD64);
        assertThat(moved.ref()).contains(v2);
        assertThat(moved).isNotSameAs(first);
    }

    @Test
    void tagsResolveOncePerImageStore() throws Exception {
        ImageRef v1 = images.pushBusybox(REGISTRY.ref("moving:latest"));
        assertThat(puller.images.resolve(REGISTRY.ref("moving"), Platform.LINUX_AMD64).ref()).contains(v1);
        ImageRef v2 = images.pushMultiPlatform(REGISTRY.ref("moving:latest"));
        assertThat(puller.images.resolve(REGISTRY.ref("moving"), Platform.LINUX_AMD64).ref()).contains(v1);
        ImageStore nextSession = new ImageStore(puller.store, puller.snapshots, puller.registry);
        assertThat(nextSession.resolve(REGISTRY.ref("moving"), Platform.LINUX_AMD64).ref()).contains(v2);
    }

    @Test
    void publishingToAnotherRepositoryOfTheSameRegistryMountsItsBlobsInsteadOfSendingThem() throws Exception {
        ImageRef pushed = images.pushBusybox(REGISTRY.ref("mount-src:v1"));
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.NONE, Optional.empty())) {
            Image pulled = puller.images.resolve(ImageRef.parse(proxy.host() + "/mount-src@"
                    + pushed.digest().orElseThrow()), Platform.LINUX_AMD64);
            Image changed = puller.images.assemble(pulled.config().withUser("nobody"), pulled.platform(),
                    pulled.layers());
            ImageRef out = puller.images.publish(ImageRef.parse(proxy.host() + "/mount-dst:v1"), List.of(changed));
            String layer = pulled.layers().get(0).digest().toString();
            assertThat(proxy.requests).anyMatch(r -> r.startsWith("POST /v2/mount-dst/blobs/uploads/?mount="
                    + layer.replace(":", "%3A") + "&from=mount-src"));
            assertThat(proxy.requests).as("the layer is neither fetched nor uploaded")
                    .noneMatch(r -> r.equals("GET /v2/mount-src/blobs/" + layer))
                    .noneMatch(r -> r.startsWith("PUT ") && r.contains(layer.replace(":", "%3A")));
            assertThat(puller.store.has(pulled.layers().get(0).digest())).isFalse();
            ImageStack third = ImageStack.open(work.resolve("third"));
            try (third) {
                Image back = third.images.resolve(REGISTRY.ref("mount-dst@" + out.digest().orElseThrow()),
                        Platform.LINUX_AMD64);
                assertThat(back.config().user()).isEqualTo("nobody");
                assertThat(third.images.ensureSnapshots(back).get(0).resolve("bin/busybox")).exists();
            }
        }
    }

    @Test
    void republishingAPulledImageElsewhereCopiesItsBlobsAndKeepsItsDigest() throws Exception {
        ImageRef pushed = images.pushBusybox(REGISTRY.ref("source:v1"));
        Image pulled = puller.images.resolve(pushed, Platform.LINUX_AMD64);
        ImageRef copy = puller.images.publish(REGISTRY.ref("copy:v1"), List.of(pulled));
        assertThat(copy.digest()).isEqualTo(pushed.digest());
        Image changed = puller.images.assemble(pulled.config().withUser("nobody"), pulled.platform(), pulled.layers());
        ImageRef changedRef = puller.images.publish(REGISTRY.ref("copy:v2"), List.of(changed));
        ImageStack third = ImageStack.open(work.resolve("third"));
        try (third) {
            Image back = third.images.resolve(changedRef, Platform.LINUX_AMD64);
            assertThat(back.config().user()).isEqualTo("nobody");
            assertThat(third.images.ensureSnapshots(back).get(0).resolve("bin/busybox")).exists();
        }
    }

    @Test
    void exportedTarballImportsToTheSameImage() throws Exception {
        Image built = images.busyboxWithWhiteouts();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.images.exportTarball(List.of(built), out);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        publisher.images.exportTarball(List.of(built), again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());

        Image imported;
        try (InputStream in = new java.io.ByteArrayInputStream(out.toByteArray())) {
            imported = puller.images.importTarball(in, Optional.empty(), Platform.LINUX_AMD64);
        }
        assertThat(imported.manifestDigest()).isEqualTo(built.manifestDigest());
        assertThat(imported.config()).isEqualTo(built.config());
        assertThat(imported.layers()).isEqualTo(built.layers());
        assertThat(imported.ref()).isEmpty();
        assertThat(puller.images.ensureSnapshots(imported)).hasSize(2);
    }
}
