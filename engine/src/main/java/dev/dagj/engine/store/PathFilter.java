package dev.dagj.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Include/exclude filtering of relative paths with Docker-style globs, as Dagger applies them: {@code *} matches
 * within one path segment, {@code **} any number of segments, {@code ?} one character; a pattern that matches a
 * directory matches everything under it; {@code [...]} is a character class ({@code [!...]} or {@code [^...]} negated)
 * that never matches {@code /}; {@code \\} escapes the next character. In each list the last pattern matching a path
 * (or an ancestor of it) decides, and a pattern starting with {@code !} reverses its list's verdict. A path is kept
 * when the include list is empty or includes it, and the exclude list does not exclude it.
 */
public final class PathFilter {
    public static final PathFilter ALL = new PathFilter(List.of(), List.of());

    private record Rule(Pattern regex, boolean negated, String literalPrefix) {
    }

    private final List<Rule> include;
    private final List<Rule> exclude;
    private final boolean excludeHasNegations;

    private final boolean includeHasNegations;

    /** Throws IllegalArgumentException naming the pattern when one is not a valid glob. */
    public PathFilter(List<String> include, List<String> exclude) {
        this.include = compile(include);
        this.exclude = compile(exclude);
        this.excludeHasNegations = this.exclude.stream().anyMatch(Rule::negated);
        this.includeHasNegations = this.include.stream().anyMatch(Rule::negated);
    }

    /**
     * Whether a kept directory may still lose entries below it: an exclude pattern is set, or a negated include
     * pattern.
     */
    public boolean hasExcludes() {
        return !exclude.isEmpty() || includeHasNegations;
    }

    public boolean isAll() {
        return include.isEmpty() && exclude.isEmpty();
    }

    private static List<Rule> compile(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.trim();
            boolean neg = p.startsWith("!");
            if (neg) {
                p = p.substring(1);
            }
            while (p.startsWith("./")) {
                p = p.substring(2);
            }
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            while (p.endsWith("/") && p.length() > 1) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty() || p.equals(".")) {
                p = "**";
            }
            try {
                rules.add(new Rule(Pattern.compile(toRegex(p)), neg, literalPrefix(p)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid pattern \"" + raw + "\": " + e.getDescription(), e);
            }
        }
        return List.copyOf(rules);
    }

    private static String literalPrefix(String p) {
        int i = 0;
        while (i < p.length() && "*?[\\".indexOf(p.charAt(i)) < 0) {
            i++;
        }
        return p.substring(0, i);
    }

    static String toRegex(String glob) {
        StringBuilder r = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < n && glob.charAt(i + 1) == '*') {
                    i++;
                    boolean slashAfter = i + 1 < n && glob.charAt(i + 1) == '/';
                    if (slashAfter) {
                        i++;
                        r.append("(?:.*/)?");
                    } else {
                        r.append(".*");
                    }
                } else {
                    r.append("[^/]*");
                }
            } else if (c == '?') {
                r.append("[^/]");
            } else if (c == '[') {
                i = GlobClass.append(glob, i, r, false);
            } else if (c == '\\' && i + 1 < n) {
                r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }

    private static boolean matchesSelfOrAncestor(Rule rule, String path) {
        String p = path;
        while (true) {
            if (rule.regex.matcher(p).matches()) {
                return true;
            }
            int i = p.lastIndexOf('/');
            if (i < 0) {
                return false;
            }
            p = p.substring(0, i);
        }
    }

    /** Whether the file or directory at relative path {@code path} is kept. */
    public boolean keeps(String path) {
        if (!include.isEmpty() && !lastMatchSelects(include, path)) {
            return false;
        }
        return !excluded(path);
    }

    private boolean excluded(String path) {
        return lastMatchSelects(exclude, path);
    }

    /** Whether the last rule matching {@code path} or an ancestor is a plain (not negated) one. */
    private static boolean lastMatchSelects(List<Rule> rules, String path) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            if (matchesSelfOrAncestor(r, path)) {
                return !r.negated;
            }
        }
        return false;
    }

    /**
     * Whether a walk must descend into directory {@code dir} even when the directory itself is not kept: an include
     * pattern may match below it, or a negated exclude may re-include something below it.
     */
    public boolean mayKeepUnder(String dir) {
        if (!include.isEmpty()) {
            boolean possible = false;
            for (Rule r : include) {
                if (r.negated) {
                    continue;
                }
                if (matchesSelfOrAncestor(r, dir) || couldMatchBelow(r, dir)) {
                    possible = true;
                    break;
                }
            }
            if (!possible) {
                return false;
            }
        }
        return !excluded(dir) || excludeHasNegations;
    }

    private static boolean couldMatchBelow(Rule r, String dir) {
        String pre = r.literalPrefix;
        String d = dir + "/";
        return pre.startsWith(d) || d.startsWith(pre);
    }
}
