package dev.dagj.engine.container;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads what overlayfs would show for a stack of layer directories (top first) into a stored tree: an upper entry
 * hides lower ones, a whiteout (character device 0/0) hides the name, a directory with {@code user.overlay.opaque=y}
 * hides the directories below it. Sockets, fifos and other devices are skipped; ownership is not kept.
 */
final class MergedViewReader {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;

    private final ContentStore store;

    MergedViewReader(ContentStore store) {
        this.store = store;
    }

    /** Thrown when {@code path} is missing or not a directory in the merged view. */
    static final class NotADirectoryException extends ContainerException {
        private static final long serialVersionUID = 1L;

        NotADirectoryException(String message) {
            super(message);
        }
    }

    /** The tree of the directory at normal path {@code path} ("" for the root) in the merged view of {@code layers}. */
    Digest read(List<Path> layersTopFirst, String path) throws ContainerException {
        List<Path> dirs = new ArrayList<>(layersTopFirst);
        if (!path.isEmpty()) {
            for (String name : path.split("/")) {
                dirs = descend(dirs, name, path);
            }
        }
        try {
            return readDir(dirs);
        } catch (IOException | StoreException e) {
            throw new ContainerException("cannot read /" + path + " of the container: " + e.getMessage(), e);
        }
    }

    private List<Path> descend(List<Path> dirs, String name, String path) throws ContainerException {
        List<Path> out = new ArrayList<>();
        try {
            for (Path d : dirs) {
                Path p = d.resolve(name);
                int mode = mode(p);
                if (mode < 0) {
                    continue;
                }
                if ((mode & S_IFMT) != S_IFDIR) {
                    if (out.isEmpty()) {
                        throw new NotADirectoryException(isWhiteout(p, mode) ? "no such file or directory: /" + path
                                : "/" + path + " is not a directory");
                    }
                    break;
                }
                out.add(p);
                if (isOpaque(p)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new ContainerException("cannot read /" + path + " of the container: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new NotADirectoryException("no such file or directory: /" + path);
        }
        return out;
    }

    private Digest readDir(List<Path> dirs) throws IOException, StoreException {
        TreeSet<String> names = new TreeSet<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        List<TreeEntry> entries = new ArrayList<>();
        for (String name : names) {
            List<Path> sub = new ArrayList<>();
            TreeEntry leaf = null;
            int dirMode = 0;
            boolean decided = false;
            for (Path d : dirs) {
                Path p = d.resolve(name);
                int mode = mode(p);
                if (mode < 0) {
                    continue;
                }
                int type = mode & S_IFMT;
                if (type == S_IFDIR) {
                    if (sub.isEmpty()) {
                        dirMode = mode & 07777;
                    }
                    sub.add(p);
                    decided = true;
                    if (isOpaque(p)) {
                        break;
                    }
                    continue;
                }
                if (sub.isEmpty() && !decided) {
                    leaf = leaf(name, p, mode);
                }
                break;
            }
            if (!sub.isEmpty()) {
                entries.add(TreeEntry.dir(name, dirMode, readDir(sub)));
            } else if (leaf != null) {
                entries.add(leaf);
            }
        }
        return store.putTree(new Tree(entries));
    }

    private TreeEntry leaf(String name, Path p, int mode) throws IOException, StoreException {
        return switch (mode & S_IFMT) {
            case S_IFREG -> {
                ContentStore.Stored s = store.putFile(p);
                yield TreeEntry.file(name, mode & 07777, s.size(), s.digest());
            }
            case S_IFLNK -> TreeEntry.symlink(name, Files.readSymbolicLink(p).toString());
            default -> null;
        };
    }

    /** The st_mode of {@code p} (not following links), or -1 when it does not exist. */
    static int mode(Path p) throws IOException {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    static boolean isWhiteout(Path p, int mode) throws IOException {
        return (mode & S_IFMT) == S_IFCHR && ((Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS)) == 0;
    }

    static boolean isOpaque(Path dir) {
        try {
            UserDefinedFileAttributeView v = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (v == null || !v.list().contains("overlay.opaque")) {
                return false;
            }
            ByteBuffer b = ByteBuffer.allocate(8);
            v.read("overlay.opaque", b);
            b.flip();
            return b.remaining() >= 1 && b.get(0) == 'y';
        } catch (IOException e) {
            return false;
        }
    }
}
