package dev.dagj.engine.store;

import dev.dagj.engine.digest.SystemRandom;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.fs.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.nio.file.DirectoryStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

/**
 * Blobs and trees in one state directory. A blob is either loose, {@code blobs/sha256/<2 hex>/<64 hex>}, or packed
 * with many other small blobs in a {@link PackFile} under {@code packs/} (written by a {@link BlobBatch}, as a host
 * upload does, so that thousands of small files make one file in the store). Either way a blob becomes visible only
 * by an atomic rename of a complete temp file, so a reader never sees a partial blob, even when the writing process
 * is killed; packs and loose blobs of 1 MiB or more are also fsynced before the rename. Callers read blobs only
 * through this class ({@link #readBytes}, {@link #open}), never by path.
 *
 * <p>Packs written by other processes sharing the state directory are found when a lookup misses: the
 * {@code packs/} directory is listed again and new packs are opened. A pack that cannot be read (damaged by hand or
 * by a disk fault) is left out, as if its blobs were missing, so what refers to them is built again.
 *
 * <p>Writes are staged in a directory of {@code tmp/} owned by this store object, {@code tmp/<pid>-<id>/}, next to a
 * lock file {@code tmp/<pid>-<id>.lock} that the owner holds locked while it lives. Opening a store removes every
 * staging directory whose lock is free, that is whose process died, so engines (and other processes) sharing a state
 * directory never remove each other's temp files, and a killed process's leftovers are removed by the next open.
 */
public final class ContentStore {
    private static final int SYNC_THRESHOLD = 1 << 20;
    /** Files up to this size are read into memory, hashed, and written only when the store lacks them. */
    static final int SMALL_FILE = 1 << 20;
    private static final int COPY_BUFFER = 1 << 20;
    private static final int TREE_CACHE_SIZE = 4096;

