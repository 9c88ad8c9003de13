package dev.dagj.engine.op;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths inside a directory value. The normal form is relative, '/'-separated, with no empty, "." or ".." segments;
 * the root is "". API paths are normalized before an op is made, so equal paths give equal keys.
 */
public final class OpPaths {
    private OpPaths() {
    }

    /**
     * Normalizes an API path ("/a/./b/", "a//b", "a/x/../b" all become "a/b"); returns null when the path climbs out
     * of the root.
     */
    public static String normalizeOrNull(String path) {
        List<String> parts = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(seg);
        }
        return String.join("/", parts);
    }

    static void requireNormal(String path) {
        if (!path.equals(normalizeOrNull(path))) {
            throw new IllegalArgumentException("path is not normalized: \"" + path + "\"");
        }
    }

    /** The parent of a normal path ("" for a top-level name). */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** The last segment of a normal path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "/" + b;
    }
}
