package dev.dagj.engine.container;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.exec.TopDirFlag;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.host.HostExporter;
import dev.dagj.engine.image.Image;
import dev.dagj.engine.image.ImageException;
import dev.dagj.engine.image.ImageRef;
import dev.dagj.engine.image.ImageStore;
import dev.dagj.engine.image.Platform;
import dev.dagj.engine.store.ContentStore;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The layer directories of root filesystem chains under the state directory: image snapshots ({@code snapshots/},
 * owned by the image package), tree checkouts ({@code trees/<hex>}, one per stored tree) and committed exec and
 * whiteout layers ({@code ctr-layers/<name>}). Every directory appears by an atomic rename of a complete temp
 * directory, so one that exists is complete; none is ever written after that.
 */
final class LayerDirs {
    private final ContentStore store;
    private final ImageStore images;
    private final Path stateDir;
    private final Path trees;
    private final Path layers;
    private final HostExporter exporter;
    /** Scratch dir housekeeping off the request path: spare exec dirs made ahead, used ones deleted after. */
    private final ExecutorService background = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "dagj-scratch-dirs");
                t.setDaemon(true);
                return t;
            });
    private final Queue<Path> spareExecDirs = new ConcurrentLinkedQueue<>();
    /** Used exec dirs kept for reuse ({@link #discard}) beyond the one made ahead; more are deleted. */
    private static final int MAX_SPARE_EXEC_DIRS = 4;
    /**
     * Runs an exec dir serves before it is deleted: each overlay mount frees six inodes in its block group, which a
     * journal-less ext4 then skips one by one for minutes when it allocates there ({@link TopDirFlag}); a fresh dir
     * goes to another group.
     */
    private static final int MAX_EXEC_DIR_USES = 50;
    /** Exec dirs that may be reused, with the runs each has served. */
    private final Map<Path, Integer> execDirUses = new ConcurrentHashMap<>();
    /**
     * Set (on the background thread) once the staging dir has been marked, or could not be: only exec dirs made after
     * that are reused, so a dir made next to the staging dir does not serve run after run.
     */
    private volatile boolean spreadDone;

    LayerDirs(ContentStore store, ImageStore images) throws ContainerException {
        this.store = store;
        this.images = images;
        this.stateDir = store.root();
        this.trees = stateDir.resolve("trees");
        this.layers = stateDir.resolve("ctr-layers");
        this.exporter = new HostExporter(store);
        try {
            Files.createDirectories(trees);
            Files.createDirectories(layers.resolve("empty"));
        } catch (IOException e) {
            throw new ContainerException("cannot create layer directories under " + stateDir + ": " + e.getMessage(), e);
        }
    }

    Path stateDir() {
        return stateDir;
    }

    /** The absolute layer dirs of {@code chain}, top first, rebuilding missing image snapshots and tree checkouts. */
    List<Path> resolve(RootfsChain chain) throws EngineException, InterruptedException {
        List<Path> out = new ArrayList<>();
        for (RootfsChain.Entry e : chain.layers()) {
            Path p = stateDir.resolve(e.dir());
            if (!Files.isDirectory(p)) {
                rebuild(e, p);
            }
            out.add(0, p);
        }
        if (out.isEmpty()) {
            out.add(layers.resolve("empty"));
        }
        return out;
    }

    private void rebuild(RootfsChain.Entry e, Path p) throws EngineException, InterruptedException {
        if (e.tree() != null) {
            checkout(e.tree());
            return;
        }
        if (e.image() != null || e.manifest() != null) {
            Image image = e.manifest() != null ? images.local(e.manifest(), Platform.parse(e.platform()))
                    : images.resolve(ImageRef.parse(e.image()), Platform.parse(e.platform()));
            images.ensureSnapshots(image);
            if (Files.isDirectory(p)) {
                return;
            }
        }
        throw new ContainerException("layer " + e.dir() + " of a container root filesystem is missing from the state"
                + " directory " + stateDir + "; clear the engine cache and run again");
    }

    /** The chain entries of an image's layers, bottom first (pulling and unpacking what is missing). */
    List<RootfsChain.Entry> imageLayers(ImageRef ref, Platform platform, Digest manifest)
            throws ImageException, ContainerException, InterruptedException {
        Image image = images.resolve(ref, platform);
        if (!image.manifestDigest().equals(manifest)) {
            throw new ContainerException("image " + ref + " for " + platform + " is now manifest "
                    + image.manifestDigest() + ", not " + manifest);
        }
        List<RootfsChain.Entry> out = new ArrayList<>();
        for (Path p : images.ensureSnapshots(image)) {
            out.add(new RootfsChain.Entry(stateDir.relativize(p).toString(), ref.toString(), platform.toString(), null));
        }
        return out;
    }

    /** The chain entries of an imported image's layers, bottom first (unpacking what is missing from the store). */
    List<RootfsChain.Entry> importedLayers(Platform platform, Digest manifest)
            throws ImageException, InterruptedException {
        Image image = images.local(manifest, platform);
        List<RootfsChain.Entry> out = new ArrayList<>();
        for (Path p : images.ensureSnapshots(image)) {
            out.add(new RootfsChain.Entry(stateDir.relativize(p).toString(), null, platform.toString(), null,
                    manifest));
        }
        return out;
    }

    /** The checkout of stored tree {@code tree} ({@code trees/<hex>}), made if missing; never write into it. */
    Path checkout(Digest tree) throws EngineException {
        Path done = trees.resolve(tree.hex());
        if (Files.isDirectory(done)) {
            return done;
        }
        Path tmp = store.tempPath("checkout");
        exporter.exportDirectory(tree, tmp, false);
        publish(tmp, done);
        return done;
    }

    /** Writes stored tree {@code tree} to the new directory {@code dest} (for a copy that is then changed). */
    void exportTree(Digest tree, Path dest) throws EngineException {
        exporter.exportDirectory(tree, dest, false);
    }

    /** The chain entry of a tree checkout. */
    RootfsChain.Entry treeEntry(Digest tree) {
        return new RootfsChain.Entry("trees/" + tree.hex(), null, null, tree);
    }

    /** A new temp dir on the state dir's filesystem (removed by the next store open if this process dies). */
    Path tempDir(String hint) throws ContainerException {
        Path p = store.tempPath(hint);
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new ContainerException("cannot create " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fresh exec scratch dir (a {@link #tempDir}) holding empty {@code upper/} and {@code work/} dirs. One is made
     * ahead of time on a background thread, so an exec does not wait for three directory creations on the state
     * dir's filesystem (several milliseconds each on a busy disk).
     */
    Path execDir() throws ContainerException {
        Path p = spareExecDirs.poll();
        background.execute(this::keepSpareExecDir);
        if (p != null && Files.isDirectory(p.resolve("work"))) {
            return p;
        }
        if (p != null) {
            execDirUses.remove(p);
        }
        return makeExecDir();
    }

    /**
     * Done with exec scratch dir {@code dir} (its overlay unmounted): on the background thread, kept as a spare when
     * the run left it as {@link #makeExecDir} made it ({@link #asMade}), it was made after the staging dir was marked
     * ({@link #spreadDone}) and it has served fewer than {@value #MAX_EXEC_DIR_USES} runs; else deleted. An exec that
     * changed nothing, the usual uncached {@code withExec} of a test or a check, so costs no directory removal and
     * creation on the state dir's filesystem (with {@code discard} on ext4, each removal also sends the device a
     * discard request).
     */
    void discard(Path dir) {
        background.execute(() -> {
            Integer n = execDirUses.computeIfPresent(dir, (d, uses) -> uses + 1);
            if (n != null && n < MAX_EXEC_DIR_USES && spareExecDirs.size() < MAX_SPARE_EXEC_DIRS && asMade(dir)) {
                spareExecDirs.add(dir);
            } else {
                execDirUses.remove(dir);
                FileTrees.deleteQuietly(dir);
            }
        });
    }

    /**
     * Whether used exec dir {@code run} is as {@link #makeExecDir} made it, once the marks overlayfs leaves in a
     * work dir are cleared: only {@code upper/} and {@code work/}; {@code upper} empty, with the mode and owner of
     * {@code work} (both were made alike; a run that changed its root's mode or owner changed the upper dir's, and
     * the next run must not inherit that); {@code work} holding at most overlayfs's empty {@code work/}, after its
     * volatile marker ({@code work/incompat/volatile/dirty}) is removed.
     */
    static boolean asMade(Path run) {
        try {
            Path upper = run.resolve("upper");
            Path work = run.resolve("work");
            if (!names(run).equals(Set.of("upper", "work")) || !names(upper).isEmpty()
                    || !Files.readAttributes(upper, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS)
                            .equals(Files.readAttributes(work, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS))) {
                return false;
            }
            Set<String> inWork = names(work);
            if (inWork.isEmpty()) {
                return true;
            }
            if (!inWork.equals(Set.of("work"))) {
                return false;
            }
            Path inner = work.resolve("work");
            Path incompat = inner.resolve("incompat");
            if (Files.isDirectory(incompat, LinkOption.NOFOLLOW_LINKS)) {
                Path marker = incompat.resolve("volatile");
                Files.deleteIfExists(marker.resolve("dirty"));
                Files.deleteIfExists(marker);
                Files.delete(incompat); // anything else in there: not empty, and the dir is deleted instead
            }
            return names(inner).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false; // not as made (or not readable): deleted instead
        }
    }

    /** The names in directory {@code dir}, which must not be a symlink. */
    private static Set<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }

    private void keepSpareExecDir() {
        if (!spreadDone) {
            // Once, when the first exec runs (not at start-up, where it would compete with the command): exec dirs
            // spread over the file system's block groups, where a journal-less ext4 finds inodes for their overlays
            // fast. Only the one background thread gets here.
            TopDirFlag.set(store.stagingDir());
            spreadDone = true;
        }
        if (!spareExecDirs.isEmpty()) {
            return;
        }
        try {
            spareExecDirs.add(makeExecDir());
        } catch (ContainerException e) {
            // The exec that needs it makes its own and reports the problem.
        }
    }

    private Path makeExecDir() throws ContainerException {
        boolean reusable = spreadDone;
        Path run = tempDir("exec");
        try {
            Files.createDirectory(run.resolve("upper"));
            Files.createDirectory(run.resolve("work"));
        } catch (IOException e) {
            throw new ContainerException("cannot create the exec scratch dirs in " + run + ": " + e.getMessage(), e);
        }
        if (reusable) {
            execDirUses.put(run, 0);
        }
        return run;
    }

    /** Moves complete directory {@code dir} to {@code ctr-layers/<name>} (kept if already there); its entry. */
    RootfsChain.Entry commit(Path dir, String name) throws ContainerException {
        Path done = layers.resolve(name);
        publish(dir, done);
        return new RootfsChain.Entry("ctr-layers/" + name, null, null, null);
    }

    boolean hasLayer(String name) {
        return Files.isDirectory(layers.resolve(name));
    }

    private static void publish(Path tmp, Path done) throws ContainerException {
        try {
            Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            FileTrees.deleteQuietly(tmp);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ContainerException("cannot move " + tmp + " into place: not on one filesystem", e);
        } catch (IOException e) {
            if (Files.isDirectory(done)) {
                FileTrees.deleteQuietly(tmp);
                return;
            }
            throw new ContainerException("cannot move " + tmp + " to " + done + ": " + e.getMessage(), e);
        }
    }
}
