package dev.dagj.resolver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Lexical operations on '/'-separated paths with Go's {@code path/filepath} semantics (Clean, Join, IsLocal and a
 * lexical Rel), so path checks and stored relative paths match Dagger's. Nothing here touches the file system.
 */
public final class SlashPaths {
    private SlashPaths() {
    }

    /** Go's {@code filepath.Clean}: the shortest equivalent path; "" becomes ".". */
    public static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Go's {@code filepath.Join}: the non-empty elements joined by '/' and cleaned; "" when all are empty. */
    public static String join(String... elements) {
        List<String> nonEmpty = new ArrayList<>();
        for (String e : elements) {
            if (!e.isEmpty()) {
                nonEmpty.add(e);
            }
        }
        return nonEmpty.isEmpty() ? "" : clean(String.join("/", nonEmpty));
    }

    /** Go's {@code filepath.IsLocal}: non-empty, relative, and not escaping its base after cleaning. */
    public static boolean isLocal(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            return false;
        }
        String cleaned = clean(path);
        return !cleaned.equals("..") && !cleaned.startsWith("../");
    }

    /**
     * The relative path from {@code base} to {@code target}, computed lexically on the cleaned paths (Dagger's
     * {@code pathutil.LexicalRelativePath}). Both must be absolute or both relative.
     */
    public static String relative(String base, String target) {
        String b = clean(base);
        String t = clean(target);
        if (b.equals(t)) {
            return ".";
        }
        List<String> bs = segments(b);
        List<String> ts = segments(t);
        int common = 0;
        while (common < bs.size() && common < ts.size() && bs.get(common).equals(ts.get(common))) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < bs.size(); i++) {
            out.add("..");
        }
        out.addAll(ts.subList(common, ts.size()));
        return out.isEmpty() ? "." : String.join("/", out);
    }

    private static List<String> segments(String cleaned) {
        List<String> out = new ArrayList<>();
        for (String s : cleaned.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                out.add(s);
            }
        }
        return out;
    }
}
