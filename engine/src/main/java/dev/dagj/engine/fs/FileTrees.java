package dev.dagj.engine.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes directory trees. Symbolic links are removed, never followed; entries that vanish while the walk runs (a
 * concurrent cleaner) are not errors. Two options cover the engine's special cases: {@link #deleteWithinDevice}
 * refuses to descend into a mount point (a run dir whose overlay is still mounted must not lose the layers mounted
 * there), and {@link #deleteQuietly} makes read-only directories writable first (Go's module cache is read-only).
 */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code root} and everything below it; nothing when it does not exist. */
    public static void delete(Path root) throws IOException {
        walk(root, false, false);
    }

    /** Like {@link #delete}, but fails on a directory of another device (a mount point) instead of entering it. */
    public static void deleteWithinDevice(Path root) throws IOException {
        walk(root, true, false);
    }

    /**
     * Best effort, for litter that a later start cleans: like {@link #delete}, but directories are made writable
     * first (so read-only trees go too), and what cannot be removed stays.
     */
    public static void deleteQuietly(Path root) {
        try {
            walk(root, false, true);
        } catch (IOException ignored) {
            // Best effort by contract.
        }
    }

    private static void walk(Path root, boolean sameDevice, boolean forceWritable) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object rootDevice = sameDevice ? Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS) : null;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (rootDevice != null
                        && !rootDevice.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    throw new IOException(dir + " is a mount point; not deleting what is mounted there");
                }
                if (forceWritable) {
                    dir.toFile().setWritable(true, true);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
