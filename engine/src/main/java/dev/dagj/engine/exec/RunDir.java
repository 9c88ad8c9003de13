package dev.dagj.engine.exec;

import dev.dagj.engine.fs.FileTrees;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The scratch directory of one run, {@code <runsDir>/<id>} ({@link ExecConfig#runsDir}): the OCI bundle ({@code config.json}), the
 * runtime's log or status file, the "started" marker, and one sub-directory per overlay ({@code r} for the root,
 * {@code c0, c1 ...} for copy-on-write mounts). Each overlay dir holds symlinks {@code 0, 1, ...} to the lowers,
 * {@code u} and {@code w} to upper and work, and the mount point {@code m}. The mount is made with the overlay dir as
 * working directory and relative names, so the option string stays short (overlayfs accepts one page) whatever the
 * layer paths are. Deleting never follows the symlinks.
 */
final class RunDir {
    static final String STARTED = "started";
    private final Path path;

    private RunDir(Path path) {
        this.path = path;
    }

    static RunDir create(Path runsDir, String id) throws ExecException {
        Path p = runsDir.resolve(id);
        try {
            for (int attempt = 0;; attempt++) {
                if (!Files.isDirectory(runsDir, LinkOption.NOFOLLOW_LINKS)) {
                    createPrivate(runsDir);
                }
                try {
                    Files.createDirectory(p);
                    break;
                } catch (NoSuchFileException e) {
                    if (attempt > 0) {
                        throw e;
                    }
                    // An engine on the same state dir that closed just now removed the empty runs dir: make it again.
                }
            }
        } catch (IOException e) {
            throw new ExecException("cannot create the run directory " + p + ": " + e.getMessage(), e);
        }
        return new RunDir(p);
    }

    /**
     * Creates {@code runsDir}; in the shared {@code /dev/shm}, with a parent only the engine's user may enter, and
     * refusing a parent that someone else made.
     */
    private static void createPrivate(Path runsDir) throws IOException {
        FileAttribute<Set<PosixFilePermission>> owner = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"));
        Path parent = runsDir.getParent();
        if (!parent.getParent().equals(Path.of("/dev/shm"))) {
            Files.createDirectories(runsDir);
            return;
        }
        if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(parent.getParent());
            try {
                Files.createDirectory(parent, owner);
            } catch (FileAlreadyExistsException e) {
                // Made concurrently; checked below.
            }
        }
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)
                || !uid.equals(Files.getAttribute(parent, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            throw new IOException(parent + " is not a directory of uid " + uid);
        }
        try {
            Files.createDirectory(runsDir, owner);
        } catch (FileAlreadyExistsException e) {
            // Made concurrently.
        }
    }

    /**
     * Removes {@code runsDir}, and its private parent in {@code /dev/shm}, when they are empty, so engines that come
     * and go (tests, one CLI run per state dir) leave nothing in the shared tmpfs. A runs dir still in use by another
     * engine on the same state dir is not empty and stays; {@link #create} makes it again if it went away.
     */
    static void removeIfEmpty(Path runsDir) {
        removeIfEmpty(runsDir, true);
    }

    /** {@link #removeIfEmpty(Path)}, leaving the parent in {@code /dev/shm} alone unless {@code parentToo}. */
    static void removeIfEmpty(Path runsDir, boolean parentToo) {
        try {
            Files.deleteIfExists(runsDir);
            Path parent = runsDir.getParent();
            if (parentToo && parent.getParent().equals(Path.of("/dev/shm"))) {
                Files.deleteIfExists(parent);
            }
        } catch (IOException e) {
            // Not empty (in use, or a run left by a crash that the next start cleans), or already gone.
        }
    }

    Path path() {
        return path;
    }

    Path file(String name) {
        return path.resolve(name);
    }

    boolean started() {
        return Files.exists(file(STARTED));
    }

    /**
     * An overlay laid out in the run dir: {@code dir} holds the symlinks {@code 0 .. lowers-1} to the lower dirs,
     * {@code u} and {@code w} to upper and work, and the mount point {@code m}.
     */
    record OverlayDir(Path dir, int lowers, boolean durable) {
        /**
         * The overlay's mount option string, each layer named by its symlink with {@code prefix} in front: empty when
         * the mount is made with {@link #dir} as working directory, so the string stays short (overlayfs accepts one
         * page) whatever the layer paths are.
         */
        String options(String prefix) {
            StringBuilder o = new StringBuilder(durable ? "userxattr" : "userxattr,volatile").append(",lowerdir=");
            for (int i = 0; i < lowers; i++) {
                o.append(i == 0 ? "" : ":").append(prefix).append(i);
            }
            return o.append(",upperdir=").append(prefix).append("u,workdir=").append(prefix).append('w').toString();
        }

        Path mountPoint() {
            return dir.resolve("m");
        }
    }

    /**
     * Lays out overlay dir {@code name} (symlinks to the layers and the empty mount point {@code <name>/m}); the
     * caller mounts it.
     */
    OverlayDir overlay(String name, List<Path> lowers, Path upper, Path work, boolean durable) throws ExecException {
        checkDir(upper, "upper");
        checkDir(work, "work");
        Path dir = path.resolve(name);
        clearVolatileMarker(work);
        try {
            Files.createDirectories(dir.resolve("m"));
            for (int i = 0; i < lowers.size(); i++) {
                checkDir(lowers.get(i), "lower");
                Files.createSymbolicLink(dir.resolve(Integer.toString(i)), lowers.get(i));
            }
            Files.createSymbolicLink(dir.resolve("u"), upper);
            Files.createSymbolicLink(dir.resolve("w"), work);
        } catch (IOException e) {
            throw new ExecException("cannot prepare the overlay in " + dir + ": " + e.getMessage(), e);
        }
        return new OverlayDir(dir, lowers.size(), durable);
    }

    /**
     * A volatile overlay leaves {@code <work>/work/incompat/volatile} behind, and overlayfs refuses to mount that
     * work dir again while it exists. Cleared when a work dir is mounted again (rather than after every run: most
     * callers delete their work dir, so that saves three directory removals per run).
     */
    static void clearVolatileMarker(Path work) throws ExecException {
        Path incompat = work.resolve("work").resolve("incompat");
        if (!Files.exists(incompat, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            FileTrees.deleteWithinDevice(incompat);
        } catch (IOException e) {
            throw new ExecException("cannot clear the volatile marker in the overlay work dir " + work + ": "
                    + e.getMessage(), e);
        }
    }

    private static void checkDir(Path dir, String role) throws ExecException {
        if (!Files.isDirectory(dir)) {
            throw new ExecException("the overlay " + role + " directory " + dir + " does not exist");
        }
    }

    /** Removes the run dir; symlinks are removed, never followed. */
    void delete() throws ExecException {
        try {
            FileTrees.deleteWithinDevice(path);
        } catch (IOException e) {
            throw new ExecException("cannot remove the run directory " + path + ": " + e.getMessage(), e);
        }
    }
}