    private final Path root;
    private final Path blobs;
    private final Path packs;
    /** The packs opened so far, newest first; replaced as a whole under {@link #packLock}. */
    private volatile List<PackFile> packList = List.of();
    /** Names of the files in {@code packs/} already seen (opened or found unreadable); guarded by packLock. */
    private final Set<String> seenPacks = new HashSet<>();
    private final Object packLock = new Object();
    private volatile boolean packsListed;
    private final Path staging;
    /** Names temp files: the staging directory is this object's alone, so a counter makes them unique. */
    private final AtomicLong tempCounter = new AtomicLong();
    /** Which of the 256 shard directories {@code blobs/sha256/<2 hex>} are known to exist. */
    private final AtomicReferenceArray<Boolean> shards = new AtomicReferenceArray<>(256);
    /** Held (never read) so that other processes see this store's staging directory as in use. */
    private final FileChannel stagingLockFile;
    private final Map<Digest, Tree> treeCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, Tree> eldest) {
            return size() > TREE_CACHE_SIZE;
        }
    };

    private ContentStore(Path root, Path staging, FileChannel stagingLockFile) {
        this.root = root;
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.packs = root.resolve("packs");
        this.staging = staging;
        this.stagingLockFile = stagingLockFile;
    }

    /**
     * Opens (creating if needed) the store under {@code root}: removes the staging directories of dead processes and
     * makes this store's own.
     */
    public static ContentStore open(Path root) throws StoreException {
        Path r = root.toAbsolutePath().normalize();
        Path tmp = r.resolve("tmp");
        long pid = ProcessHandle.current().pid();
        try {
            Files.createDirectories(r.resolve("blobs").resolve("sha256"));
            Files.createDirectories(r.resolve("packs"));
            Files.createDirectories(tmp);
            removeStaleStaging(tmp, pid);
            for (int attempt = 0; ; attempt++) {
                String id = pid + "-" + SystemRandom.hex(16);
                Path lockFile = tmp.resolve(id + ".lock");
                FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                // another process's cleaner may take and delete a lock file in the instant before it is locked
                if (lock.tryLock() != null && Files.exists(lockFile)) {
                    return new ContentStore(r, Files.createDirectory(tmp.resolve(id)), lock);
                }
                lock.close();
                if (attempt == 3) {
                    throw new IOException("cannot lock a staging directory under " + tmp);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the engine state directory " + root + ": " + e.getMessage()
                    + " (choose another with --state-dir or DAGJ_STATE_DIR)", e);
        }
    }

    /**
     * Removes what dead processes left in {@code tmp}: a staging directory goes with its lock file once the lock can
     * be taken. The lock file is made before its directory and removed after it, so a directory without one is stale.
     * Lock files of this process are skipped: taking and dropping them would release the locks of live stores in this
     * JVM (POSIX locks belong to the process).
     */
    private static void removeStaleStaging(Path tmp, long pid) throws IOException {
        String own = pid + "-";
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(own)) {
                    continue;
                }
                if (name.endsWith(".lock")) {
                    removeIfLockFree(p, tmp.resolve(name.substring(0, name.length() - ".lock".length())));
                } else if (!Files.exists(tmp.resolve(name + ".lock"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    FileTrees.delete(p);
                }
            }
        }
    }

    private static void removeIfLockFree(Path lockFile, Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        } catch (NoSuchFileException gone) {
            return;
        }
        try (ch) {
            FileLock held;
            try {
                held = ch.tryLock();
            } catch (OverlappingFileLockException inThisJvm) {
                return;
            }
            if (held == null) {
                return;
            }
            FileTrees.delete(dir);
            Files.deleteIfExists(lockFile);
        } catch (NoSuchFileException removedByAnotherCleaner) {
            // nothing left to do
        }
    }

    public Path root() {
        return root;
    }

    /** This process's staging directory, where {@link #tempPath} names paths. */
    public Path stagingDir() {
        return staging;
    }

    /**
     * A fresh, unique path in this store's staging directory (not created), on the same file system as the blobs. A
     * file left there is removed by the next open of the store after this process ends.
     */
    public Path tempPath(String hint) {
        return staging.resolve(hint + "-" + tempCounter.incrementAndGet());
    }

    /** Where the loose blob {@code d} lives (it may be packed instead); for this package and its tests only. */
    Path blobPath(Digest d) {
        return blobs.resolve(d.hex().substring(0, 2)).resolve(d.hex());
    }

    /** Whether the store holds blob {@code d}, loose or packed (also in a pack another process wrote since). */
    public boolean has(Digest d) {
        if (hasLocal(d)) {
            return true;
        }
        return refreshPacks() && findPacked(d) != null;
    }

    /** Whether blob {@code d} is loose or in a pack already opened; does not look for new packs. */
    boolean hasLocal(Digest d) {
        return findPacked(d) != null || Files.exists(blobPath(d));
    }

    /** Whether blob {@code d} is in a pack already opened. */
    boolean hasPacked(Digest d) {
        return findPacked(d) != null;
    }

    /** A new batch that stores small blobs and trees in a pack file, visible at its commit. */
    public BlobBatch newBatch() {
        return new BlobBatch(this, BlobBatch.ROLL_OVER);
    }

    /** A batch whose packs are committed once they reach {@code rollOver} bytes (tests use small ones). */
    BlobBatch newBatch(long rollOver) {
        return new BlobBatch(this, rollOver);
    }

    private record Packed(PackFile pack, int slot) {
    }

    private Packed findPacked(Digest d) {
        if (!packsListed) {
            refreshPacks();
        }
        List<PackFile> list = packList;
        if (list.isEmpty()) {
            return null;
        }
        byte[] raw = d.raw();
        for (PackFile p : list) {
            int slot = p.find(raw);
            if (slot >= 0) {
                return new Packed(p, slot);
            }
        }
        return null;
    }

    /** Lists {@code packs/} and opens the packs not seen yet; returns whether any was added. */
    private boolean refreshPacks() {
        synchronized (packLock) {
            packsListed = true;
            List<PackFile> found = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(packs, "*" + PackFile.SUFFIX)) {
                for (Path p : s) {
                    if (seenPacks.add(p.getFileName().toString())) {
                        try {
                            found.add(PackFile.open(p));
                        } catch (IOException unreadable) {
                            // left out: its blobs count as missing, so whatever refers to them is made again
                        }
                    }
                }
            } catch (IOException e) {
                return false;
            }
            if (found.isEmpty()) {
                return false;
            }
            List<PackFile> next = new ArrayList<>(found);
            next.addAll(packList);
            packList = List.copyOf(next);
            return true;
        }
    }

    /** Moves a complete, fsynced pack written by a {@link BlobBatch} into {@code packs/} and opens it. */
    void addPack(Path temp) throws StoreException {
        String name = SystemRandom.hex(16) + PackFile.SUFFIX;
        Path dest = packs.resolve(name);
        synchronized (packLock) {
            try {
                try {
                    Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException packsRemoved) {
                    Files.createDirectories(packs);
                    Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (AtomicMoveNotSupportedException e) {
                deleteQuietly(temp);
                throw new StoreException("the state directory " + root + " does not support atomic renames", e);
            } catch (IOException e) {
                deleteQuietly(temp);
                throw new StoreException("cannot store a pack of blobs: " + e.getMessage(), e);
            }
            seenPacks.add(name);
            PackFile p;
            try {
                p = PackFile.open(dest);
            } catch (IOException e) {
                throw new StoreException("cannot read back the pack " + dest + ": " + e.getMessage(), e);
            }
            List<PackFile> next = new ArrayList<>();
            next.add(p);
            next.addAll(packList);
            packList = List.copyOf(next);
        }
    }

    /** Every packed blob's digest (for checks and tests). */
    List<Digest> packedDigests() {
        refreshPacks();
        List<Digest> out = new ArrayList<>();
        for (PackFile p : packList) {
            for (int i = 0; i < p.count(); i++) {
                out.add(p.digest(i));
            }
        }
        return out;
    }

    boolean knowsTree(Digest d) {
        synchronized (treeCache) {
            if (treeCache.containsKey(d)) {
                return true;
            }
        }
        return hasLocal(d);
    }

    void cacheTrees(Map<Digest, Tree> trees) {
        synchronized (treeCache) {
            treeCache.putAll(trees);
        }
    }

    public Digest putBytes(byte[] data) throws StoreException {
        return putBytes(data, data.length);
    }

    private Digest putBytes(byte[] data, int length) throws StoreException {
        Digest d = Digest.of(data, 0, length);
        if (hasLocal(d)) {
            return d;
        }
        Path t = tempPath("blob");
        try (FileChannel c = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data, 0, length);
            while (b.hasRemaining()) {
                c.write(b);
            }
            if (length >= SYNC_THRESHOLD) {
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

    /**
     * Copies a host file into the store, hashing it in the same pass; the file is read once. A file of up to 1 MiB is
     * read into memory and written only when the store lacks it. The size is what was read, which differs from an
     * earlier stat when the file changed meanwhile.
     */
    public Stored putFile(Path file) throws StoreException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size > SMALL_FILE) {
                return putStream(java.nio.channels.Channels.newInputStream(in), size);
            }
            byte[] buf = new byte[(int) size + 1];
            ByteBuffer b = ByteBuffer.wrap(buf);
            while (b.hasRemaining() && in.read(b) >= 0) {
                // fill: one extra byte tells a file that grew since size()
            }
            if (!b.hasRemaining()) {
                return putStream(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(buf),
                        java.nio.channels.Channels.newInputStream(in)));
            }
            int n = b.position();
            return new Stored(putBytes(buf, n), n);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies a stream into the store, hashing it in the same pass. The stream is not closed. */
    public Stored putStream(InputStream in) throws StoreException {
        return putStream(in, 0);
    }

    /** As {@link #putStream(InputStream)}, for a stream of about {@code expectedSize} bytes (0: unknown). */
    private Stored putStream(InputStream in, long expectedSize) throws StoreException {
        Path t = tempPath("blob");
        MessageDigest md = Digest.newSha256(expectedSize);
        long size = 0;
        try (FileChannel c = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[COPY_BUFFER];
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
        if (hasLocal(d)) {
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
        if (hasLocal(digest)) {
            deleteQuietly(temp);
            return;
        }
        publish(temp, digest);
    }

    /** Moves a complete temp file, already fsynced by the caller, into the store as loose blob {@code d}. */
    void publishSynced(Path temp, Digest d) throws StoreException {
        if (hasLocal(d)) {
            deleteQuietly(temp);
            return;
        }
        publish(temp, d);
    }

    public byte[] readBytes(Digest d) throws StoreException {
        Packed p = findPacked(d);
        if (p != null) {
            return readPacked(d, p);
        }
        try {
            return Files.readAllBytes(blobPath(d));
        } catch (NoSuchFileException e) {
            if (refreshPacks() && (p = findPacked(d)) != null) {
                return readPacked(d, p);
            }
            throw missing(d, e);
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + d + ": " + e.getMessage(), e);
        }
    }

    public InputStream open(Digest d) throws StoreException {
        Packed p = findPacked(d);
        if (p != null) {
            return new java.io.ByteArrayInputStream(readPacked(d, p));
        }
        try {
            return Files.newInputStream(blobPath(d));
        } catch (NoSuchFileException e) {
            if (refreshPacks() && (p = findPacked(d)) != null) {
                return new java.io.ByteArrayInputStream(readPacked(d, p));
            }
            throw missing(d, e);
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + d + ": " + e.getMessage(), e);
        }
    }

    /** The size in bytes of the stored blob {@code d}. */
    public long blobSize(Digest d) throws StoreException {
        Packed p = findPacked(d);
        if (p != null) {
            return p.pack().length(p.slot());
        }
        try {
            return Files.size(blobPath(d));
        } catch (NoSuchFileException e) {
            if (refreshPacks() && (p = findPacked(d)) != null) {
                return p.pack().length(p.slot());
            }
            throw missing(d, e);
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + d + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the blob of a file entry, first checking that the stored blob has the size the entry records; a
     * mismatch means the store is damaged (a blob truncated by a power loss, or edited by hand) and is an error
     * naming the blob, rather than a silently wrong file.
     */
    public InputStream open(TreeEntry file) throws StoreException {
        if (file.kind() != TreeEntry.Kind.FILE) {
            throw new IllegalArgumentException(file.name() + " is a " + file.kind() + ", not a file");
        }
        long actual = blobSize(file.digest());
        if (actual != file.size()) {
            throw new StoreException("blob " + file.digest() + " of file \"" + file.name() + "\" holds " + actual
                    + " bytes but the tree says " + file.size() + ": the content store at " + root
                    + " is damaged; delete " + where(file.digest()) + " and upload the file again");
        }
        return open(file.digest());
    }

    /** The file holding blob {@code d}: its pack, or its loose file. */
    private Path where(Digest d) {
        Packed p = findPacked(d);
        return p != null ? p.pack().path() : blobPath(d);
    }

    /** Whether the stored blob {@code d} exists and its content hashes to {@code d}. Reads the whole blob. */
    public boolean isIntact(Digest d) throws StoreException {
        MessageDigest md = Digest.newSha256();
        try (InputStream in = open(d)) {
            byte[] buf = new byte[COPY_BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + d + ": " + e.getMessage(), e);
        }
        return Arrays.equals(md.digest(), d.raw());
    }

    private byte[] readPacked(Digest d, Packed p) throws StoreException {
        try {
            return p.pack().read(p.slot());
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + d + " from " + p.pack().path() + ": " + e.getMessage(), e);
        }
    }

    private StoreException missing(Digest d, IOException cause) {
        return new StoreException("blob " + d + " is missing from the content store at " + root, cause);
    }

    public Digest putTree(Tree tree) throws StoreException {
        byte[] enc = tree.encode();
        Digest d = Digest.of(enc);
        synchronized (treeCache) {
            if (treeCache.containsKey(d)) {
                return d;
            }
        }
        if (!hasLocal(d)) {
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
        Path t = target.resolveSibling("." + target.getFileName() + ".tmp-" + SystemRandom.hex(16));
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
            int shard = Integer.parseInt(d.hex().substring(0, 2), 16);
            if (shards.get(shard) == null) {
                Files.createDirectories(dest.getParent());
                shards.set(shard, Boolean.TRUE);
            }
            try {
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException shardRemoved) {
                Files.createDirectories(dest.getParent());
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
            }
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
}
