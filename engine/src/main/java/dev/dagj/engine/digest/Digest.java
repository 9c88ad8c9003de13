package dev.dagj.engine.digest;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A SHA-256 digest, printed as {@code sha256:<64 hex>}. The hex conversions are plain loops: digests are made and
 * turned into bytes for every file, tree and key, and the CLI's C1-only JVM runs a stream pipeline or
 * {@link HexFormat}'s general code several times slower.
 */
public record Digest(String hex) implements Comparable<Digest> {
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** The value of each lowercase hex digit, indexed by its ASCII code. */
    private static final byte[] HEX_VALUES = new byte[128];

    static {
        for (int i = 0; i < 16; i++) {
            HEX_VALUES[HEX_DIGITS[i]] = (byte) i;
        }
    }
    public static final String PREFIX = "sha256:";

    public Digest {
        if (!isLowerHex64(hex)) {
            throw new IllegalArgumentException("not a sha256 hex digest: \"" + hex + "\"");
        }
    }

    private static boolean isLowerHex64(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code sha256:<hex>} (or bare hex); throws IllegalArgumentException naming the bad text. */
    public static Digest parse(String text) {
        String h = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        return new Digest(h);
    }

    public static Digest of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** The digest of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static Digest of(byte[] bytes, int offset, int length) {
        return fromRaw(Sha256.SOURCE.forBytes(length).digest(bytes, offset, length));
    }

    /** The digest whose 32 bytes are {@code raw}. */
    public static Digest fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("a sha256 digest has 32 bytes, not " + raw.length);
        }
        byte[] text = new byte[64];
        for (int i = 0; i < 32; i++) {
            text[2 * i] = HEX_DIGITS[(raw[i] >> 4) & 0xf];
            text[2 * i + 1] = HEX_DIGITS[raw[i] & 0xf];
        }
        return new Digest(new String(text, StandardCharsets.ISO_8859_1));
    }

    /**
     * A fresh SHA-256 digest for an input of unknown size: the native one (OpenSSL's through the FFM API, see
     * {@link Sha256Backends}) once the process has loaded it; before that, one that keeps the input until it is
     * either finished (then hashed by the JDK's) or large enough to load the native one ({@link DeferredSha256}).
     * Both give the same digests.
     */
    public static MessageDigest newSha256() {
        return Sha256.SOURCE.unknownSize();
    }

    /**
     * A fresh SHA-256 digest for about {@code expectedBytes} bytes: with bulk to hash (see {@link Sha256Source}), the
     * native one, loaded first if need be; else the JDK's until it is loaded. 0 or less means unknown, as
     * {@link #newSha256()}.
     */
    public static MessageDigest newSha256(long expectedBytes) {
        return expectedBytes > 0 ? Sha256.SOURCE.forBytes(expectedBytes).newDigest() : Sha256.SOURCE.unknownSize();
    }

    /**
     * Tells the digests that {@code bytes} more are about to be hashed (say, a file an upload's walk found), so that the
     * native SHA-256 is loaded in the background as soon as there is bulk ahead rather than once it was hashed.
     */
    public static void announceBulk(long bytes) {
        Sha256.SOURCE.announce(bytes);
    }

    /**
     * Which SHA-256 implementation this process uses for bulk data, and why, for a debug line. Loads the native one if
     * it was not loaded yet.
     */
    public static String sha256Implementation() {
        return Sha256.SOURCE.bulk().description();
    }

    /** The 32 bytes of the digest. */
    public byte[] raw() {
        // read in place: a copy of the hex text per call was half of what an upload's tree and index encoding
        // allocated; the constructor let only [0-9a-f] through
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) (HEX_VALUES[hex.charAt(2 * i)] << 4 | HEX_VALUES[hex.charAt(2 * i + 1)]);
        }
        return out;
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && hex.equals(d.hex);
    }

    /**
     * Written out, as is {@link #equals}: a record's generated ones are bootstrapped ({@code ObjectMethods}) the first
     * time they run, about 20 ms each in the CLI's C1-only JVM, which every warm run would pay again (digests are map
     * keys from the engine's first step).
     */
    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }

    /** Where the digests come from: one per process, since the native library is loaded once (on first bulk). */
    private static final class Sha256 {
        static final Sha256Source SOURCE = new Sha256Source(new Sha256Backends.PlainJava(),
                Sha256Backends::fromEnvironment);
    }
}
