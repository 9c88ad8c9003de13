package dev.dagj.engine.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        MessageDigest md = newSha256();
        return new Digest(HEX.formatHex(md.digest(bytes)));
    }

    public static Digest fromRaw(byte[] raw) {
        return new Digest(HEX.formatHex(raw));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
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
}
