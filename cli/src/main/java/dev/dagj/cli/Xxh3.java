package dev.dagj.cli;

import java.nio.charset.StandardCharsets;

/**
 * XXH3-64 with seed 0 and the default secret, as Dagger prints object digests ({@code Container@xxh3:<16 hex>}).
 * Written from the algorithm's description; the tests pin it to the reference library's output for every length class
 * (0, 1-3, 4-8, 9-16, 17-128, 129-240 and the striped long form).
 */
final class Xxh3 {
    private static final long PRIME32_1 = 0x9E3779B1L;
    private static final long PRIME32_2 = 0x85EBCA77L;
    private static final long PRIME32_3 = 0xC2B2AE3DL;
    private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME64_3 = 0x165667B19E3779F9L;
    private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME64_5 = 0x27D4EB2F165667C5L;
    private static final long PRIME_MX1 = 0x165667919E3779F9L;
    private static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

    private static final int STRIPE_LEN = 64;
    private static final int SECRET_CONSUME_RATE = 8;
    private static final int SECRET_SIZE_MIN = 136;
    private static final int MIDSIZE_START_OFFSET = 3;
    private static final int MIDSIZE_LAST_OFFSET = 17;
    private static final int SECRET_LASTACC_START = 7;
    private static final int SECRET_MERGEACCS_START = 11;

    private static final byte[] SECRET = bytes(
            "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
            + "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
            + "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
            + "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364"
            + "eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e"
            + "2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e");

    private Xxh3() {
    }

    /** {@code xxh3:<16 lowercase hex>} of the UTF-8 bytes of {@code text}. */
    static String digest(String text) {
        return "xxh3:" + String.format("%016x", hash64(text.getBytes(StandardCharsets.UTF_8)));
    }

    static long hash64(byte[] in) {
        int len = in.length;
        if (len <= 16) {
            return hashUpTo16(in, len);
        }
        if (len <= 128) {
            return hash17To128(in, len);
        }
        if (len <= 240) {
            return hash129To240(in, len);
        }
        return hashLong(in, len);
    }

    private static long hashUpTo16(byte[] in, int len) {
        if (len > 8) {
            long bitflip1 = readLong(SECRET, 24) ^ readLong(SECRET, 32);
            long bitflip2 = readLong(SECRET, 40) ^ readLong(SECRET, 48);
            long lo = readLong(in, 0) ^ bitflip1;
            long hi = readLong(in, len - 8) ^ bitflip2;
            long acc = len + Long.reverseBytes(lo) + hi + mulFold(lo, hi);
            return avalanche(acc);
        }
        if (len >= 4) {
            long in1 = readInt(in, 0);
            long in2 = readInt(in, len - 4);
            long bitflip = readLong(SECRET, 8) ^ readLong(SECRET, 16);
            long keyed = (in2 + (in1 << 32)) ^ bitflip;
            return rrmxmx(keyed, len);
        }
        if (len > 0) {
            int c1 = in[0] & 0xff;
            int c2 = in[len >> 1] & 0xff;
            int c3 = in[len - 1] & 0xff;
            long combined = ((long) c1 << 16 | (long) c2 << 24 | c3 | (long) len << 8) & 0xFFFFFFFFL;
            long bitflip = (readInt(SECRET, 0) ^ readInt(SECRET, 4));
            return xxh64Avalanche(combined ^ bitflip);
        }
        return xxh64Avalanche(readLong(SECRET, 56) ^ readLong(SECRET, 64));
    }

    private static long hash17To128(byte[] in, int len) {
        long acc = len * PRIME64_1;
        if (len > 32) {
            if (len > 64) {
                if (len > 96) {
                    acc += mix16(in, 48, 96);
                    acc += mix16(in, len - 64, 112);
                }
                acc += mix16(in, 32, 64);
                acc += mix16(in, len - 48, 80);
            }
            acc += mix16(in, 16, 32);
            acc += mix16(in, len - 32, 48);
        }
        acc += mix16(in, 0, 0);
        acc += mix16(in, len - 16, 16);
        return avalanche(acc);
    }

