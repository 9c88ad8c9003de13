package dev.dagj.engine.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * For tests outside this package: a real local registry ({@link LocalRegistry}) plus busybox test images built and
 * pushed by a publisher state directory of its own ({@link TestImages}), so engines under test pull over the network.
 */
public final class RegistryFixture implements AutoCloseable {
    private final LocalRegistry registry = new LocalRegistry();
    private final Path work;
    private ImageStack publisher;
    private TestImages images;

    private RegistryFixture(Path work) {
        this.work = work;
    }

    /** Starts a registry and a publisher under {@code work}. */
    public static RegistryFixture start(Path work) throws Exception {
        RegistryFixture f = new RegistryFixture(work);
        f.registry.start();
        f.publisher = ImageStack.open(Files.createDirectories(work.resolve("publisher")));
        f.images = new TestImages(f.publisher, work.resolve("build"));
        return f;
    }

    /** {@code 127.0.0.1:<port>} */
    public String host() {
        return registry.host();
    }

    /** Pushes the busybox image to {@code repoAndTag}; returns the pushed {@code ref@sha256:...}. */
    public String pushBusybox(String repoAndTag) throws Exception {
        return images.pushBusybox(registry.ref(repoAndTag)).toString();
    }

    /** Pushes busybox with one more layer holding {@code file} = {@code contents}. */
    public String pushBusyboxWith(String repoAndTag, String file, String contents) throws Exception {
        Layer base = images.pack(images.busyboxRootfs(), TestImages.GZIP);
        Path extra = images.newDir("extra");
        Files.createDirectories(extra.resolve(file).getParent());
        Files.writeString(extra.resolve(file), contents);
        Layer top = images.pack(extra, TestImages.GZIP);
        Image image = publisher.images.assemble(TestImages.BUSYBOX_CONFIG, Platform.LINUX_AMD64, List.of(base, top));
        return publisher.images.publish(registry.ref(repoAndTag), List.of(image)).toString();
    }

    /** Pushes a linux/amd64 + linux/arm64 index. */
    public String pushMultiPlatform(String repoAndTag) throws Exception {
        return images.pushMultiPlatform(registry.ref(repoAndTag)).toString();
    }

    /** The config every busybox test image has (env PATH=/bin, workdir /root, cmd /bin/sh, a label, port 8080). */
    public static ImageConfig busyboxConfig() {
        return TestImages.BUSYBOX_CONFIG;
    }

    @Override
    public void close() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        registry.stop();
    }
}
