package dev.dagj.plugin;

/**
 * SHA-256 (FIPS 180-4) in plain Java, for the small inputs that the engine and its plugins hash on every run: keys,
 * trees, a plugin's own files. The JDK's {@code MessageDigest.getInstance("SHA-256")} gives the same bytes, but its
 * first call initialises the JDK's security providers, which costs a short-lived CLI JVM (C1 only) 30-60 ms; under
 * C1 this code hashes about as fast as the JDK's. Not thread-safe: one instance per thread at a time.
 */
public final class Sha256 {
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };
    private static final int[] INITIAL = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };

    private final int[] state = new int[8];
    private final int[] w = new int[64];
    private final byte[] block = new byte[64];
    private int blockLength;
    private long totalBytes;

    public Sha256() {
        reset();
    }

    /** The SHA-256 of {@code length} bytes of {@code data} from {@code offset}. */
    public static byte[] of(byte[] data, int offset, int length) {
        Sha256 s = new Sha256();
        s.update(data, offset, length);
        return s.digest();
    }

    /** Starts over, as if new. */
    public void reset() {
        System.arraycopy(INITIAL, 0, state, 0, 8);
        blockLength = 0;
        totalBytes = 0;
    }

    public void update(byte b) {
        block[blockLength++] = b;
        totalBytes++;
        if (blockLength == 64) {
            compress(block, 0);
            blockLength = 0;
        }
    }

    public void update(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
        }
        totalBytes += length;
        int i = offset;
        int end = offset + length;
        if (blockLength > 0) {
            int n = Math.min(64 - blockLength, length);
            System.arraycopy(data, i, block, blockLength, n);
            blockLength += n;
            i += n;
            if (blockLength < 64) {
                return;
            }
            compress(block, 0);
            blockLength = 0;
        }
        for (; end - i >= 64; i += 64) {
            compress(data, i);
        }
        blockLength = end - i;
        System.arraycopy(data, i, block, 0, blockLength);
    }

    /** The digest of everything given since the last reset (32 bytes); then starts over. */
    public byte[] digest() {
        long bits = totalBytes * 8;
        block[blockLength++] = (byte) 0x80;
        if (blockLength > 56) {
            java.util.Arrays.fill(block, blockLength, 64, (byte) 0);
            compress(block, 0);
            blockLength = 0;
        }
        java.util.Arrays.fill(block, blockLength, 56, (byte) 0);
        for (int i = 0; i < 8; i++) {
            block[56 + i] = (byte) (bits >>> (56 - 8 * i));
        }
        compress(block, 0);
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            int v = state[i];
            out[4 * i] = (byte) (v >>> 24);
            out[4 * i + 1] = (byte) (v >>> 16);
            out[4 * i + 2] = (byte) (v >>> 8);
            out[4 * i + 3] = (byte) v;
        }
        reset();
        return out;
    }

    /** An independent copy of this digest's progress. */
    public Sha256 copy() {
        Sha256 c = new Sha256();
        System.arraycopy(state, 0, c.state, 0, 8);
        System.arraycopy(block, 0, c.block, 0, 64);
        c.blockLength = blockLength;
        c.totalBytes = totalBytes;
        return c;
    }

    private void compress(byte[] in, int offset) {
        int[] w = this.w;
        for (int t = 0; t < 16; t++) {
            int p = offset + 4 * t;
            w[t] = (in[p] & 0xff) << 24 | (in[p + 1] & 0xff) << 16 | (in[p + 2] & 0xff) << 8 | (in[p + 3] & 0xff);
        }
        for (int t = 16; t < 64; t++) {
            int x = w[t - 15];
            int y = w[t - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        for (int t = 0; t < 64; t++) {
            int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int ch = (e & f) ^ (~e & g);
            int t1 = h + s1 + ch + K[t] + w[t];
            int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int maj = (a & b) ^ (a & c) ^ (b & c);
            int t2 = s0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
