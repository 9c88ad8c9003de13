package dev.dagj.engine.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a busybox root filesystem built from the host's static {@code /bin/busybox} (package
 * busybox-static) under {@code base}: {@code /bin/busybox} plus one symlink per applet (skipping {@code busybox}
 * itself, which would replace the binary), {@code /etc/passwd} and {@code /etc/group} for root, a 1777
 * {@code /tmp}, and empty {@code /proc}, {@code /dev}, {@code /sys} and {@code /root}. {@link #overlay()} gives a
 * fresh overlay root over it with its own upper and work dirs.
 */
final class BusyboxRootFs {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private final Path base;
    private final Path lower;
    private final AtomicInteger overlays = new AtomicInteger();

    private BusyboxRootFs(Path base, Path lower) {
        this.base = base;
        this.lower = lower;
    }

    static BusyboxRootFs create(Path base) throws IOException, InterruptedException {
        Path root = base.resolve("busybox-rootfs");
        for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "etc", "root")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (list.waitFor() != 0) {
            throw new IOException("busybox --list failed: " + applets);
        }
        for (String a : applets.split("\n")) {
            if (a.isBlank() || a.equals("busybox")) {
                continue;
            }
            Files.createSymbolicLink(root.resolve("bin").resolve(a), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        return new BusyboxRootFs(base, root);
    }

    /** The read-only busybox tree (the lowest layer). */
    Path lower() {
        return lower;
    }

    /** A new overlay root: {@code extraLowers} (top first) over busybox, with a fresh upper and work dir. */
    RootFs.Overlay overlay(Path... extraLowers) {
        Path dir = base.resolve("ovl-" + overlays.incrementAndGet());
        try {
            Files.createDirectories(dir.resolve("upper"));
            Files.createDirectories(dir.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> lowers = new java.util.ArrayList<>(List.of(extraLowers));
        lowers.add(lower);
        return new RootFs.Overlay(lowers, dir.resolve("upper"), dir.resolve("work"));
    }
}
