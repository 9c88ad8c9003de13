package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs and trees in one state directory, laid out as {@code blobs/sha256/<2 hex>/<64 hex>}, with writes staged in
 * {@code tmp/}. A blob becomes visible only by an atomic rename of a complete temp file, so a reader never sees a
 * partial blob; blobs of 1 MiB or more and all trees are fsynced before the rename. Opening the store removes temp
 * files a killed process left behind.
 */
public final class ContentStore {
    private static final int SYNC_THRESHOLD = 1 << 20;
    private static final int TREE_CACHE_SIZE = 4096;

    private final Path root;
    private final Path blobs;
    private final Path tmp;
    private final Map<Digest, Tree> treeCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, Tree> eldest) {
            return size() > TREE_CACHE_SIZE;
        }
    };

    private ContentStore(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.tmp = root.resolve("tmp");
    }

    /** Opens (creating if needed) the store under {@code root} and clears stale temp files. */
    public static ContentStore open(Path root) throws StoreException {
        ContentStore s = new ContentStore(root.toAbsolutePath().normalize());
        try {
            Files.createDirectories(s.blobs);
            Files.createDirectories(s.tmp);
            try (Stream<Path> stale = Files.list(s.tmp)) {
                for (Path p : (Iterable<Path>) stale::iterator) {
                    deleteRecursively(p);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the engine state directory " + root + ": " + e.getMessage()
                    + " (choose another with --state-dir or DAGJ_STATE_DIR)", e);
        }
        return s;
    }

    public Path root() {
        return root;
    }

    /** A fresh, unique path under the store's temp directory (not created). */
    public Path tempPath(String hint) {
        return tmp.resolve(hint + "-" + UUID.randomUUID());
    }

    public Path blobPath(Digest d) {
        return blobs.resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    public boolean has(Digest d) {
        return Files.exists(blobPath(d));
    }

    public Digest putBytes(byte[] data) throws StoreException {
        Digest d = Digest.of(data);
        if (has(d)) {
            return d;
        }
        Path t = tempPath("blob");
        try (FileChannel c = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                c.write(b);
            }
            if (data.length >= SYNC_THRESHOLD) {
                c.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(t);
            throw new StoreException("cannot write blob " + d + ": " + e.getMessage(), e);
        }
        publish(t, d);
        return d;
    }

    /** A file's size and digest after it was copied into the store. */
    public record Stored(Digest digest, long size) {
    }

    /** Copies a host file into the store, hashing it in the same pass. */
    public Stored putFile(Path file) throws StoreException {
        try (InputStream in = Files.newInputStream(file)) {
            return putStream(in);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies a stream into the store, hashing it in the same pass. The stream is not closed. */
    public Stored putStream(InputStream in) throws StoreException {
        Path t = tempPath("blob");
        MessageDigest md = Digest.newSha256();
        long size = 0;
        try (FileChannel c = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    c.write(b);
                }
                size += n;
            }
            if (size >= SYNC_THRESHOLD) {
                c.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(t);
            throw new StoreException("cannot store a blob: " + e.getMessage(), e);
        }
        Digest d = Digest.fromRaw(md.digest());
        if (has(d)) {
            deleteQuietly(t);
        } else {
            publish(t, d);
        }
        return new Stored(d, size);
    }

    /**
     * Moves a complete file the caller wrote at a {@link #tempPath} into the store as blob {@code digest}, which the
     * caller MUST have computed over exactly the file's bytes while writing it (so a large blob is hashed once).
     * Files of 1 MiB or more are fsynced first. The temp file is gone afterwards, whatever happens.
     */
    public void putTempFile(Path temp, Digest digest) throws StoreException {
        try {
            if (Files.size(temp) >= SYNC_THRESHOLD) {
                try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StoreException("cannot store blob " + digest + ": " + e.getMessage(), e);
        }
        if (has(digest)) {
            deleteQuietly(temp);
            return;
        }
        publish(temp, digest);
    }

    public byte[] readBytes(Digest d) throws StoreException {
        try {
            return Files.readAllBytes(blobPath(d));
        } catch (NoSuchFileException e) {
            throw new StoreException("blob " + d + " is missing from the content store at " + root, e);
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + d + ": " + e.getMessage(), e);
        }
    }

    public InputStream open(Digest d) throws StoreException {
        try {
            return Files.newInputStream(blobPath(d));
        } catch (NoSuchFileException e) {
            throw new StoreException("blob " + d + " is missing from the content store at " + root, e);
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + d + ": " + e.getMessage(), e);
        }
    }

    public Digest putTree(Tree tree) throws StoreException {
        byte[] enc = tree.encode();
        Digest d = Digest.of(enc);
        synchronized (treeCache) {
            if (treeCache.containsKey(d)) {
                return d;
            }
        }
        if (!has(d)) {
            Path t = tempPath("tree");
            try (FileChannel c = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(enc);
                while (b.hasRemaining()) {
                    c.write(b);
                }
            } catch (IOException e) {
                deleteQuietly(t);
                throw new StoreException("cannot write tree " + d + ": " + e.getMessage(), e);
            }
            publish(t, d);
        }
        synchronized (treeCache) {
            treeCache.put(d, tree);
        }
        return d;
    }

    public Tree tree(Digest d) throws StoreException {
        synchronized (treeCache) {
            Tree t = treeCache.get(d);
            if (t != null) {
                return t;
            }
        }
        Tree t;
        try {
            t = Tree.decode(readBytes(d));
        } catch (IllegalArgumentException e) {
            throw new StoreException("blob " + d + " is not a directory tree: " + e.getMessage(), e);
        }
        synchronized (treeCache) {
            treeCache.put(d, t);
        }
        return t;
    }

    /** Whether the tree {@code d} and everything it references are present (used to trust a cache entry). */
    public boolean hasTree(Digest d) {
        return has(d);
    }

    /** Writes {@code content} to {@code target} atomically (temp file in the same directory + rename). */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path t = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try (OutputStream out = Files.newOutputStream(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(content);
        }
        try {
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(t);
            throw e;
        }
    }

    private void publish(Path temp, Digest d) throws StoreException {
        Path dest = blobPath(d);
        try {
            Files.createDirectories(dest.getParent());
            Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(temp);
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(temp);
            throw new StoreException("the state directory " + root + " does not support atomic renames", e);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StoreException("cannot store blob " + d + ": " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the next open of the store clears tmp/
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) {
                    deleteRecursively(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
