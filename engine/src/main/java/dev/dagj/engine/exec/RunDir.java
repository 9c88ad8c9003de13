package dev.dagj.engine.exec;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratch directory of one run, {@code <stateDir>/exec-runs/<id>}: the OCI bundle ({@code config.json}), the
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
            Files.createDirectories(runsDir);
            Files.createDirectory(p);
        } catch (IOException e) {
            throw new ExecException("cannot create the run directory " + p + ": " + e.getMessage(), e);
        }
        return new RunDir(p);
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
     * Lays out overlay dir {@code name} and returns the script steps that mount it at {@code <name>/m}; the caller
     * then uses {@link #merged(String)}.
     */
    List<List<String>> overlay(String name, List<Path> lowers, Path upper, Path work, List<String> mount,
            boolean durable) throws ExecException {
        checkDir(upper, "upper");
        checkDir(work, "work");
        Path dir = path.resolve(name);
        StringBuilder lowerOpt = new StringBuilder();
        try {
            Files.createDirectories(dir.resolve("m"));
            for (int i = 0; i < lowers.size(); i++) {
                checkDir(lowers.get(i), "lower");
                Files.createSymbolicLink(dir.resolve(Integer.toString(i)), lowers.get(i));
                lowerOpt.append(i == 0 ? "" : ":").append(i);
            }
            Files.createSymbolicLink(dir.resolve("u"), upper);
            Files.createSymbolicLink(dir.resolve("w"), work);
        } catch (IOException e) {
            throw new ExecException("cannot prepare the overlay in " + dir + ": " + e.getMessage(), e);
        }
        List<List<String>> steps = new ArrayList<>();
        steps.add(List.of("cd", dir.toString()));
        List<String> mountStep = new ArrayList<>(mount);
        mountStep.addAll(List.of("-n", "-t", "overlay", "overlay", "-o", (durable ? "userxattr" : "userxattr,volatile")
                + ",lowerdir=" + lowerOpt + ",upperdir=u,workdir=w", "m"));
        steps.add(mountStep);
        steps.add(List.of("cd", path.toString()));
        return steps;
    }

    /**
     * A volatile overlay leaves {@code <work>/work/incompat/volatile} behind, and overlayfs refuses to mount that
     * work dir again while it exists. Called once the sandbox is gone (the mount died with its namespace).
     */
    static void clearVolatileMarker(Path work) throws ExecException {
        try {
            deleteTree(work.resolve("work").resolve("incompat"));
        } catch (IOException e) {
            throw new ExecException("cannot clear the volatile marker in the overlay work dir " + work + ": "
                    + e.getMessage(), e);
        }
    }

    Path merged(String name) {
        return path.resolve(name).resolve("m");
    }

    private static void checkDir(Path dir, String role) throws ExecException {
        if (!Files.isDirectory(dir)) {
            throw new ExecException("the overlay " + role + " directory " + dir + " does not exist");
        }
    }

    /** Removes the run dir; symlinks are removed, never followed. */
    void delete() throws ExecException {
        try {
            deleteTree(path);
        } catch (IOException e) {
            throw new ExecException("cannot remove the run directory " + path + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object rootDevice = Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!rootDevice.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    throw new IOException(dir + " is a mount point; not deleting what is mounted there");
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
