package dev.dagj.engine.host;

import dev.dagj.engine.digest.SystemRandom;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes stored trees and files to the host, like Dagger's {@code Directory.export} and {@code File.export}. A
 * directory export merges into what {@code dest} already holds (or, with {@code wipe}, first removes what the tree
 * lacks); files get their stored modes and symlinks are recreated, never followed below {@code dest}. Every file and
 * symlink is written to a temp name in its directory and renamed into place, so a reader sees the old or the new
 * file, never half of one. A blob whose size disagrees with its tree entry is an error, not a wrong file.
 */
public final class HostExporter {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private final ContentStore store;

    public HostExporter(ContentStore store) {
        this.store = store;
    }

    /** Writes the stored tree {@code tree} into {@code dest}, creating it and its parents. */
    public void exportDirectory(Digest tree, Path dest, boolean wipe) throws EngineException {
        Path target = dest.toAbsolutePath().normalize();
        Tree root = store.tree(tree);
        makeDirectories(target, target);
        writeTree(root, target, target, wipe);
    }

    /** Writes the stored blob {@code blob} to {@code dest} with permission bits {@code mode}, creating parents. */
    public void exportFile(Digest blob, int mode, Path dest) throws EngineException {
        Path target = dest.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new EngineException("cannot export to " + target + ": it is a directory");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new EngineException("cannot export to " + target + ": it is a directory");
        }
        makeDirectories(target.getParent(), target);
        try (InputStream in = store.open(blob)) {
            writeFile(in, -1, mode, target, target);
        } catch (IOException e) {
            throw exportError(target, target, e);
        }
    }

    private void writeTree(Tree tree, Path dir, Path dest, boolean wipe) throws EngineException {
        if (wipe) {
            removeEntriesNotIn(tree, dir, dest);
        }
        for (TreeEntry e : tree.entries()) {
            Path p = dir.resolve(e.name());
            switch (e.kind()) {
                case DIR -> {
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        removeIfPresent(p, dest);
                        createDirectory(p, dest);
                    }
                    if ((e.mode() & 0700) != 0700) {
                        setMode(p, e.mode() | 0700, dest); // writable while its entries are written, say 0555
                    }
                    writeTree(store.tree(e.digest()), p, dest, wipe);
                    setMode(p, e.mode(), dest);
                }
                case FILE -> {
                    clearDirectoryInTheWay(p, dest);
                    try (InputStream in = store.open(e)) {
                        writeFile(in, e.size(), e.mode(), p, dest);
                    } catch (IOException x) {
                        throw exportError(dest, p, x);
                    }
                }
                case SYMLINK -> writeSymlink(e.linkTarget(), p, dest);
            }
        }
    }

    private void removeEntriesNotIn(Tree tree, Path dir, Path dest) throws EngineException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (tree.get(p.getFileName().toString()) == null) {
                    FileTrees.delete(p);
                }
            }
        } catch (IOException e) {
            throw exportError(dest, dir, e);
        }
    }

    /** A directory where a file or symlink goes cannot be renamed over: it is removed first. */
    private static void clearDirectoryInTheWay(Path p, Path dest) throws EngineException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            removeIfPresent(p, dest);
        }
    }

    private static void writeFile(InputStream in, long expectedSize, int mode, Path p, Path dest)
            throws EngineException {
        Path tmp = tempSibling(p);
        try {
            long n;
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                n = in.transferTo(java.nio.channels.Channels.newOutputStream(out));
            }
            if (expectedSize >= 0 && n != expectedSize) {
                throw new IOException("the stored blob changed size while being exported");
            }
            Files.setAttribute(tmp, "unix:mode", mode & 07777); // keeps setuid, setgid and sticky bits
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw exportError(dest, p, e);
        }
    }

    private static void writeSymlink(String target, Path p, Path dest) throws EngineException {
        clearDirectoryInTheWay(p, dest);
        Path tmp = tempSibling(p);
        try {
            Files.createSymbolicLink(tmp, Path.of(target));
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw exportError(dest, p, e);
        }
    }

    private static Path tempSibling(Path p) {
        return p.resolveSibling("." + p.getFileName() + ".dagj-" + SystemRandom.hex(4));
    }

    /** Creates {@code dir} and its parents, saying which ancestor is in the way when one is not a directory. */
    private static void makeDirectories(Path dir, Path dest) throws EngineException {
        for (Path a = dir; a != null; a = a.getParent()) {
            if (Files.exists(a)) {
                if (!Files.isDirectory(a)) {
                    throw new EngineException("cannot export to " + dest + ": " + a + " is a file");
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw exportError(dest, dir, e);
        }
    }

    private static void createDirectory(Path p, Path dest) throws EngineException {
        try {
            Files.createDirectory(p);
        } catch (IOException e) {
            throw exportError(dest, p, e);
        }
    }

    private static void setMode(Path p, int mode, Path dest) throws EngineException {
        try {
            Files.setAttribute(p, "unix:mode", mode & 07777);
        } catch (IOException e) {
            throw exportError(dest, p, e);
        }
    }

    private static void removeIfPresent(Path p, Path dest) throws EngineException {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            throw exportError(dest, p, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file we could not remove is named .<name>.dagj-*; it holds no partial target
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(BITS[i]);
            }
        }
        return s;
    }

    /** Why {@code path} (while exporting to {@code dest}) cannot be written, in the user's terms. */
    private static EngineException exportError(Path dest, Path path, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied: " + path;
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason().toLowerCase(java.util.Locale.ROOT) + ": " + path;
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            why = "no such file or directory: " + path;
        } else if (e instanceof java.nio.file.NotDirectoryException) {
            why = "not a directory: " + path;
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            why = "file exists: " + path;
        } else if (e instanceof FileSystemException) {
            why = e.getClass().getSimpleName() + ": " + path;
        } else {
            why = e.getMessage() + " (" + path + ")";
        }
        return new EngineException("cannot export to " + dest + ": " + why, e);
    }
}
