package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stores many small blobs and trees as one {@link PackFile} instead of a file each (see
 * {@link ContentStore#newBatch()}). Thread-safe: several threads may add at once. What a batch adds becomes visible
 * to the store, all at once, at {@link #commit()}; a batch closed without a commit, or whose process dies, leaves
 * nothing visible (its temp file sits in the store's staging directory, removed by the next open). Files larger than
 * 1 MiB are not packed: {@link #putFile} stores them as loose blobs, hashed while copied; their fsync and rename run
 * in the background and are complete when {@link #commit()} returns.
 *
 * <p>A pack grows to at most about 256 MiB: past that it is committed and a new one is started, so a huge upload
 * makes several packs (blobs made visible early are harmless: nothing refers to them before the trees are).
 */
public final class BlobBatch implements AutoCloseable {
    static final long ROLL_OVER = 256L << 20;
    private static final int BUFFER = 4 << 20;
    static final int MIN_PACK = 64;
    /** A pack grown by this much since its last fsync gets an early one in the background. */
    private static final long EARLY_SYNC = 32L << 20;

    private final ContentStore store;
    private final long rollOver;
    private final Object lock = new Object();
    /**
     * Blobs added before a pack was started: a batch makes a pack only once it holds more than {@link #MIN_PACK}
     * blobs, so small uploads (a module's few sources, one file) stay loose and packs do not multiply.
     */
    private final Map<Digest, byte[]> held = new LinkedHashMap<>();
    /** Blobs of the pack being written: digest to {offset, length}. */
    private final Map<Digest, long[]> entries = new HashMap<>();
    /** Trees in the pack being written, handed to the store's tree cache once the pack is committed. */
    private final Map<Digest, Tree> trees = new LinkedHashMap<>();
    private ByteBuffer buffer;
    private FileChannel out;
    private Path temp;
    /** The pack file's length so far, counting what is still in {@link #buffer}. */
    private long length;
    private boolean closed;
    /** Background fsyncs and renames of large blobs, awaited by commit. */
    private final List<Future<?>> pending = new ArrayList<>();
    private ExecutorService syncer;
    private Future<?> earlySync;
    private long syncedUpTo;
    /** Constants for opening a file to read: the varargs form builds a set of options per call. */
    private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);
    private static final FileAttribute<?>[] NO_ATTRIBUTES = {};
    /** {@link #putFile}'s read buffer for a small file (and the byte that tells it grew), one per thread. */
    private final ThreadLocal<byte[]> readBuffer = ThreadLocal.withInitial(() -> new byte[0]);

    BlobBatch(ContentStore store, long rollOver) {
        this.store = store;
        this.rollOver = rollOver;
    }

    /**
     * Copies a host file into the store, hashing it in the same pass (one read): a file of up to 1 MiB goes into this
     * batch's pack, a larger one becomes a loose blob at once. The size is what was read.
     */
    public ContentStore.Stored putFile(Path file) throws StoreException {
        return putFile(file, -1);
    }

    /**
     * As {@link #putFile(Path)}, for a file whose size a recent stat gave as {@code expectedSize} (saves asking
     * again; a file that changed size meanwhile is still read whole, as it is now).
     */
    public ContentStore.Stored putFile(Path file, long expectedSize) throws StoreException {
        byte[] buf;
        int n;
        try (FileChannel in = FileChannel.open(file, READ, NO_ATTRIBUTES)) {
            long size = expectedSize >= 0 ? expectedSize : in.size();
            if (size > ContentStore.SMALL_FILE) {
                return putLarge(in, size);
            }
            // one read buffer per thread for the whole batch: thousands of small files would otherwise allocate their
            // size each, enough garbage for several young collections in the CLI's small default heap
            buf = readBuffer.get();
            if (buf.length <= size) {
                buf = new byte[(int) Math.max(size + 1, 64 << 10)];
                readBuffer.set(buf);
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) size + 1);
            while (b.hasRemaining() && in.read(b) >= 0) {
                // fill: one extra byte tells a file that grew since size()
            }
            if (!b.hasRemaining()) {
                return store.putStream(new SequenceInputStream(new ByteArrayInputStream(buf, 0, (int) size + 1),
                        Channels.newInputStream(in)));
            }
            n = b.position();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Digest d = Digest.of(buf, 0, n);
        add(d, buf, n);
        return new ContentStore.Stored(d, n);
    }

    /**
     * Copies a large file to a loose blob and hashes the copy, and leaves its fsync and rename to a background thread
     * so that the next file is read meanwhile; {@link #commit()} waits for them. The kernel copies the file
     * ({@link FileChannel#transferTo}: {@code copy_file_range} on Linux) and the digest is taken over the copy's pages
     * ({@link MappedHashing}: mapped on Java 22+, so no byte passes through a buffer of this process), so it is the
     * digest of exactly the blob's bytes even when the host file changes meanwhile.
     */
    private ContentStore.Stored putLarge(FileChannel in, long expectedSize) throws StoreException {
        Path t = store.tempPath("blob");
        MessageDigest md = Digest.newSha256(expectedSize);
        long size = 0;
        FileChannel c = null;
        try {
            c = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long n;
            while ((n = in.transferTo(size, Long.MAX_VALUE - size, c)) > 0) {
                size += n; // to the end of the file as it is now, as a read would
            }
            MappedHashing.get().hash(md, c, size);
        } catch (IOException e) {
            closeQuietly(c);
            ContentStore.deleteQuietly(t);
            throw new StoreException("cannot store a blob: " + e.getMessage(), e);
        }
        Digest d = Digest.fromRaw(md.digest());
        FileChannel out = c;
        synchronized (lock) {
            if (closed) {
                closeQuietly(out);
                ContentStore.deleteQuietly(t);
                throw new IllegalStateException("the batch is closed");
            }
            pending.add(syncer().submit(() -> {
                try (out) {
                    out.force(true);
                } catch (IOException e) {
                    ContentStore.deleteQuietly(t);
                    throw new StoreException("cannot store blob " + d + ": " + e.getMessage(), e);
                }
                store.publishSynced(t, d);
                return null;
            }));
        }
        return new ContentStore.Stored(d, size);
    }

    private ExecutorService syncer() {
        if (syncer == null) {
            syncer = Executors.newFixedThreadPool(2, r -> {
                Thread th = new Thread(r, "dagj-store-sync");
                th.setDaemon(true);
                return th;
            });
        }
        return syncer;
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Waits for the background fsyncs and renames; the first failure is thrown once all are done. */
    private void awaitPending() throws StoreException {
        StoreException failure = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new StoreException("interrupted while storing blobs", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof StoreException se ? se
                            : new StoreException("cannot store a blob: " + e.getCause(), e.getCause());
                }
            }
        }
        pending.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Adds a blob (packed if up to 1 MiB, else loose at once) and returns its digest. */
    public Digest putBytes(byte[] data) throws StoreException {
        if (data.length > ContentStore.SMALL_FILE) {
            return store.putBytes(data);
        }
        Digest d = Digest.of(data);
        add(d, data, data.length);
        return d;
    }

    /** Adds a directory tree; {@link ContentStore#tree} finds it once the batch is committed. */
    public Digest putTree(Tree tree) throws StoreException {
        byte[] enc = tree.encode();
        Digest d = Digest.of(enc);
        if (store.knowsTree(d)) {
            return d;
        }
        if (add(d, enc, enc.length)) {
            synchronized (lock) {
                trees.put(d, tree);
            }
        }
        return d;
    }

    /** Appends a blob unless the store or this batch has it; returns whether it was appended. */
    private boolean add(Digest d, byte[] data, int n) throws StoreException {
        // packs only: a stat per blob for a loose copy costs more than the rare duplicate it avoids
        if (store.hasPacked(d)) {
            return false;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the batch is closed");
            }
            if (entries.containsKey(d) || held.containsKey(d)) {
                return false;
            }
            if (out == null && held.size() < MIN_PACK) {
                held.put(d, Arrays.copyOf(data, n));
                return true;
            }
            try {
                for (Map.Entry<Digest, byte[]> h : held.entrySet()) {
                    append(h.getKey(), h.getValue(), h.getValue().length);
                }
                held.clear();
                append(d, data, n);
            } catch (IOException e) {
                abandon();
                throw new StoreException("cannot write a pack of blobs to " + temp + ": " + e.getMessage(), e);
            }
            return true;
        }
    }

    /** Appends to the pack being written (caller holds the lock); commits it once it is full. */
    private void append(Digest d, byte[] data, int n) throws IOException, StoreException {
        if (out == null) {
            start();
        }
        if (buffer.remaining() < n) {
            flush();
        }
        if (n > buffer.capacity()) {
            ByteBuffer b = ByteBuffer.wrap(data, 0, n);
            while (b.hasRemaining()) {
                out.write(b);
            }
        } else {
            buffer.put(data, 0, n);
        }
        entries.put(d, new long[] {length, n});
        length += n;
        if (length >= rollOver) {
            finishPack();
        }
    }

    private void start() throws IOException {
        temp = store.tempPath("pack");
        out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER);
        }
        buffer.clear();
        buffer.put(PackFile.MAGIC).putInt(PackFile.VERSION);
        length = PackFile.HEADER;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
        if (length - syncedUpTo >= EARLY_SYNC && (earlySync == null || earlySync.isDone())) {
            // start writing the pack to disk while it grows, so the final fsync has little left to do
            syncedUpTo = length;
            FileChannel ch = out;
            earlySync = syncer().submit(() -> {
                ch.force(false);
                return null;
            });
        }
    }

    /** Writes the index and trailer, fsyncs, and hands the pack to the store; the next add starts a new pack. */
    private void finishPack() throws IOException, StoreException {
        List<IndexEntry> sorted = new ArrayList<>(entries.size());
        entries.forEach((d, e) -> sorted.add(new IndexEntry(d.raw(), e[0], (int) e[1])));
        sorted.sort(null);
        long indexOffset = length;
        for (IndexEntry e : sorted) {
            if (buffer.remaining() < PackFile.ENTRY) {
                flush();
            }
            buffer.put(e.raw).putLong(e.offset).putInt(e.length);
        }
        if (buffer.remaining() < PackFile.TRAILER) {
            flush();
        }
        buffer.putLong(indexOffset).putInt(sorted.size()).put(PackFile.END);
        flush();
        if (earlySync != null) {
            try {
                earlySync.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing a pack", e);
            } catch (ExecutionException advisoryOnly) {
                // the fsync below reports what matters
            }
            earlySync = null;
        }
        syncedUpTo = 0;
        out.force(true);
        out.close();
        out = null;
        Path done = temp;
        temp = null;
        entries.clear();
        store.addPack(done);
        store.cacheTrees(trees);
        trees.clear();
    }

    /**
     * A pack index entry, ordered by the raw digest's unsigned bytes: compared by their first eight first, as one
     * number, since sorting the digests' hex strings cost a C1-only JVM ~30 ms for 20,000 files.
     */
    private record IndexEntry(byte[] raw, long offset, int length, long prefix) implements Comparable<IndexEntry> {
        IndexEntry(byte[] raw, long offset, int length) {
            this(raw, offset, length, ByteBuffer.wrap(raw).getLong());
        }

        @Override
        public int compareTo(IndexEntry o) {
            int c = Long.compareUnsigned(prefix, o.prefix);
            return c != 0 ? c : Arrays.compareUnsigned(raw, o.raw);
        }
    }

    /**
     * Makes everything added so far visible in the store, atomically per pack. The batch stays usable: later adds
     * go into a new pack.
     */
    public void commit() throws StoreException {
        synchronized (lock) {
            try {
                awaitPending();
            } catch (StoreException e) {
                abandon();
                throw e;
            }
            if (out != null) {
                try {
                    finishPack();
                } catch (IOException e) {
                    abandon();
                    throw new StoreException("cannot write a pack of blobs: " + e.getMessage(), e);
                }
            }
            // too few for a pack of their own: loose blobs, in the order added (a tree after what it holds)
            for (Map.Entry<Digest, byte[]> h : held.entrySet()) {
                store.putBytes(h.getValue());
            }
            held.clear();
            store.cacheTrees(trees);
            trees.clear();
        }
    }

    private void abandon() {
        if (earlySync != null) {
            try {
                earlySync.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // the pack is dropped anyway
            }
            earlySync = null;
        }
        syncedUpTo = 0;
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // removed below or by the next open
        }
        out = null;
        if (temp != null) {
            ContentStore.deleteQuietly(temp);
            temp = null;
        }
        entries.clear();
        held.clear();
        trees.clear();
    }

    /** Drops what was added since the last commit. */
    @Override
    public void close() {
        synchronized (lock) {
            try {
                awaitPending(); // large blobs still being published: harmless, but let them finish first
            } catch (StoreException ignored) {
                // reported by commit when it matters
            }
            abandon();
            closed = true;
            if (syncer != null) {
                syncer.shutdown();
            }
        }
    }
}
