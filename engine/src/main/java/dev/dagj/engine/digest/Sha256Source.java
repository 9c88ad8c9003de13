package dev.dagj.engine.digest;

import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Hands out the small-input SHA-256 (the plain-Java one, which needs none of the JDK's security providers) until the
 * process has real bulk to hash, then the native one. Loading the native backend
 * (the FFM linker, the library, a downcall stub per function) costs a C1-only CLI JVM about 170-250 ms of CPU
 * (measured on the 2-core VM under load, with the start-up archive), more than a whole {@code dagger version}; the
 * JDK's SHA-256 under C1 hashes about as many bytes as {@value #LOAD_AT} meanwhile. So the native backend is loaded,
 * once, by the first request that brings the bytes hashed before (counted from the sizes callers announce) to
 * {@value #LOAD_AT}: a run that hashes keys, trees and a few small files never pays for it (2x the best choice at
 * worst), and an upload or pull of a large file loads it at once. Inputs of unknown size are kept aside until they
 * turn out large or end ({@link DeferredSha256}).
 *
 * <p>While one thread loads it, others with small inputs go on with the small-input one, and those with {@value #LOAD_AT}
 * bytes or more wait for it. If it cannot load, the JDK's is used from then on (the backend's description says why).
 */
final class Sha256Source {
    /** Bytes hashed with the small-input SHA-256 before the native backend is loaded. */
    static final long LOAD_AT = 16L << 20;

    private final Sha256Backend small;
    private final Supplier<Sha256Backend> loader;
    private final AtomicLong jdkBytes = new AtomicLong();
    private final AtomicLong announced = new AtomicLong();
    private final AtomicBoolean loading = new AtomicBoolean();
    private final CountDownLatch loadedSignal = new CountDownLatch(1);
    private volatile Sha256Backend loaded;

    /** {@code loader}: the backend to switch to (the native one, or the JDK's when that is unavailable); never fails. */
    Sha256Source(Sha256Backend small, Supplier<Sha256Backend> loader) {
        this.small = small;
        this.loader = loader;
    }

    /** The backend for an input of about {@code expectedBytes} bytes (0 when unknown: such inputs never load it). */
    Sha256Backend forBytes(long expectedBytes) {
        Sha256Backend b = loaded;
        if (b != null) {
            return b;
        }
        if (expectedBytes <= 0 || expectedBytes < LOAD_AT && jdkBytes.addAndGet(expectedBytes) < LOAD_AT) {
            return small;
        }
        if (loading.compareAndSet(false, true)) {
            return load();
        }
        if (expectedBytes < LOAD_AT) {
            return small;
        }
        try {
            loadedSignal.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return small;
        }
        return loaded;
    }

    /**
     * Notes that a caller is about to hash {@code bytes} more (an upload announcing each file as its walk finds it):
     * once the announced bytes reach {@value #LOAD_AT}, the native backend starts loading on a thread of its own, so
     * the hashing goes on with the small-input one meanwhile instead of waiting for the load or paying for the
     * small-input one until {@value #LOAD_AT} bytes were hashed with it.
     */
    void announce(long bytes) {
        if (loaded != null || loading.get() || announced.addAndGet(bytes) < LOAD_AT
                || !loading.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("dagj-sha256-load").start(() -> {
            try {
                load();
            } catch (RuntimeException | Error e) {
                // load() fell back to the small-input backend; a bulk caller's own use reports nothing either
            }
        });
    }

    /** A digest for an input of unknown size: the loaded backend's, or a {@link DeferredSha256} until it is loaded. */
    MessageDigest unknownSize() {
        Sha256Backend b = loaded;
        return b != null ? b.newDigest() : new DeferredSha256(this);
    }

    /** The backend used once bulk arrives, loading it now if needed (for a debug line saying which one it is). */
    Sha256Backend bulk() {
        return forBytes(LOAD_AT);
    }

    /** Whether the bulk backend has been loaded (or failed to load) already. */
    boolean loaded() {
        return loaded != null;
    }

    private Sha256Backend load() {
        try {
            Sha256Backend b = loader.get();
            loaded = b;
            return b;
        } catch (RuntimeException | Error e) {
            loaded = small;
            throw e;
        } finally {
            loadedSignal.countDown();
        }
    }
}
