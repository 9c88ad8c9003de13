package dev.dagj.engine.host;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/** TEMP stand-in: writes stored trees and blobs to host paths. */
public final class HostExporter {
    private final ContentStore store;

    public HostExporter(ContentStore store) {
        this.store = store;
    }

    public void exportDirectory(Digest tree, Path dest, boolean wipe) throws EngineException {
        try {
            if (wipe && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.walk(dest)) {
                    for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dest);
            write(tree, dest);
        } catch (IOException e) {
            throw new EngineException("cannot export to " + dest + ": " + reason(e), e);
        }
    }

    public void exportFile(Digest blob, int mode, Path dest) throws EngineException {
        try {
            if (dest.getParent() != null) {
                Files.createDirectories(dest.getParent());
            }
            writeFile(blob, mode, dest);
        } catch (IOException e) {
            throw new EngineException("cannot export to " + dest + ": " + reason(e), e);
        }
    }

    private void write(Digest tree, Path dir) throws IOException, EngineException {
        for (TreeEntry e : store.tree(tree).entries()) {
            Path p = dir.resolve(e.name());
            switch (e.kind()) {
                case DIR -> {
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(p);
                        Files.createDirectory(p);
                    }
                    write(e.digest(), p);
                    Files.setPosixFilePermissions(p, perms(e.mode()));
                }
                case FILE -> writeFile(e.digest(), e.mode(), p);
                case SYMLINK -> {
                    Files.deleteIfExists(p);
                    Files.createSymbolicLink(p, Path.of(e.linkTarget()));
                }
            }
        }
    }

    private void writeFile(Digest blob, int mode, Path p) throws IOException, EngineException {
        try (InputStream in = store.open(blob)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(p, perms(mode));
    }

    private static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission x : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - x.ordinal()))) != 0) {
                s.add(x);
            }
        }
        return s;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName().replace("Exception", "") + " " + e.getMessage();
    }
}
