package dev.dagj.engine.api;

/**
 * A query text split into its shape (the text with every string literal emptied to {@code ""}) and its string
 * literals (raw text and decoded value), by a small scan that knows only what it needs: {@code "..."} strings with
 * their escapes and {@code #} comments. Everything else is kept verbatim in the shape, so two texts of the same shape
 * have the same tokens except the contents of their string literals.
 *
 * <p>A text is not given a shape ({@link #of} returns null), and so takes graphql-java's parse, when the scan is not
 * sure it reads it as graphql-java does: a block string ({@code """}), a comment (graphql-java keeps comments, with
 * locations, in the document), an unterminated string, a raw character below U+0020 or a lone surrogate in a string,
 * an escape other than backslash followed by one of {@code " \ / b f n r t} or by {@code u} and four hex digits,
 * such a {@code u} escape of a lone surrogate, or a braced one ({@code u{...}}).
 */
final class QueryShape {
    /** Longer texts are not shaped (graphql-java's operation parser stops at a million characters). */
    static final int MAX_CHARS = 64 * 1024;

    final String key;
    /** The literals' raw text, quotes included, in source order. */
    final String[] raw;
    /** The literals' values, as graphql-java decodes them. */
    final String[] values;
    /** Each literal's offset (of its opening quote) in the text. */
    final int[] offsets;

    private QueryShape(String key, String[] raw, String[] values, int[] offsets) {
        this.key = key;
        this.raw = raw;
        this.values = values;
        this.offsets = offsets;
    }

    int size() {
        return raw.length;
    }

    /** The shape of {@code text}, or null if the text is not eligible (see the class comment). */
    static QueryShape of(String text) {
        int n = text.length();
        if (n > MAX_CHARS) {
            return null;
        }
        StringBuilder key = new StringBuilder(n);
        String[] raw = new String[8];
        String[] values = new String[8];
        int[] offsets = new int[8];
        int count = 0;
        int copied = 0;
        int i = 0;
        StringBuilder value = new StringBuilder();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '#') {
                return null;
            }
            if (c != '"') {
                i++;
                continue;
            }
            if (i + 2 < n && text.charAt(i + 1) == '"' && text.charAt(i + 2) == '"') {
                return null;
            }
            int start = i;
            i++;
            value.setLength(0);
            boolean closed = false;
            while (i < n) {
                char d = text.charAt(i);
                if (d == '"') {
                    closed = true;
                    i++;
                    break;
                }
                if (d < 0x20) {
                    return null;
                }
                if (Character.isHighSurrogate(d)) {
                    if (i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return null;
                    }
                    value.append(d).append(text.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (Character.isLowSurrogate(d)) {
                    return null;
                }
                if (d != '\\') {
                    value.append(d);
                    i++;
                    continue;
                }
                if (i + 1 >= n) {
                    return null;
                }
                char e = text.charAt(i + 1);
                switch (e) {
                    case '"', '\\', '/' -> value.append(e);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        int u = hex4(text, i + 2);
                        if (u < 0 || Character.isLowSurrogate((char) u)) {
                            return null;
                        }
                        if (Character.isHighSurrogate((char) u)) {
                            int low = i + 6 + 1 < n && text.charAt(i + 6) == '\\' && text.charAt(i + 7) == 'u'
                                    ? hex4(text, i + 8) : -1;
                            if (low < 0 || !Character.isLowSurrogate((char) low)) {
                                return null;
                            }
                            value.append((char) u).append((char) low);
                            i += 12;
                            continue;
                        }
                        value.append((char) u);
                        i += 6;
                        continue;
                    }
                    default -> {
                        return null;
                    }
                }
                i += 2;
            }
            if (!closed) {
                return null;
            }
            if (count == raw.length) {
                raw = java.util.Arrays.copyOf(raw, count * 2);
                values = java.util.Arrays.copyOf(values, count * 2);
                offsets = java.util.Arrays.copyOf(offsets, count * 2);
            }
            raw[count] = text.substring(start, i);
            values[count] = value.toString();
            offsets[count] = start;
            count++;
            key.append(text, copied, start + 1).append('"');
            copied = i;
        }
        key.append(text, copied, n);
        return new QueryShape(key.toString(), java.util.Arrays.copyOf(raw, count),
                java.util.Arrays.copyOf(values, count), java.util.Arrays.copyOf(offsets, count));
    }

    /** The value of four hex digits at {@code at}, or -1. */
    private static int hex4(String s, int at) {
        if (at + 4 > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0 || s.charAt(k) > 'f') {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
