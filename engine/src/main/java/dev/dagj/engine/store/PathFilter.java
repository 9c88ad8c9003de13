package dev.dagj.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Include/exclude filtering of relative paths with Docker-style globs, as Dagger applies them: {@code *} matches
 * within one path segment, {@code **} any number of segments, {@code ?} one character; a pattern that matches a
 * directory matches everything under it. A path is kept when the include list is empty or a pattern includes it (or
 * an ancestor), and the last exclude pattern matching it (or an ancestor) is not negated with {@code !}.
 */
public final class PathFilter {
    public static final PathFilter ALL = new PathFilter(List.of(), List.of());

    private record Rule(Pattern regex, boolean negated, String literalPrefix) {
    }

    private final List<Rule> include;
    private final List<Rule> exclude;
    private final boolean excludeHasNegations;

    public PathFilter(List<String> include, List<String> exclude) {
        this.include = compile(include);
        this.exclude = compile(exclude);
        this.excludeHasNegations = this.exclude.stream().anyMatch(Rule::negated);
    }

    /** Whether any exclude pattern is set (a kept directory may then still lose entries below it). */
    public boolean hasExcludes() {
        return !exclude.isEmpty();
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
            rules.add(new Rule(Pattern.compile(toRegex(p)), neg, literalPrefix(p)));
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
                int j = glob.indexOf(']', i + 1);
                if (j < 0) {
                    r.append("\\[");
                } else {
                    String cls = glob.substring(i + 1, j).replace("\\", "\\\\");
                    if (cls.startsWith("!") || cls.startsWith("^")) {
                        cls = "^" + cls.substring(1);
                    }
                    r.append('[').append(cls).append(']');
                    i = j;
                }
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
        if (!include.isEmpty() && include.stream().noneMatch(r -> !r.negated && matchesSelfOrAncestor(r, path))) {
            return false;
        }
        return !excluded(path);
    }

    private boolean excluded(String path) {
        boolean ex = false;
        for (Rule r : exclude) {
            if (matchesSelfOrAncestor(r, path)) {
                ex = !r.negated;
            }
        }
        return ex;
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
