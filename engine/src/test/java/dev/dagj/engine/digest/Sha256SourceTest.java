package dev.dagj.engine.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When the bulk backend is loaded ({@link Sha256Source}) and how {@link DeferredSha256} hands a stream of unknown size
 * over to it. The "bulk" backend here is a second JDK backend with its own description, so the tests see which one
 * hashed what; the real native backend is tested in {@link NativeSha256Test}.
 */
class Sha256SourceTest {
    private static final HexFormat HEX = HexFormat.of();

    /** A JDK backend that counts the digests it hands out, standing in for the native one. */
    private static final class CountingBackend implements Sha256Backend {
        final AtomicInteger digests = new AtomicInteger();
        private final Sha256Backend jdk;

        CountingBackend(String why) {
            jdk = new Sha256Backends.Jdk(why);
        }

        @Override
        public MessageDigest newDigest() {
            digests.incrementAndGet();
            return jdk.newDigest();
        }

        @Override
        public byte[] digest(byte[] data, int offset, int length) {
            digests.incrementAndGet();
            return jdk.digest(data, offset, length);
        }

        @Override
        public String description() {
            return jdk.description();
        }
    }

    private final CountingBackend jdk = new CountingBackend("test jdk");
    private final CountingBackend bulk = new CountingBackend("test bulk");
    private final AtomicInteger loads = new AtomicInteger();
    private final Sha256Source source = new Sha256Source(jdk, () -> {
        loads.incrementAndGet();
        return bulk;
    });

    @Test
    void smallAndUnknownInputsNeverLoadTheBulkBackend() {
        for (int i = 0; i < 1000; i++) {
            assertThat(source.forBytes(4096)).isSameAs(jdk);
            assertThat(source.forBytes(0)).isSameAs(jdk);
        }
        assertThat(loads).hasValue(0);
        assertThat(source.loaded()).isFalse();
    }

    @Test
    void aLargeInputLoadsItOnceAndEverythingUsesItAfter() {
        assertThat(source.forBytes(Sha256Source.LOAD_AT)).isSameAs(bulk);
        assertThat(source.forBytes(1)).isSameAs(bulk);
        assertThat(source.forBytes(0)).isSameAs(bulk);
        assertThat(source.unknownSize()).isNotInstanceOf(DeferredSha256.class);
        assertThat(loads).hasValue(1);
    }

    @Test
    void aHugeAnnouncedSizeLoadsIt() {
        assertThat(source.forBytes(Long.MAX_VALUE)).isSameAs(bulk);
    }

    @Test
    void manySmallInputsLoadItOnceTheyAddUpToTheThreshold() {
        long small = 1 << 20;
        for (long done = small; done < Sha256Source.LOAD_AT; done += small) {
            assertThat(source.forBytes(small)).isSameAs(jdk);
        }
        assertThat(source.forBytes(small)).isSameAs(bulk);
        assertThat(loads).hasValue(1);
    }

    @Test
    void announcedBulkLoadsItInTheBackgroundWhileSmallInputsGoOnWithTheJdk() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Sha256Source slow = new Sha256Source(jdk, () -> {
            loads.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return bulk;
        });
        long small = 1 << 20;
        for (long done = small; done < Sha256Source.LOAD_AT; done += small) {
            slow.announce(small);
        }
        assertThat(slow.loaded()).as("announced less than the threshold").isFalse();
        assertThat(slow.forBytes(4096)).isSameAs(jdk);
        slow.announce(small);
        slow.announce(small); // a second announcement past the threshold starts no second load
        assertThat(slow.forBytes(4096)).as("while it loads").isSameAs(jdk);
        release.countDown();
        assertThat(slow.forBytes(Sha256Source.LOAD_AT)).as("a large input waits for the load").isSameAs(bulk);
        assertThat(slow.forBytes(4096)).isSameAs(bulk);
        assertThat(loads).hasValue(1);
    }

    @Test
    void whileOneThreadLoadsLargeInputsWaitAndSmallOnesGoOnWithTheJdk() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sha256Source slow = new Sha256Source(jdk, () -> {
            loading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return bulk;
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Sha256Backend> first = pool.submit(() -> slow.forBytes(Sha256Source.LOAD_AT));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(slow.forBytes(100)).as("a small input does not wait").isSameAs(jdk);
            Future<Sha256Backend> second = pool.submit(() -> slow.forBytes(Sha256Source.LOAD_AT * 2));
            Thread.sleep(100);
            assertThat(second.isDone()).as("a large input waits for the load").isFalse();
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(bulk);
            assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(bulk);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoaderThatFailsLeavesTheJdkBackendInPlace() {
        Sha256Source failing = new Sha256Source(jdk, () -> {
            throw new IllegalStateException("boom");
        });
        try {
            failing.forBytes(Sha256Source.LOAD_AT);
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("boom");
        }
        assertThat(failing.forBytes(Sha256Source.LOAD_AT)).isSameAs(jdk);
        assertThat(failing.loaded()).isTrue();
    }

    @Test
    void aDeferredDigestOfASmallStreamIsHashedInOnePieceWithoutLoading() throws Exception {
        byte[] data = random(100_000, 1);
        MessageDigest md = source.unknownSize();
        assertThat(md).isInstanceOf(DeferredSha256.class);
        int jdkBefore = jdk.digests.get();
        for (int off = 0; off < data.length; off += 777) {
            md.update(data, off, Math.min(777, data.length - off));
        }
        md.update((byte) 7);
        byte[] expected = jdkDigest(data, new byte[] {7});
        assertThat(HEX.formatHex(md.digest())).isEqualTo(HEX.formatHex(expected));
        assertThat(jdk.digests.get() - jdkBefore).as("one one-shot digest").isEqualTo(1);
        assertThat(loads).hasValue(0);
        // reusable after digest()
        md.update(data);
        assertThat(md.digest()).isEqualTo(jdkDigest(data, new byte[0]));
    }

    @Test
    void aDeferredDigestOfALargeStreamLoadsAndHandsOverWhatItKept() throws Exception {
        byte[] data = random((int) Sha256Source.LOAD_AT + 12345, 2);
        MessageDigest md = source.unknownSize();
        for (int off = 0; off < data.length; off += 65536) {
            md.update(data, off, Math.min(65536, data.length - off));
        }
        assertThat(loads).hasValue(1);
        assertThat(bulk.digests).as("the bulk backend took the stream over").hasValue(1);
        assertThat(md.digest()).isEqualTo(jdkDigest(data, new byte[0]));
    }

    @Test
    void aDeferredDigestTakesBytesArraysAndBuffersAcrossTheSwitchAndResets() throws Exception {
        byte[] data = random((int) Sha256Source.LOAD_AT + 70_000, 3);
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        MessageDigest md = source.unknownSize();
        md.update(new byte[] {1, 2, 3});
        md.reset();
        int off = 0;
        for (int i = 0; off < data.length; i++) {
            int n = Math.min(data.length - off, i % 3 == 0 ? 1 : 50_000);
            if (n == 1) {
                md.update(data[off]);
            } else if (i % 3 == 1) {
                md.update(data, off, n);
            } else {
                md.update(direct.duplicate().position(off).limit(off + n));
            }
            off += n;
        }
        assertThat(loads).as("switched to the bulk backend on the way").hasValue(1);
        assertThat(md.digest()).isEqualTo(jdkDigest(data, new byte[0]));
    }

    private static byte[] jdkDigest(byte[] a, byte[] b) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(a);
        md.update(b);
        return md.digest();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
