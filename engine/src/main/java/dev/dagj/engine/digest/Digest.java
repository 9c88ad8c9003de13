package dev.dagj.engine.digest;

import java.security.MessageDigest;
import java.util.HexFormat;

/** A SHA-256 digest, printed as {@code sha256:<64 hex>}. */
public record Digest(String hex) implements Comparable<Digest> {
    private static final HexFormat HEX = HexFormat.of();
    public static final String PREFIX = "sha256:";

    public Digest {
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a sha256 hex digest: \"" + hex + "\"");
        }
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

    public static Digest fromRaw(byte[] raw) {
        return new Digest(HEX.formatHex(raw));
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
     * native one, loaded first if need be; else the JDK's until it is loaded.
     */
    public static MessageDigest newSha256(long expectedBytes) {
        return Sha256.SOURCE.forBytes(expectedBytes).newDigest();
    }

    /**
     * Which SHA-256 implementation this process uses for bulk data, and why, for a debug line. Loads the native one if
     * it was not loaded yet.
     */
    public static String sha256Implementation() {
        return Sha256.SOURCE.bulk().description();
    }

    public byte[] raw() {
        return HEX.parseHex(hex);
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }

    /** Where the digests come from: one per process, since the native library is loaded once (on first bulk). */
    private static final class Sha256 {
        static final Sha256Source SOURCE = new Sha256Source(new Sha256Backends.Jdk("before bulk input"),
                Sha256Backends::fromEnvironment);
    }
}
