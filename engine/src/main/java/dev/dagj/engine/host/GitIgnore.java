package dev.dagj.engine.host;

import dev.dagj.engine.store.GlobClass;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code .gitignore} rules in force in one directory of an upload: the rules of that directory's own
 * {@code .gitignore} plus, through {@link #parent}, those of the directories above it, with git's semantics. Blank
 * lines and lines starting with {@code #} are skipped; a leading {@code !} re-includes; a trailing {@code /} matches
 * directories only; a pattern with a {@code /} at its start or middle is anchored to its file's directory, one
 * without matches a name at any depth below it; {@code *}, {@code ?} and {@code [...]} do not match {@code /}, and
 * {@code **} matches any number of directories when it forms a whole segment; a backslash escapes the next
 * character; trailing spaces are dropped unless escaped. Within a file the last matching rule wins, and a deeper file
 * overrides a shallower one.
 *
 * <p>Like git, callers test paths from the top down and do not descend into an ignored directory, so nothing below
 * one can be re-included; {@link #ignores} therefore tests only the path itself, not its ancestors.
 */
final class GitIgnore {
    /** No rules at all. */
    static final GitIgnore NONE = new GitIgnore(null, "", List.of());

    private record Rule(Pattern regex, boolean negated, boolean dirOnly, boolean anyDepth) {
    }

    private final GitIgnore parent;
    /** The directory of the {@code .gitignore} these rules come from, relative to the upload root ("" for it). */
    private final String base;
    private final List<Rule> rules;

    private GitIgnore(GitIgnore parent, String base, List<Rule> rules) {
        this.parent = parent;
        this.base = base;
        this.rules = rules;
    }

    /**
     * The rules in force in directory {@code dir} (relative to the upload root) whose {@code .gitignore} holds
     * {@code text}, on top of these rules (those of the directory above).
     */
    GitIgnore child(String dir, String text) {
        List<Rule> parsed = parse(text);
        return parsed.isEmpty() ? this : new GitIgnore(this, dir, parsed);
    }

    /** Whether the entry at {@code path} (relative to the upload root, below every base) is ignored. */
    boolean ignores(String path, boolean isDir) {
        for (GitIgnore g = this; g != null; g = g.parent) {
            String rel = g.base.isEmpty() ? path : path.substring(g.base.length() + 1);
            String name = rel.substring(rel.lastIndexOf('/') + 1);
            for (int i = g.rules.size() - 1; i >= 0; i--) {
                Rule r = g.rules.get(i);
                if (r.dirOnly && !isDir) {
                    continue;
                }
                if (r.regex.matcher(r.anyDepth ? name : rel).matches()) {
                    return !r.negated;
                }
            }
        }
        return false;
    }

    private static List<Rule> parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            Rule r = parseLine(raw);
            if (r != null) {
                rules.add(r);
            }
        }
        return List.copyOf(rules);
    }

    private static Rule parseLine(String raw) {
        String p = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        p = stripTrailingSpaces(p);
        if (p.isEmpty() || p.startsWith("#")) {
            return null;
        }
        boolean negated = p.startsWith("!");
        if (negated) {
            p = p.substring(1);
        }
        boolean dirOnly = p.endsWith("/");
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        boolean anchored = p.indexOf('/') >= 0;
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty()) {
            return null;
        }
        try {
            return new Rule(Pattern.compile(toRegex(p)), negated, dirOnly, !anchored);
        } catch (PatternSyntaxException e) {
            return null; // like git, a malformed pattern (say a reversed range [z-a]) matches nothing
        }
    }

    /** Drops trailing spaces, keeping one escaped with a backslash (the backslash itself is kept as its escape). */
    private static String stripTrailingSpaces(String p) {
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == ' ') {
            int backslashes = 0;
            for (int i = end - 2; i >= 0 && p.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                break;
            }
            end--;
        }
        return p.substring(0, end);
    }

    /** A git wildmatch pattern (with {@code /} special) as a Java regex over a slash-separated path. */
    static String toRegex(String glob) {
        StringBuilder r = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                int j = i;
                while (j < n && glob.charAt(j) == '*') {
                    j++;
                }
                boolean wholeSegment = j - i >= 2 && (i == 0 || glob.charAt(i - 1) == '/')
                        && (j == n || glob.charAt(j) == '/');
                if (!wholeSegment) {
                    r.append("[^/]*");
                } else if (j == n) {
                    r.append(".*");
                } else {
                    r.append("(?:.*/)?");
                    j++;
                }
                i = j - 1;
            } else if (c == '?') {
                r.append("[^/]");
            } else if (c == '[') {
                i = GlobClass.append(glob, i, r, true);
            } else if (c == '\\' && i + 1 < n) {
                r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }


}
