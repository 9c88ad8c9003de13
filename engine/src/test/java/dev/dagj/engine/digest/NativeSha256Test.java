package dev.dagj.engine.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native SHA-256 (OpenSSL through the FFM API, the engine's Java 22 classes) against the JDK's, on the same bytes
 * fed in many different ways. Runs where the native backend can work: a JDK 22 or newer with {@code libcrypto.so.3}
 * (run-tests installs libssl3); there it must load, not fall back.
 */
class NativeSha256Test {
    private static final HexFormat HEX = HexFormat.of();
    private static Sha256Backend nativeBackend;

    @BeforeAll
    static void loadNative() {
        assumeTrue(Runtime.version().feature() >= 22, "the native SHA-256 needs Java 22");
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3"))
                || Files.exists(Path.of("/lib64/libcrypto.so.3")), "no libcrypto.so.3 (Debian package libssl3)");
        nativeBackend = Sha256Backends.choose(null, null, Sha256Backends.NATIVE_CLASS);
        assertThat(nativeBackend.description()).as("the native backend loads on this machine")
                .startsWith("native SHA-256 (OpenSSL 3");
    }

    private static byte[] jdk(byte[] data, int offset, int length) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(data, offset, length);
        return md.digest();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void oneShotDigestsEqualTheJdksForManySizesAndOffsets() throws Exception {
        byte[] data = random((3 << 20) + 100, 1);
        int[] sizes = {0, 1, 2, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 4096, 65536, (1 << 20) - 1, 1 << 20,
            (1 << 20) + 1, (3 << 20) + 7};
        for (int size : sizes) {
            for (int offset : new int[] {0, 1, 13, 93}) {
                assertThat(HEX.formatHex(nativeBackend.digest(data, offset, size)))
                        .as("%d bytes at offset %d", size, offset)
                        .isEqualTo(HEX.formatHex(jdk(data, offset, size)));
            }
        }
    }

    @Test
    void emptyInputGivesTheKnownDigest() {
        assertThat(HEX.formatHex(nativeBackend.newDigest().digest()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HEX.formatHex(nativeBackend.digest(new byte[0], 0, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void randomChunkingsOfArraysEqualTheJdk() throws Exception {
        byte[] data = random((2 << 20) + 333, 2);
        byte[] expected = jdk(data, 0, data.length);
        Random rnd = new Random(3);
        int[] maxChunks = {1, 2, 63, 64, 65, 127, 128, 129, 300, 5000, 70_000, 1 << 20, 3 << 20};
        for (int max : maxChunks) {
            MessageDigest md = nativeBackend.newDigest();
            for (int off = 0; off < data.length; ) {
                int n = Math.min(data.length - off, 1 + rnd.nextInt(max));
                if (n == 1 && rnd.nextBoolean()) {
                    md.update(data[off]);
                } else {
                    md.update(data, off, n);
                }
                off += n;
            }
            assertThat(md.digest()).as("chunks of up to %d bytes", max).isEqualTo(expected);
        }
    }

    @Test
    void byteBufferUpdatesHeapDirectReadOnlyAndSlicedEqualTheJdk() throws Exception {
        byte[] data = random((1 << 20) * 2 + 4097, 4);
        byte[] expected = jdk(data, 0, data.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 64);
        direct.position(64);
        direct.put(data);
        ByteBuffer padded = ByteBuffer.allocate(data.length + 10);
        padded.position(10);
        padded.put(data);
        ByteBuffer[] views = {
            ByteBuffer.wrap(data),
            padded.position(10).slice(), // a heap buffer with an array offset
            ByteBuffer.wrap(data).asReadOnlyBuffer(),
            direct.position(64).slice(),
        };
        String[] names = {"heap", "heap slice with an array offset", "read-only heap", "direct slice"};
        Random rnd = new Random(5);
        for (int v = 0; v < views.length; v++) {
            for (int max : new int[] {1, 100, 5000, 3 << 20}) {
                ByteBuffer b = views[v].duplicate().clear();
                MessageDigest md = nativeBackend.newDigest();
                while (b.hasRemaining()) {
                    int n = Math.min(b.remaining(), 1 + rnd.nextInt(max));
                    ByteBuffer piece = b.duplicate().limit(b.position() + n);
                    md.update(piece);
                    assertThat(piece.hasRemaining()).as("update consumes the buffer").isFalse();
                    b.position(b.position() + n);
                }
                assertThat(md.digest()).as("%s, pieces of up to %d bytes", names[v], max).isEqualTo(expected);
            }
        }
    }

    @Test
    void digestResetsAndTheDigestCanBeReused() throws Exception {
        byte[] a = random(10_000, 6);
        byte[] b = random(333, 7);
        MessageDigest md = nativeBackend.newDigest();
        md.update(a);
        assertThat(md.digest()).isEqualTo(jdk(a, 0, a.length));
        md.update(b);
        assertThat(md.digest()).as("after digest() the state is fresh").isEqualTo(jdk(b, 0, b.length));
        md.update(a);
        md.update(new byte[] {1, 2, 3});
        md.reset();
        md.update(b);
        assertThat(md.digest()).as("after reset() the state is fresh").isEqualTo(jdk(b, 0, b.length));
        md.update(b, 0, 5);
        md.reset();
        assertThat(md.digest()).as("reset drops buffered small updates too").isEqualTo(jdk(b, 0, 0));
    }

    @Test
    void aCloneContinuesIndependently() throws Exception {
        byte[] data = random(50_000, 8);
        for (int split : new int[] {0, 10, 20_000}) {
            MessageDigest md = nativeBackend.newDigest();
            md.update(data, 0, split);
            md.update(data, split, 5); // a small update still in the buffer when cloned
            MessageDigest copy = (MessageDigest) md.clone();
            md.update(data, split + 5, data.length - split - 5);
            copy.update(new byte[] {42});
            assertThat(md.digest()).as("original, split at %d", split).isEqualTo(jdk(data, 0, data.length));
            byte[] prefix = new byte[split + 6];
            System.arraycopy(data, 0, prefix, 0, split + 5);
            prefix[split + 5] = 42;
            assertThat(copy.digest()).as("clone, split at %d", split).isEqualTo(jdk(prefix, 0, prefix.length));
        }
    }

    @Test
    void describesTheLibrary() {
        assertThat(nativeBackend.description()).contains("libcrypto.so.3");
        assertThat(nativeBackend.newDigest().getAlgorithm()).isEqualTo("SHA-256");
        assertThat(nativeBackend.newDigest().getDigestLength()).isEqualTo(32);
    }
}
