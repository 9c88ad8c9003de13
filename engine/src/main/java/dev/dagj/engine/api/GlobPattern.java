package dev.dagj.engine.api;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code Directory.glob} pattern over '/'-separated relative paths, as Dagger matches them: {@code *} and
 * {@code ?} stay within one segment, {@code **} spans segments ({@code **}/ also matches no segment), {@code [...]}
 * is a character class ({@code [!...]} or {@code [^...]} negated), backslash escapes. A pattern matches a path only
 * as a whole, not its ancestors.
 */
record GlobPattern(String source, Pattern regex) {
    static GlobPattern compile(String glob) throws ApiException {
        String g = glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        while (g.startsWith("/")) {
            g = g.substring(1);
        }
        try {
            return new GlobPattern(glob, Pattern.compile(toRegex(g)));
        } catch (PatternSyntaxException e) {
            throw new ApiException("glob: bad pattern \"" + glob + "\": " + e.getDescription(), e);
        }
    }

    boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    private static String toRegex(String glob) throws ApiException {
        StringBuilder r = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < n && glob.charAt(i + 1) == '/') {
                            i++;
                            r.append("(?:.*/)?");
                        } else {
                            r.append(".*");
                        }
                    } else {
                        r.append("[^/]*");
                    }
                }
                case '?' -> r.append("[^/]");
                case '[' -> {
                    int j = glob.indexOf(']', i + 1);
                    if (j < 0) {
                        throw new ApiException("glob: bad pattern \"" + glob + "\": unterminated [");
                    }
                    String cls = glob.substring(i + 1, j).replace("\\", "\\\\").replace("[", "\\[");
                    if (cls.startsWith("!") || cls.startsWith("^")) {
                        cls = "^" + cls.substring(1);
                    }
                    r.append('[').append(cls).append(']');
                    i = j;
                }
                case '\\' -> {
                    if (i + 1 < n) {
                        r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }
}
