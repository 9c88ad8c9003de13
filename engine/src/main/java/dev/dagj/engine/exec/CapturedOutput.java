package dev.dagj.engine.exec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a process wrote to one stream: the first {@code bytes.length} bytes of {@code totalBytes}. Bytes past the cap
 * are read and dropped so the process never blocks on a full pipe.
 */
public record CapturedOutput(byte[] bytes, long totalBytes) {
    public CapturedOutput {
        bytes = bytes.clone();
        if (totalBytes < bytes.length) {
            throw new IllegalArgumentException("totalBytes < kept bytes");
        }
    }

    public static CapturedOutput empty() {
        return new CapturedOutput(new byte[0], 0);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean truncated() {
        return totalBytes > bytes.length;
    }

    /** The kept bytes as UTF-8, followed by a marker line if bytes were dropped. */
    public String text() {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (!truncated()) {
            return s;
        }
        return s + "\n[output truncated: " + (totalBytes - bytes.length) + " more bytes not kept]\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedOutput c && totalBytes == c.totalBytes && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + Long.hashCode(totalBytes);
    }

    @Override
    public String toString() {
        return "CapturedOutput[" + bytes.length + " of " + totalBytes + " bytes]";
    }
}
