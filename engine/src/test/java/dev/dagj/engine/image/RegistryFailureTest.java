package dev.dagj.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.dagj.engine.digest.Digest;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bad registries and bad data: every failure names the image and registry, and leaves no partial snapshot. */
class RegistryFailureTest {
    @RegisterExtension
    static final LocalRegistry REGISTRY = new LocalRegistry();

    @TempDir
    Path work;
    ImageStack publisher;
    ImageStack puller;

    @BeforeEach
    void open() throws Exception {
        publisher = ImageStack.open(work.resolve("publisher"));
        puller = ImageStack.open(work.resolve("puller"));
    }

    @AfterEach
    void close() {
        publisher.close();
        puller.close();
    }

    private void assertNothingLeftBehind() throws Exception {
        assertThat(puller.snapshotDirs()).isEmpty();
        assertThat(puller.tempFiles()).isEmpty();
    }

    @Test
    void anImageThatDoesNotExist() throws Exception {
        ImageRef nope = REGISTRY.ref("nope");
        assertThatThrownBy(() -> puller.images.resolve(nope, Platform.LINUX_AMD64))
                .isInstanceOf(ImageException.class)
                .hasMessage("pull access denied / not found: " + REGISTRY.host() + "/nope:latest (MANIFEST_UNKNOWN)")
                .satisfies(e -> {
                    assertThat(((ImageException) e).image()).contains(REGISTRY.host() + "/nope:latest");
                    assertThat(((ImageException) e).registry()).contains(REGISTRY.host());
                });
    }

    @Test
    void aRegistryThatIsDown() throws Exception {
        String down = "127.0.0.1:" + LocalRegistry.freePort();
        assertThatThrownBy(() -> puller.images.resolve(ImageRef.parse(down + "/app:v1"), Platform.LINUX_AMD64))
                .hasMessageStartingWith("registry " + down + " is not reachable: connection refused")
                .hasMessageContaining(down + "/app:v1");
    }

    @Test
    void aServerAnsweringHtmlIsGarbage() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> FrontProxy.send(x, 200, "text/html", "<html><body>Welcome to nginx"));
        server.start();
        try {
            String host = "127.0.0.1:" + server.getAddress().getPort();
            assertThatThrownBy(() -> puller.images.resolve(ImageRef.parse(host + "/app:v1"), Platform.LINUX_AMD64))
                    .hasMessageStartingWith("registry " + host + " answered garbage for " + host + "/app:v1")
                    .hasMessageContaining("not JSON")
                    .hasMessageContaining("text/html");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatDoesNotSpeakHttp() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept(); OutputStream o = s.getOutputStream()) {
                        o.write("SSH-2.0-OpenSSH_9.2\r\nnonsense\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            String host = "127.0.0.1:" + socket.getLocalPort();
            assertThatThrownBy(() -> puller.images.resolve(ImageRef.parse(host + "/app:v1"), Platform.LINUX_AMD64))
                    .isInstanceOf(ImageException.class)
                    .hasMessageStartingWith("registry " + host + " answered garbage for " + host + "/app:v1")
                    .hasMessageContaining("not an HTTP response");
        }
    }

    @Test
    void aLayerWhoseBytesDoNotMatchItsDigest() throws Exception {
        ImageRef pushed = new TestImages(publisher, work.resolve("build")).pushBusybox(REGISTRY.ref("tampered:v1"));
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.NONE, Optional.empty())) {
            ImageRef via = ImageRef.parse(proxy.host() + "/tampered:v1");
            Image image = puller.images.resolve(via, Platform.LINUX_AMD64);
            Digest layer = image.layers().get(0).digest();
            proxy.tamperedDigests.add(layer.toString());
            assertThatThrownBy(() -> puller.images.ensureSnapshots(image))
                    .isInstanceOf(ImageException.class)
                    .hasMessageContaining("layer of " + via.withDigest(pushed.digest().orElseThrow()))
                    .hasMessageContaining("from registry " + proxy.host())
                    .hasMessageContaining("but " + layer + " was expected");
            assertThat(puller.store.has(layer)).isFalse();
            assertNothingLeftBehind();
        }
    }

    @Test
    void aTruncatedGzipLayer() throws Exception {
        TestImages images = new TestImages(publisher, work.resolve("build"));
        Layer good = images.pack(images.busyboxRootfs(), TestImages.GZIP);
        byte[] gz = publisher.store.readBytes(good.digest());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        Digest cutDigest = publisher.store.putBytes(cut);
        Layer truncated = new Layer(good.mediaType(), cutDigest, cut.length, good.diffId());
        Image broken = publisher.images.assemble(ImageConfig.EMPTY, Platform.LINUX_AMD64, List.of(truncated));
        ImageRef ref = publisher.images.publish(REGISTRY.ref("truncated:v1"), List.of(broken));

        Image image = puller.images.resolve(ref, Platform.LINUX_AMD64);
        assertThatThrownBy(() -> puller.images.ensureSnapshots(image))
                .hasMessageStartingWith("image " + ref + ": layer " + cutDigest)
                .hasMessageContaining("corrupt or truncated");
        assertNothingLeftBehind();
    }

    @Test
    void aHostileLayerFromARegistry() throws Exception {
        byte[] tar = new TarBuilder().file("fine", "ok").symlink("etc", "/etc").file("etc/cron.d/evil", "* * *").tar();
        byte[] gz = TarBuilder.compress(tar, LayerCompression.GZIP);
        Layer evil = new Layer(MediaTypes.OCI_LAYER_GZIP, publisher.store.putBytes(gz), gz.length, Digest.of(tar));
        Image image = publisher.images.assemble(ImageConfig.EMPTY, Platform.LINUX_AMD64, List.of(evil));
        ImageRef ref = publisher.images.publish(REGISTRY.ref("hostile:v1"), List.of(image));
        Image pulled = puller.images.resolve(ref, Platform.LINUX_AMD64);
        assertThatThrownBy(() -> puller.images.ensureSnapshots(pulled))
                .hasMessageContaining("image " + ref)
                .hasMessageContaining("entry 'etc/cron.d/evil' runs through the symlink 'etc'");
        assertThat(Path.of("/etc/cron.d/evil")).doesNotExist();
        assertNothingLeftBehind();
    }

    @Test
    void publishingToADigestIsRefused() throws Exception {
        Image image = publisher.images.assemble(ImageConfig.EMPTY, Platform.LINUX_AMD64, List.of());
        ImageRef target = REGISTRY.ref("x@sha256:" + "b".repeat(64));
        assertThatThrownBy(() -> publisher.images.publish(target, List.of(image)))
                .hasMessageContaining("use a tag");
        assertThat(Files.exists(work.resolve("puller/snapshots"))).isTrue();
    }
}
