package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Unpacked layers, one directory per diff_id: {@code <state>/snapshots/<64 hex of diff_id>/}, each usable as an
 * overlayfs lower directory (whiteouts are 0/0 character devices, opaque directories carry
 * {@code user.overlay.opaque=y}, so mounts MUST use {@code -o userxattr}). A layer is unpacked into a temp directory
 * under {@code <state>/tmp/} and renamed into place only after its diff_id checked, so a snapshot directory that
 * exists is complete: a killed process leaves at most a temp directory, which opening the content store removes.
 * Concurrent callers of {@link #ensure} for one diff_id in this process share a single unpack; another process racing
 * on the same state directory loses the rename harmlessly. Snapshots are never modified once in place.
 */
public final class SnapshotStore {
    private final ContentStore store;
    private final Path dir;
    private final LayerUnpacker unpacker;
    private final ConcurrentHashMap<Digest, CompletableFuture<Path>> inflight = new ConcurrentHashMap<>();

    private SnapshotStore(ContentStore store, Path dir, boolean restoreOwnership) {
        this.store = store;
        this.dir = dir;
        this.unpacker = new LayerUnpacker(restoreOwnership);
    }

    /** Opens the snapshots of the state directory of {@code store} (creating {@code snapshots/} if needed). */
    public static SnapshotStore open(ContentStore store) throws ImageException {
        Path dir = store.root().resolve("snapshots");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ImageException("cannot create the snapshot directory " + dir + ": " + e.getMessage(), e);
        }
        return new SnapshotStore(store, dir, runningAsRoot());
    }

    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Opens a layer blob's bytes, as stored or transferred (possibly compressed). */
    @FunctionalInterface
    public interface LayerSource {
        InputStream open() throws ImageException, InterruptedException;
    }

    /** Where the snapshot of {@code diffId} is (or would be). */
    public Path path(Digest diffId) {
        return dir.resolve(diffId.hex());
    }

    public boolean has(Digest diffId) {
        return Files.isDirectory(path(diffId), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The snapshot directory of {@code layer}, unpacking it from {@code source} if it is not there yet. Fails, leaving
     * no snapshot, if the blob is not a valid tar in the layer's compression, holds a hostile entry, or its
     * uncompressed digest is not the layer's diff_id.
     */
    public Path ensure(Layer layer, LayerSource source) throws ImageException, InterruptedException {
        Path done = path(layer.diffId());
        if (has(layer.diffId())) {
            return done;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = inflight.putIfAbsent(layer.diffId(), mine);
        if (running != null) {
            return await(running, layer);
        }
        try {
            Path p = has(layer.diffId()) ? done : unpack(layer, source, done);
            mine.complete(p);
            return p;
        } catch (ImageException | InterruptedException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(layer.diffId(), mine);
        }
    }

    private static Path await(CompletableFuture<Path> running, Layer layer)
            throws ImageException, InterruptedException {
        try {
            return running.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ImageException ie) {
                throw new ImageException(ie.image().orElse(null), ie.registry().orElse(null), ie.getMessage(), ie);
            }
            throw new ImageException("unpacking layer " + layer.digest() + " failed: " + c, c);
        }
    }

    private Path unpack(Layer layer, LayerSource source, Path done) throws ImageException, InterruptedException {
        Path staging = store.tempPath("snapshot-" + layer.diffId().hex().substring(0, 12));
        try {
            Files.createDirectory(staging);
            LayerUnpacker.Result r;
            try (InputStream in = source.open()) {
                r = unpacker.unpack(in, layer.compression(), staging, layer.digest().toString());
            }
            if (!r.diffId().equals(layer.diffId())) {
                throw new ImageException("layer " + layer.digest() + " unpacks to diff_id " + r.diffId() + " but the"
                        + " image config says " + layer.diffId() + " (corrupt or tampered data)");
            }
            try {
                Files.move(staging, done, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // another process finished the same snapshot first: its copy is as good as ours
            } catch (AtomicMoveNotSupportedException e) {
                throw new ImageException("the state directory cannot rename " + staging + " to " + done
                        + " atomically", e);
            }
            return done;
        } catch (IOException e) {
            throw new ImageException("cannot unpack layer " + layer.digest() + " into " + done + ": " + e.getMessage(),
                    e);
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void deleteQuietly(Path staging) {
        try {
            FileTrees.delete(staging);
        } catch (IOException ignored) {
            // left for the next open of the content store, which clears tmp/
        }
    }
}
