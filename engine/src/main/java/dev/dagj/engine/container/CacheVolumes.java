package dev.dagj.engine.container;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.host.HostExporter;
import dev.dagj.engine.store.ContentStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Persistent cache volumes under {@code <state>/volumes/<sha256(namespace:key)>/data}, kept across sessions and
 * restarts. Sharing modes: SHARED hands every user the same directory at once; LOCKED serializes users (a semaphore in
 * this process plus an exclusive file lock on {@code <id>.lock} across processes); PRIVATE hands the directory to the
 * first user and a throwaway copy to each concurrent one. A new volume is created once: seeded from {@code source}
 * (if given) and chowned to {@code owner} (if given), then renamed into place.
 */
public final class CacheVolumes {
    private final Path dir;
    private final ContentStore store;
    private final HostExporter exporter;
    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> users = new ConcurrentHashMap<>();

    public CacheVolumes(ContentStore store) throws ContainerException {
        this.store = store;
        this.dir = store.root().resolve("volumes");
        this.exporter = new HostExporter(store);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ContainerException("cannot create the cache volume directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The volume id of {@code key} in {@code namespace}: hex sha256 of {@code namespace:key}. */
    public static String id(String namespace, String key) {
        return Digest.of((namespace + ":" + key).getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** A volume in use; {@link #close} gives it back. */
    interface Lease extends AutoCloseable {
        Path path();

        @Override
        void close();
    }

    /** The data directory of volume {@code id} for one exec, honouring {@code sharing}. */
    Lease acquire(String id, String sharing, Digest seed, int[] owner) throws EngineException, InterruptedException {
        Path data = ensure(id, seed, owner);
        return switch (sharing) {
            case "LOCKED" -> locked(id, data);
            case "PRIVATE" -> privateFresh(id, data, seed, owner);
            default -> new Simple(data, () -> { });
        };
    }

    private record Simple(Path path, Runnable release) implements Lease {
        @Override
        public void close() {
            release.run();
        }
    }

    private Path ensure(String id, Digest seed, int[] owner) throws EngineException, InterruptedException {
        Path data = dir.resolve(id).resolve("data");
        if (Files.isDirectory(data)) {
            return data;
        }
        Semaphore s = locks.computeIfAbsent(id, k -> new Semaphore(1));
        s.acquire();
        try (FileChannel ch = FileChannel.open(dir.resolve(id + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock l = ch.lock()) {
            if (Files.isDirectory(data)) {
                return data;
            }
            Files.createDirectories(data.getParent());
            Path tmp = store.tempPath("volume");
            if (seed != null) {
                exporter.exportDirectory(seed, tmp, false);
            } else {
                Files.createDirectories(tmp);
            }
            if (owner != null) {
                Files.setAttribute(tmp, "unix:uid", owner[0]);
                Files.setAttribute(tmp, "unix:gid", owner[1]);
            }
            Files.move(tmp, data, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return data;
        } catch (IOException e) {
            throw new ContainerException("cannot create cache volume " + id + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            s.release();
        }
    }

    private Lease locked(String id, Path data) throws ContainerException, InterruptedException {
        Semaphore s = locks.computeIfAbsent(id, k -> new Semaphore(1));
        s.acquire();
        try {
            FileChannel ch = FileChannel.open(dir.resolve(id + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock l = ch.lock();
            return new Simple(data, () -> {
                try {
                    l.release();
                    ch.close();
                } catch (IOException ignored) {
                    // closing the channel drops the lock anyway
                } finally {
                    s.release();
                }
            });
        } catch (IOException e) {
            s.release();
            throw new ContainerException("cannot lock cache volume " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * PRIVATE sharing: the first user mounts the volume itself; a user arriving while it is in use gets a fresh
     * volume of its own (seeded like a new volume, discarded afterwards), as BuildKit does. Never a copy of the
     * in-use directory, which would hand it the other user's half-done writes.
     */
    private Lease privateFresh(String id, Path data, Digest seed, int[] owner) throws ContainerException {
        AtomicInteger n = users.computeIfAbsent(id, k -> new AtomicInteger());
        if (n.getAndIncrement() == 0) {
            return new Simple(data, n::decrementAndGet);
        }
        Path fresh = store.tempPath("volume-private");
        try {
            if (seed != null) {
                exporter.exportDirectory(seed, fresh, false);
            } else {
                Files.createDirectories(fresh);
            }
            if (owner != null) {
                Files.setAttribute(fresh, "unix:uid", owner[0]);
                Files.setAttribute(fresh, "unix:gid", owner[1]);
            }
        } catch (IOException | EngineException e) {
            n.decrementAndGet();
            FileTrees.deleteQuietly(fresh);
            throw new ContainerException("cannot make a private instance of cache volume " + id + ": "
                    + e.getMessage(), e);
        }
        return new Simple(fresh, () -> {
            FileTrees.deleteQuietly(fresh);
            n.decrementAndGet();
        });
    }
}
