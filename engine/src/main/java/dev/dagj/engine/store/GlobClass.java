package dev.dagj.engine.store;

import java.util.List;

/**
 * Translates a glob bracket expression ({@code [abc]}, {@code [!a-z]}, {@code [^0-9]}) into a Java regex class that
 * never matches {@code /}. Shared by Docker-style include/exclude filters and by .gitignore patterns, which adds
 * POSIX classes ({@code [[:alpha:]]}).
 */
public final class GlobClass {
    private static final List<String> POSIX_CLASSES = List.of("alnum", "alpha", "blank", "cntrl", "digit", "graph",
            "lower", "print", "punct", "space", "upper", "xdigit");

    private GlobClass() {
    }

    /**
     * Appends the bracket expression opening at {@code glob[open]} to {@code r} and returns the index of its closing
     * bracket; an unclosed {@code [} is appended as a literal and {@code open} is returned. Characters Java gives a
     * meaning inside classes ({@code [ & \\ ^}) are escaped; {@code posix} enables {@code [:name:]} classes.
     */
    public static int append(String glob, int open, StringBuilder r, boolean posix) {
        int i = open + 1;
        boolean negated = i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
        if (negated) {
            i++;
        }
        StringBuilder cls = new StringBuilder();
        int first = i;
        for (; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == ']' && i > first) {
                r.append(negated ? "[^/" : "(?![/])[").append(cls).append(']');
                return i;
            }
            if (posix && c == '[' && glob.startsWith("[:", i)) {
                int end = glob.indexOf(":]", i + 2);
                String name = end < 0 ? "" : glob.substring(i + 2, end);
                if (POSIX_CLASSES.contains(name)) {
                    String javaName = name.equals("xdigit") ? "XDigit"
                            : Character.toUpperCase(name.charAt(0)) + name.substring(1);
                    cls.append("\\p{").append(javaName).append('}');
                    i = end + 1;
                    continue;
                }
            }
            boolean escaped = c == '\\' && i + 1 < glob.length();
            if (escaped) {
                c = glob.charAt(++i);
            }
            if (c == '-' && !escaped && cls.length() > 0 && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
                cls.append('-');
            } else if (Character.isLetterOrDigit(c)) {
                cls.append(c);
            } else {
                cls.append('\\').append(c);
            }
        }
        r.append("\\[");
        return open;
    }
}
