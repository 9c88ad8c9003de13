package dev.dagj.resolver.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Encodes Java values exactly as Go's {@code json.MarshalIndent(v, "", "  ")} does. A {@link Struct} keeps its field
 * order (Go structs); any other {@link Map} is written with keys sorted (Go maps). Strings get Go's escaping
 * ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped); numbers are float64 in Go's format.
 */
final class GoJsonEncoder {
    /** A Go struct: fields in declaration order, already filtered for {@code omitempty}. */
    record Struct(List<Map.Entry<String, Object>> fields) {
    }

    private static final Comparator<String> GO_STRING_ORDER = (a, b) -> {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    };
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJsonEncoder() {
    }

    static String encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        // instanceof, not a pattern switch (bootstrapped at run time), on every module load's path
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Number n) {
            out.append(number(n.doubleValue()));
        } else if (value instanceof Struct s) {
            fields(out, s.fields(), indent);
        } else if (value instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            m.keySet().forEach(k -> keys.add((String) k));
            keys.sort(GO_STRING_ORDER);
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            for (String k : keys) {
                entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(k, m.get(k)));
            }
            fields(out, entries, indent);
        } else if (value instanceof List<?> l) {
            if (l.isEmpty()) {
                out.append("[]");
                return;
            }
            String inner = indent + "  ";
            out.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                out.append(inner);
                write(out, l.get(i), inner);
                out.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass());
        }
    }

    private static void fields(StringBuilder out, List<Map.Entry<String, Object>> fields, String indent) {
        if (fields.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + "  ";
        out.append("{\n");
        for (int i = 0; i < fields.size(); i++) {
            out.append(inner);
            string(out, fields.get(i).getKey());
            out.append(": ");
            write(out, fields.get(i).getValue(), inner);
            out.append(i + 1 < fields.size() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
                    if (Character.isHighSurrogate(c) && !loneSurrogate) {
                        out.append(c).append(s.charAt(++i));
                    } else if (loneSurrogate) {
                        out.append("\\ufffd");
                    } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Go's float64 encoding: shortest digits, plain between 1e-6 and 1e21, else {@code 1e+21} / {@code 1e-7}. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("unsupported value: " + d);
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (exponent > 0 && e < 10) {
            out.append('0');
        }
        return out.append(e).toString();
    }
}
