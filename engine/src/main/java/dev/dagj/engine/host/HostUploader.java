package dev.dagj.engine.host;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.PathFilter;
import dev.dagj.engine.store.StoreException;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** TEMP stand-in: uploads host files into the content store (no change detection, naive .gitignore). */
public final class HostUploader {
    private final ContentStore store;

    public HostUploader(ContentStore store, Path stateDir) {
        this.store = store;
    }

    public Digest uploadDirectory(Path dir, List<String> include, List<String> exclude, boolean gitignore)
            throws EngineException {
        if (!Files.isDirectory(dir)) {
            throw new EngineException("host directory " + dir + " does not exist or is not a directory");
        }
        List<String> ex = new ArrayList<>(exclude);
        Path gi = dir.resolve(".gitignore");
        if (gitignore && Files.isRegularFile(gi)) {
            try {
                for (String line : Files.readAllLines(gi)) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        ex.add(l);
                    }
                }
            } catch (IOException e) {
                throw new EngineException("cannot read " + gi + ": " + e.getMessage(), e);
            }
        }
        Digest d = walk(dir, "", new PathFilter(include, ex));
        return d == null ? store.putTree(Tree.EMPTY) : d;
    }

    public Digest uploadFile(Path file) throws EngineException {
        if (!Files.isRegularFile(file)) {
            throw new EngineException("host file " + file + " does not exist or is not a regular file");
        }
        return store.putTree(new Tree(List.of(fileEntry(file, file.getFileName().toString()))));
    }

    private Digest walk(Path dir, String prefix, PathFilter f) throws EngineException {
        List<TreeEntry> kept = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String rel = prefix.isEmpty() ? name : prefix + "/" + name;
                if (Files.isSymbolicLink(p)) {
                    if (f.keeps(rel)) {
                        kept.add(TreeEntry.symlink(name, Files.readSymbolicLink(p).toString()));
                    }
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (f.keeps(rel) || f.mayKeepUnder(rel)) {
                        Digest sub = walk(p, rel, f);
                        if (sub != null) {
                            kept.add(TreeEntry.dir(name, mode(p), sub));
                        } else if (f.keeps(rel)) {
                            kept.add(TreeEntry.dir(name, mode(p), store.putTree(Tree.EMPTY)));
                        }
                    }
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && f.keeps(rel)) {
                    kept.add(fileEntry(p, name));
                }
            }
        } catch (IOException e) {
            throw new EngineException("cannot read host directory " + dir + ": " + e.getMessage(), e);
        }
        if (kept.isEmpty() && !prefix.isEmpty()) {
            return null;
        }
        return store.putTree(new Tree(kept));
    }

    private TreeEntry fileEntry(Path p, String name) throws StoreException {
        ContentStore.Stored s = store.putFile(p);
        return TreeEntry.file(name, mode(p), s.size(), s.digest());
    }

    private static int mode(Path p) throws StoreException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            int m = 0;
            for (PosixFilePermission x : perms) {
                m |= 1 << (8 - x.ordinal());
            }
            return m;
        } catch (IOException e) {
            throw new StoreException("cannot stat " + p + ": " + e.getMessage(), e);
        }
    }
}
