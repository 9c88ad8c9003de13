package dev.dagj.engine.digest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A canonical byte encoding: every value is written with a one-byte type tag and, for variable-length values, a
 * length prefix, so two different field sequences can never encode to the same bytes. The encoding starts with a
 * domain string naming the format and its version; changing how anything is written means a new domain string.
 * Digests over this encoding are a forever contract, pinned by golden tests.
 */
public final class CanonicalEncoder {
    private static final byte T_STRING = 1;
    private static final byte T_LONG = 2;
    private static final byte T_BOOL = 3;
    private static final byte T_DIGEST = 4;
    private static final byte T_LIST = 5;
    private static final byte T_NULL = 6;
    private static final byte T_BYTES = 7;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public CanonicalEncoder(String domain) {
        string(domain);
    }

    public CanonicalEncoder string(String s) {
        if (s == null) {
            return nil();
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(T_STRING);
        varint(b.length);
        out.writeBytes(b);
        return this;
    }

    public CanonicalEncoder bytes(byte[] b) {
        out.write(T_BYTES);
        varint(b.length);
        out.writeBytes(b);
        return this;
    }

    public CanonicalEncoder number(long v) {
        out.write(T_LONG);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    public CanonicalEncoder bool(boolean v) {
        out.write(T_BOOL);
        out.write(v ? 1 : 0);
        return this;
    }

    public CanonicalEncoder digest(Digest d) {
        if (d == null) {
            return nil();
        }
        out.write(T_DIGEST);
        out.writeBytes(d.raw());
        return this;
    }

    public CanonicalEncoder strings(List<String> values) {
        out.write(T_LIST);
        varint(values.size());
        values.forEach(this::string);
        return this;
    }

    public CanonicalEncoder digests(List<Digest> values) {
        out.write(T_LIST);
        varint(values.size());
        values.forEach(this::digest);
        return this;
    }

    public CanonicalEncoder nil() {
        out.write(T_NULL);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public Digest digest() {
        return Digest.of(out.toByteArray());
    }

    private void varint(int v) {
        int x = v;
        while ((x & ~0x7F) != 0) {
            out.write((x & 0x7F) | 0x80);
            x >>>= 7;
        }
        out.write(x);
    }
}