    private static long hash129To240(byte[] in, int len) {
        long acc = len * PRIME64_1;
        int rounds = len / 16;
        for (int i = 0; i < 8; i++) {
            acc += mix16(in, 16 * i, 16 * i);
        }
        acc = avalanche(acc);
        for (int i = 8; i < rounds; i++) {
            acc += mix16(in, 16 * i, 16 * (i - 8) + MIDSIZE_START_OFFSET);
        }
        acc += mix16(in, len - 16, SECRET_SIZE_MIN - MIDSIZE_LAST_OFFSET);
        return avalanche(acc);
    }

    private static long hashLong(byte[] in, int len) {
        long[] acc = {PRIME32_3, PRIME64_1, PRIME64_2, PRIME64_3, PRIME64_4, PRIME32_2, PRIME64_5, PRIME32_1};
        int stripesPerBlock = (SECRET.length - STRIPE_LEN) / SECRET_CONSUME_RATE;
        int blockLen = STRIPE_LEN * stripesPerBlock;
        int blocks = (len - 1) / blockLen;
        for (int b = 0; b < blocks; b++) {
            accumulate(acc, in, b * blockLen, stripesPerBlock);
            scramble(acc, SECRET.length - STRIPE_LEN);
        }
        int stripes = ((len - 1) - blockLen * blocks) / STRIPE_LEN;
        accumulate(acc, in, blocks * blockLen, stripes);
        accumulateStripe(acc, in, len - STRIPE_LEN, SECRET.length - STRIPE_LEN - SECRET_LASTACC_START);
        long result = len * PRIME64_1;
        for (int i = 0; i < 4; i++) {
            int s = SECRET_MERGEACCS_START + 16 * i;
            result += mulFold(acc[2 * i] ^ readLong(SECRET, s), acc[2 * i + 1] ^ readLong(SECRET, s + 8));
        }
        return avalanche(result);
    }

    private static void accumulate(long[] acc, byte[] in, int offset, int stripes) {
        for (int n = 0; n < stripes; n++) {
            accumulateStripe(acc, in, offset + n * STRIPE_LEN, n * SECRET_CONSUME_RATE);
        }
    }

    private static void accumulateStripe(long[] acc, byte[] in, int offset, int secretOffset) {
        for (int i = 0; i < 8; i++) {
            long data = readLong(in, offset + 8 * i);
            long key = data ^ readLong(SECRET, secretOffset + 8 * i);
            acc[i ^ 1] += data;
            acc[i] += (key & 0xFFFFFFFFL) * (key >>> 32);
        }
    }

    private static void scramble(long[] acc, int secretOffset) {
        for (int i = 0; i < 8; i++) {
            long a = acc[i];
            a ^= a >>> 47;
            a ^= readLong(SECRET, secretOffset + 8 * i);
            acc[i] = a * PRIME32_1;
        }
    }

    private static long mix16(byte[] in, int offset, int secretOffset) {
        long lo = readLong(in, offset);
        long hi = readLong(in, offset + 8);
        return mulFold(lo ^ readLong(SECRET, secretOffset), hi ^ readLong(SECRET, secretOffset + 8));
    }

    /** The 128-bit product of two unsigned 64-bit values, folded by XOR of its halves. */
    private static long mulFold(long a, long b) {
        return (a * b) ^ Math.unsignedMultiplyHigh(a, b);
    }

    private static long avalanche(long h) {
        h ^= h >>> 37;
        h *= PRIME_MX1;
        return h ^ (h >>> 32);
    }

    private static long xxh64Avalanche(long h) {
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        return h ^ (h >>> 32);
    }

    private static long rrmxmx(long h, int len) {
        h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
        h *= PRIME_MX2;
        h ^= (h >>> 35) + len;
        h *= PRIME_MX2;
        return h ^ (h >>> 28);
    }

    private static long readLong(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                | (b[i + 7] & 0xffL) << 56;
    }

    private static long readInt(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    private static byte[] bytes(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
