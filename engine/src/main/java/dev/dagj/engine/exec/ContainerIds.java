package dev.dagj.engine.exec;

import dev.dagj.engine.digest.SystemRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Container and run-dir names: {@value #PREFIX}, the owning engine process ({@code <pid>-<start time>}), then 16
 * random hex digits. Stale ones are recognizable, and so is whose they are: a process is alive while
 * {@code /proc/<pid>/stat} shows the same start time, so one engine never removes the runs of another engine that
 * shares its state directory and is still running.
 */
final class ContainerIds {
    static final String PREFIX = "dagj-";
    /** This process: {@code <pid>-<start time in clock ticks since boot>}. */
    static final String OWNER = ProcessHandle.current().pid() + "-" + startTicks(ProcessHandle.current().pid());

    String next() {
        return PREFIX + OWNER + "-" + SystemRandom.hex(8);
    }

    static boolean isOurs(String id) {
        return id.startsWith(PREFIX);
    }

    /**
     * Whether the engine process that made {@code id} is still running (this one included). Names without an owner
     * (made by an older engine) or with an owner that is gone are stale.
     */
    static boolean ownerAlive(String id) {
        String[] parts = id.split("-");
        if (parts.length != 4 || !isOurs(id)) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            String ticks = startTicks(pid);
            return !ticks.isEmpty() && ticks.equals(parts[2]);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Field 22 of {@code /proc/<pid>/stat} (after the parenthesised command name), or "" without such a process. */
    private static String startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f.length > 19 ? f[19] : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
