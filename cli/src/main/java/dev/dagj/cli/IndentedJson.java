package dev.dagj.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renders decoded JSON values (maps, lists, strings, numbers, booleans, null) the way Dagger's CLI prints them, which is
 * Go's {@code json.MarshalIndent(v, "", "    ")}: 4-space indent, {@code "key": value}, object keys sorted, empty
 * containers as {@code {}} and {@code []}, HTML-sensitive characters as Unicode escapes, integral floats
 * without a fraction.
 */
final class IndentedJson {
    private static final String INDENT = "    ";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IndentedJson() {
    }

    static String render(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        switch (value) {
            case null -> sb.append("null");
            case Map<?, ?> m -> writeObject(sb, m, depth);
            case Collection<?> c -> writeArray(sb, new ArrayList<>(c), depth);
            case Object[] a -> writeArray(sb, Arrays.asList(a), depth);
            case CharSequence s -> writeString(sb, s.toString());
            case Boolean b -> sb.append(b);
            case Double d -> sb.append(number(d));
            case Float f -> sb.append(number(f.doubleValue()));
            case BigDecimal d -> sb.append(d.stripTrailingZeros().toPlainString());
            case Number n -> sb.append(n);
            default -> writeString(sb, value.toString());
        }
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        List<String> keys = new ArrayList<>();
        m.keySet().forEach(k -> keys.add(String.valueOf(k)));
        keys.sort(null);
        sb.append('{');
        String sep = "\n";
        for (String k : keys) {
            sb.append(sep);
            indent(sb, depth + 1);
            writeString(sb, k);
            sb.append(": ");
            write(sb, m.get(k), depth + 1);
            sep = ",\n";
        }
        sb.append('\n');
        indent(sb, depth);
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, List<?> items, int depth) {
        if (items.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        String sep = "\n";
        for (Object item : items) {
            sb.append(sep);
            indent(sb, depth + 1);
            write(sb, item, depth + 1);
            sep = ",\n";
        }
        sb.append('\n');
        indent(sb, depth);
        sb.append(']');
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append(INDENT.repeat(depth));
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Go's float64 encoding: integral values without a fraction; exponent form outside [1e-6, 1e21). */
    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String s = Double.toString(d).replace("E", "e");
            s = s.replace(".0e", "e");
            int e = s.indexOf('e');
            String exp = s.substring(e + 1);
            String sign = exp.startsWith("-") ? "-" : "+";
            String digits = exp.replace("-", "");
            return s.substring(0, e) + "e" + sign + (digits.length() < 2 ? "0" + digits : digits);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
