package dev.dagj.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds test images from the host's static {@code /bin/busybox} with our own packer and pushes them with our own
 * publish: a single-platform busybox, a multi-platform index (amd64 busybox + a tiny arm64 image), a zstd variant, and
 * a two-layer image whose top layer has a whiteout and an opaque directory.
 */
final class TestImages {
    static final Instant MTIME = Instant.parse("2024-01-02T03:04:05Z");
    static final LayerPacker.Options GZIP = new LayerPacker.Options(LayerCompression.GZIP, Optional.of(MTIME));
    static final LayerPacker.Options ZSTD = new LayerPacker.Options(LayerCompression.ZSTD, Optional.of(MTIME));
    static final ImageConfig BUSYBOX_CONFIG = ImageConfig.EMPTY
            .withEnv(List.of("PATH=/bin"))
            .withCmd(List.of("/bin/sh"))
            .withWorkingDir("/root")
            .withLabels(Map.of("org.example.built-by", "dagj-tests"))
            .withExposedPorts(Set.of("8080/tcp"));

    private final ImageStack stack;
    private final Path work;
    private final LayerPacker packer;
    private int dirs;

    TestImages(ImageStack stack, Path work) {
        this.stack = stack;
        this.work = work;
        this.packer = new LayerPacker(stack.store);
    }

    /** The busybox rootfs of sandbox.md §2: bin/busybox plus one symlink per applet (not busybox itself). */
    Path busyboxRootfs() throws IOException, InterruptedException {
        Path root = newDir("rootfs");
        for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "etc", "root", "cache")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process p = new ProcessBuilder("/bin/busybox", "--list").redirectErrorStream(true).start();
        String list;
        try (InputStream in = p.getInputStream()) {
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        p.waitFor(10, TimeUnit.SECONDS);
        for (String applet : list.split("\n")) {
            applet = applet.strip();
            if (!applet.isEmpty() && !applet.equals("busybox") && !applet.contains("/")) {
                Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/motd"), "welcome\n");
        Files.writeString(root.resolve("root/base.txt"), "from the base layer\n");
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        return root;
    }

    Path newDir(String hint) throws IOException {
        Path d = work.resolve(hint + "-" + (dirs++));
        Files.createDirectories(d);
        return d;
    }

    Layer pack(Path dir, LayerPacker.Options options) throws ImageException {
        return packer.pack(dir, options);
    }

    Image busybox(LayerCompression compression) throws IOException, InterruptedException, ImageException {
        Layer l = pack(busyboxRootfs(), compression == LayerCompression.ZSTD ? ZSTD : GZIP);
        return stack.images.assemble(BUSYBOX_CONFIG, Platform.LINUX_AMD64, List.of(l));
    }

    ImageRef pushBusybox(ImageRef target) throws IOException, InterruptedException, ImageException {
        return stack.images.publish(target, List.of(busybox(LayerCompression.GZIP)));
    }

    ImageRef pushZstdBusybox(ImageRef target) throws IOException, InterruptedException, ImageException {
        return stack.images.publish(target, List.of(busybox(LayerCompression.ZSTD)));
    }

    /** An index of linux/amd64 (busybox) and linux/arm64 (one file, {@code /arch}, saying arm64). */
    ImageRef pushMultiPlatform(ImageRef target) throws IOException, InterruptedException, ImageException {
        Path arm = newDir("arm64");
        Files.writeString(arm.resolve("arch"), "arm64\n");
        Image armImage = stack.images.assemble(ImageConfig.EMPTY.withCmd(List.of("/arch")),
                new Platform("linux", "arm64", ""), List.of(pack(arm, GZIP)));
        return stack.images.publish(target, List.of(busybox(LayerCompression.GZIP), armImage));
    }

    /**
     * busybox plus a top layer that deletes {@code /etc/motd} (whiteout), replaces {@code /root} (opaque dir with
     * {@code new.txt}) and adds {@code /etc/added}. The top layer is packed from a directory in overlayfs' upper-dir
     * form (a 0/0 char device and the opaque xattr), so this also exercises the packer's conversion.
     */
    Image busyboxWithWhiteouts() throws IOException, InterruptedException, ImageException {
        Layer base = pack(busyboxRootfs(), GZIP);
        Path upper = upperDirWithWhiteouts();
        Layer top = pack(upper, GZIP);
        return stack.images.assemble(BUSYBOX_CONFIG, Platform.LINUX_AMD64, List.of(base, top));
    }

    Path upperDirWithWhiteouts() throws IOException, InterruptedException {
        Path upper = newDir("upper");
        Files.createDirectories(upper.resolve("etc"));
        Files.createDirectories(upper.resolve("root"));
        Files.writeString(upper.resolve("etc/added"), "added on top\n");
        Files.writeString(upper.resolve("root/new.txt"), "new root\n");
        mknodWhiteout(upper.resolve("etc/motd"));
        Files.getFileAttributeView(upper.resolve("root"), java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("overlay.opaque", java.nio.ByteBuffer.wrap(new byte[] {'y'}));
        for (String p : List.of("etc/added", "root/new.txt", "etc", "root")) {
            Files.setLastModifiedTime(upper.resolve(p), FileTime.from(MTIME));
        }
        return upper;
    }

    static void mknodWhiteout(Path p) throws IOException, InterruptedException {
        Process m = new ProcessBuilder("mknod", p.toString(), "c", "0", "0").inheritIO().start();
        if (m.waitFor() != 0) {
            throw new IOException("mknod " + p + " failed");
        }
    }
}
