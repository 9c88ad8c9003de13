package dev.dagj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A minimal root filesystem from the host's static busybox (Debian's busybox-static), for container tests. */
final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    static void create(Path root) throws IOException, InterruptedException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new IllegalStateException("/bin/busybox is missing: install busybox-static (./run-tests does)");
        }
        for (String d : new String[] {"bin", "proc", "sys", "dev", "tmp", "etc", "root"}) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        Process p = new ProcessBuilder(busybox.toString(), "--list").start();
        String list;
        try (InputStream in = p.getInputStream()) {
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        p.waitFor();
        for (String applet : list.split("\n")) {
            // --list names busybox itself: linking it would replace the binary with a symlink to itself.
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(root.resolve("bin").resolve(applet.trim()), Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.setPosixFilePermissions(root.resolve("tmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }
}
