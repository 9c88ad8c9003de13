package dev.dagj.engine.host;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.BlobBatch;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.PathFilter;
import dev.dagj.engine.store.StoreException;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores a host directory or file in the content store as a tree, the way Dagger's {@code host.directory} and
 * {@code host.file} see it: include/exclude patterns ({@link PathFilter}) and optionally {@code .gitignore} files
 * ({@link GitIgnore}) filter the walk, and an excluded or ignored directory is not entered. Symlinks are stored as
 * symlinks, never followed (except the uploaded root itself); sockets, fifos and devices are skipped; permission bits
 * ({@code mode & 0777}) and empty directories are kept.
 *
 * <p>Files are hashed and stored in one read each by two worker threads, files over 1 MiB first (so one worker is not
 * left hashing a big file alone at the end), and a blob already in the store is not written again. Small files and
 * the trees go into one {@link BlobBatch} pack (a few files in the store instead of one per file), committed before
 * the upload returns; files over 1 MiB become loose blobs, hashed while copied. A persistent {@link StatCache} under {@code <stateDir>/hostcache/} maps each file's stat to its
 * digest, so re-uploading an unchanged tree reads no file; an entry is trusted only while its blob is still in the
 * store. A file is recorded under the stat the walk took before reading it, and not when it changed within the last
 * {@link #RACY_WINDOW} before the read (a later write in the same timestamp tick would leave its stat unchanged); a file
 * changed within that window is stat'ed again after the read and recorded only if that stat is the same.
 */
public final class HostUploader {
    /** How old a file's last change must be before its stat is trusted to identify its content. */
    static final Duration RACY_WINDOW = Duration.ofSeconds(2);
    private static final int WORKERS = 2;
    private static final int READ_ATTEMPTS = 3;
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final Digest EMPTY_BLOB = Digest.of(new byte[0]);
    /** Bytes a walk hands to the workers before it loads the native {@code lstat}. */
    private static final long NATIVE_AT = 16L << 20;

    private final ContentStore store;
    private final Path stateDir;
    private final long racyWindowNanos;
    private final AtomicLong filesRead = new AtomicLong();

    public HostUploader(ContentStore store, Path stateDir) {
        this(store, stateDir, RACY_WINDOW);
    }

    HostUploader(ContentStore store, Path stateDir, Duration racyWindow) {
        this.store = store;
        this.stateDir = stateDir;
        this.racyWindowNanos = racyWindow.toNanos();
    }

    /** How many files this uploader has read (hashed) so far; files answered from the stat cache do not count. */
    long filesRead() {
        return filesRead.get();
    }

    /**
     * Stores the directory {@code dir} (a symlink to a directory is followed) filtered by {@code include},
     * {@code exclude} and, when {@code gitignore} is set, its {@code .gitignore} files; returns the stored tree's
     * digest.
     */
    public Digest uploadDirectory(Path dir, List<String> include, List<String> exclude, boolean gitignore)
            throws EngineException {
        Path root = realDirectory(dir);
        PathFilter filter;
        try {
            filter = new PathFilter(include, exclude);
        } catch (IllegalArgumentException e) {
            throw new EngineException("cannot upload " + root + ": " + e.getMessage(), e);
        }
        StatCache cache = StatCache.load(stateDir, root);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS,
                new ReadQueue(), r -> {
                    Thread t = new Thread(r, "dagj-host-upload");
                    t.setDaemon(true);
                    return t;
                });
        try (BlobBatch batch = store.newBatch()) {
            Walk walk = new Walk(filter, cache, workers, batch);
            PendingDir top = walk.walk(root, "", 0, gitignore ? GitIgnore.NONE : null);
            Digest d = build(top, batch);
            batch.commit();
            saveQuietly(cache);
            return d;
        } finally {
            workers.shutdownNow();
        }
    }

    /** Stores the file {@code file} (a symlink is followed) as a tree holding just it, under its own name. */
    public Digest uploadFile(Path file) throws EngineException {
        Path abs = file.toAbsolutePath().normalize();
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(abs, FileStat.ATTRIBUTES);
        } catch (IOException e) {
            throw hostError(abs, e);
        }
        int type = (Integer) attrs.get("mode") & TYPE_MASK;
        if (type == DIRECTORY) {
            throw new EngineException(abs + " is a directory, not a file");
        }
        if (type != REGULAR || abs.getParent() == null) {
            throw new EngineException(abs + " is not a regular file");
        }
        String name = abs.getFileName().toString();
        StatCache cache = StatCache.load(stateDir, abs.getParent());
        FileStat stat = FileStat.of(attrs);
        int mode = (Integer) attrs.get("mode") & 0777;
        Digest cached = cache.lookup(name, stat);
        TreeEntry entry;
        if (cached != null && store.has(cached)) {
            cache.record(name, stat, cached);
            entry = fileEntry(abs, name, mode, stat.size(), cached);
        } else {
            ContentStore.Stored s = read(abs, name, stat, cache, false, null);
            entry = fileEntry(abs, name, mode, s.size(), s.digest());
        }
        Digest tree = store.putTree(new Tree(List.of(entry)));
        saveQuietly(cache);
        return tree;
    }

    private static Path realDirectory(Path dir) throws EngineException {
        Path abs = dir.toAbsolutePath().normalize();
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            throw hostError(abs, e);
        }
        if (!Files.isDirectory(real)) {
            throw new EngineException(abs + " is not a directory");
        }
        return real;
    }

    /** A user-facing error for a failed host file operation on {@code path}. */
    static EngineException hostError(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new EngineException("no such file or directory: " + path, e);
        }
        if (e instanceof AccessDeniedException) {
            return new EngineException("permission denied: " + path, e);
        }
        if (e instanceof NotDirectoryException) {
            return new EngineException(path + " is not a directory", e);
        }
        return new EngineException("cannot read " + path + ": " + e.getMessage(), e);
    }

    private static void saveQuietly(StatCache cache) {
        try {
            cache.save();
        } catch (IOException ignored) {
            // the cache only saves work: the next upload reads the files again
        }
    }

    /**
     * Reads {@code file} into the store. A file whose last change ({@code before}) is older than the racy window is
     * read once and recorded under {@code before}. A more recently changed one is stat'ed again after the read: when
     * its stat differs from {@code before}, the read may mix two versions, so it is repeated (a few times at most) and
     * only a read between equal stats is recorded in the cache.
     * Returns null when a file found by a directory walk ({@code noFollow}) was deleted before it could be read.
     */
    private ContentStore.Stored read(Path file, String path, FileStat before, StatCache cache, boolean noFollow,
            BlobBatch batch) throws EngineException {
        FileStat expected = before;
        ContentStore.Stored stored = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long startNanos = nowNanos();
            try {
                stored = batch != null ? batch.putFile(file, expected.size()) : store.putFile(file);
            } catch (StoreException e) {
                if (e.getCause() instanceof NoSuchFileException && noFollow) {
                    return null; // deleted since the directory was listed: as if it had not been there
                }
                if (e.getCause() instanceof IOException io) {
                    throw hostError(file, io);
                }
                throw e;
            }
            filesRead.incrementAndGet();
            if (attempt == 0 && stored.size() == before.size()
                    && before.lastChangeNanos() < startNanos - racyWindowNanos) {
                // Unchanged for the racy window before this read: a write during or after the read gives the file a
                // new change time, so the entry recorded under the walk's stat can never match again and the next
                // upload reads the file again (git records the stat taken before reading too). What this upload
                // stores of a file written while it is read is what a reader saw, as with any reader. Saves a second
                // lstat per file, the most costly part of reading a small one.
                cache.record(path, before, stored.digest());
                return stored;
            }
            FileStat after;
            try {
                after = noFollow ? Lstat.JDK.lstat(file).stat() : FileStat.of(Files.readAttributes(file,
                        FileStat.ATTRIBUTES));
            } catch (IOException gone) {
                return stored;
            }
            if (after.equals(expected) && after.size() == stored.size()) {
                if (after.lastChangeNanos() < startNanos - racyWindowNanos) {
                    cache.record(path, after, stored.digest());
                }
                return stored;
            }
            expected = after;
        }
        return stored;
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static TreeEntry fileEntry(Path file, String name, int mode, long size, Digest blob) throws EngineException {
        try {
            return TreeEntry.file(name, mode, size, blob);
        } catch (IllegalArgumentException e) {
            throw new EngineException("cannot upload " + file + ": " + e.getMessage(), e);
        }
    }

    private record PendingFile(String name, int mode, Future<ContentStore.Stored> content) {
    }

    /** A walked directory whose files may still be being read. */
    private record PendingDir(String name, int mode, List<TreeEntry> ready, List<PendingFile> files,
            List<PendingDir> dirs) {
        boolean isEmpty() {
            return ready.isEmpty() && files.isEmpty() && dirs.isEmpty();
        }
    }

    /** A file to read, of {@code size} bytes (as the walk saw it). */
    private static final class ReadJob extends FutureTask<ContentStore.Stored> {
        private final long size;

        ReadJob(long size, Callable<ContentStore.Stored> read) {
            super(read);
            this.size = size;
        }
    }

    /**
     * The workers' queue: files over {@value #LARGE_FIRST} bytes go to its head, the others to its tail in the order
     * the walk found them. O(1) per file: a priority queue ordering 20,000 small files by size cost the workers ~7%
     * of their time under C1 in its comparisons and sifts, for an order that matters only for the few large ones.
     */
    private static final class ReadQueue extends LinkedBlockingDeque<Runnable> {
        private static final long LARGE_FIRST = 1 << 20;

        @Override
        public boolean offer(Runnable r) {
            return r instanceof ReadJob j && j.size > LARGE_FIRST ? offerFirst(r) : offerLast(r);
        }
    }

    private Digest build(PendingDir d, BlobBatch batch) throws EngineException {
        List<TreeEntry> entries = new ArrayList<>(d.ready);
        for (PendingFile f : d.files) {
            ContentStore.Stored s = await(f.content);
            if (s != null) {
                entries.add(TreeEntry.file(f.name, f.mode, s.size(), s.digest()));
            }
        }
        for (PendingDir sub : d.dirs) {
            entries.add(TreeEntry.dir(sub.name, sub.mode, build(sub, batch)));
        }
        return batch.putTree(new Tree(entries));
    }

    private static ContentStore.Stored await(Future<ContentStore.Stored> f) throws EngineException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("the upload was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException ee) {
                throw ee;
            }
            throw new EngineException("the upload failed: " + e.getCause(), e.getCause());
        }
    }

    /** A subdirectory found by the walk, walked after its parent's files. */
    private record SubDir(Path dir, String name, String path, int mode, boolean kept) {
    }

    /** The native {@link Lstat}, loaded once per process by the first walk with bulk ahead; null if unavailable. */
    private static final class NativeLstatHolder {
        static final Lstat INSTANCE = Lstat.loadNative();
    }

    /** One directory walk: lists and filters on the calling thread, hands files to the workers. */
    private final class Walk {
        private final PathFilter filter;
        private final StatCache cache;
        private final ThreadPoolExecutor workers;
        private final BlobBatch batch;
        /** The JDK's until the native one is loaded, if it loads. */
        private volatile Lstat lstat = Lstat.JDK;
        private long announced;

        Walk(PathFilter filter, StatCache cache, ThreadPoolExecutor workers, BlobBatch batch) {
            this.filter = filter;
            this.cache = cache;
            this.workers = workers;
            this.batch = batch;
        }

        /**
         * Walks {@code dir} (with permission bits {@code mode}) at relative path {@code rel}, "" for the root;
         * {@code ignores} is null when .gitignore files are off.
         */
        PendingDir walk(Path dir, String rel, int mode, GitIgnore ignores) throws EngineException {
            List<Path> children = list(dir);
            List<String> names = new ArrayList<>(children.size());
            for (Path c : children) {
                names.add(c.getFileName().toString());
            }
            cache.listed(rel, names);
            GitIgnore rules = ignores;
            if (ignores != null && names.contains(".gitignore")) {
                rules = ignores.child(rel, readGitIgnore(dir.resolve(".gitignore")));
            }
            String name = rel.substring(rel.lastIndexOf('/') + 1);
            PendingDir out = new PendingDir(name, mode, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            List<SubDir> subdirs = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                visit(children.get(i), names.get(i), rel, rules, out, subdirs);
            }
            // subdirectories after this directory's files: the workers get files sooner, and large files near the
            // top are announced (and the native code for bulk loaded) before a deep walk below
            for (SubDir d : subdirs) {
                PendingDir sub = walk(d.dir, d.path, d.mode, rules);
                if (d.kept || !sub.isEmpty()) {
                    validName(d.dir, d.name);
                    out.dirs.add(sub);
                }
            }
            return out;
        }

        private void visit(Path child, String name, String rel, GitIgnore rules, PendingDir out, List<SubDir> subdirs)
                throws EngineException {
            String path = rel.isEmpty() ? name : rel + "/" + name;
            Lstat.Result attrs;
            try {
                attrs = lstat.lstat(child);
            } catch (NoSuchFileException vanished) {
                return;
            } catch (IOException e) {
                throw hostError(child, e);
            }
            int rawMode = attrs.mode();
            int type = rawMode & TYPE_MASK;
            int mode = rawMode & 0777;
            if (type == DIRECTORY) {
                if (rules != null && rules.ignores(path, true)) {
                    return;
                }
                boolean kept = filter.keeps(path);
                if (!kept && !filter.mayKeepUnder(path)) {
                    return;
                }
                subdirs.add(new SubDir(child, name, path, mode, kept));
                return;
            }
            if (type != REGULAR && type != SYMLINK) {
                return; // sockets, fifos and devices have no content to upload
            }
            if ((rules != null && rules.ignores(path, false)) || !filter.keeps(path)) {
                return;
            }
            if (type == SYMLINK) {
                out.ready.add(symlink(child, name));
                return;
            }
            FileStat stat = attrs.stat();
            Digest cached = cache.lookup(path, stat);
            if (cached != null && store.has(cached)) {
                cache.record(path, stat, cached);
                out.ready.add(fileEntry(child, name, mode, stat.size(), cached));
                return;
            }
            announce(stat.size());
            ReadJob job = new ReadJob(stat.size(), () -> read(child, path, stat, cache, true, batch));
            out.files.add(new PendingFile(validName(child, name), mode, job));
            workers.execute(job);
        }

        /**
         * Counts the bytes the workers are about to hash. With bulk ahead, the digests load the native SHA-256, and
         * this walk switches to the native {@code lstat} ({@link Lstat}) once it is loaded, on a thread of its own.
         */
        private void announce(long size) {
            Digest.announceBulk(size);
            if (announced < NATIVE_AT && (announced += size) >= NATIVE_AT) {
                Thread.ofPlatform().daemon().name("dagj-lstat-load").start(() -> {
                    Lstat loaded = NativeLstatHolder.INSTANCE;
                    if (loaded != null) {
                        lstat = loaded;
                    }
                });
            }
        }

        private static List<Path> list(Path dir) throws EngineException {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path c : s) {
                    children.add(c);
                }
            } catch (IOException e) {
                throw hostError(dir, e);
            }
            return children;
        }

        private static String readGitIgnore(Path file) throws EngineException {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return "";
            }
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException vanished) {
                return "";
            } catch (IOException e) {
                throw hostError(file, e);
            }
        }

        private static TreeEntry symlink(Path link, String name) throws EngineException {
            try {
                return TreeEntry.symlink(name, Files.readSymbolicLink(link).toString());
            } catch (IOException e) {
                throw hostError(link, e);
            } catch (IllegalArgumentException e) {
                throw new EngineException("cannot upload " + link + ": " + e.getMessage(), e);
            }
        }

        private static String validName(Path p, String name) throws EngineException {
            fileEntry(p, name, 0, 0, EMPTY_BLOB);
            return name;
        }
    }
}
