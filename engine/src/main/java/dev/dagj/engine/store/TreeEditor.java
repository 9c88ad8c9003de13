package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * Path-level edits of stored trees: look up, put, remove, copy with filters, merge, diff. Every edit returns the
 * digest of a new tree and shares all unchanged subtrees with its input, so edits cost in proportion to the depth of
 * the path, not the size of the directory.
 */
public final class TreeEditor {
    private static final int DIR_MODE = 0755;
    private final ContentStore store;
    private final Digest emptyTree;

    public TreeEditor(ContentStore store) throws StoreException {
        this.store = store;
        this.emptyTree = store.putTree(Tree.EMPTY);
    }

    public Digest emptyTree() {
        return emptyTree;
    }

    private static List<String> segments(String path) {
        return path.isEmpty() ? List.of() : List.of(path.split("/"));
    }

    /** The entry at normal path {@code path} in {@code root}, or null; the root itself is a DIR entry named ".". */
    public TreeEntry lookup(Digest root, String path) throws StoreException {
        Digest cur = root;
        List<String> segs = segments(path);
        TreeEntry e = null;
        for (int i = 0; i < segs.size(); i++) {
            e = store.tree(cur).get(segs.get(i));
            if (e == null) {
                return null;
            }
            if (i < segs.size() - 1) {
                if (!e.isDir()) {
                    return null;
                }
                cur = e.digest();
            }
        }
        return e;
    }

    /** The tree digest of the directory at {@code path}; throws naming the path when there is none. */
    public Digest subdir(Digest root, String path) throws StoreException {
        if (path.isEmpty()) {
            return root;
        }
        TreeEntry e = lookup(root, path);
        if (e == null) {
            throw new StoreException("no such file or directory: /" + path);
        }
        if (!e.isDir()) {
            throw new StoreException("/" + path + " is not a directory");
        }
        return e.digest();
    }

    /**
     * Puts {@code entry} (its name is replaced by the last segment of {@code path}) at {@code path}, making missing
     * parent directories 0755; a parent that exists but is not a directory is an error naming it.
     */
    public Digest put(Digest root, String path, TreeEntry entry) throws StoreException {
        if (path.isEmpty()) {
            if (!entry.isDir()) {
                throw new StoreException("cannot replace the root directory with a " + entry.kind().name().toLowerCase());
            }
            return entry.digest();
        }
        return put(root, segments(path), 0, entry);
    }

    private Digest put(Digest dir, List<String> segs, int i, TreeEntry entry) throws StoreException {
        Tree t = store.tree(dir);
        String name = segs.get(i);
        if (i == segs.size() - 1) {
            return store.putTree(t.with(entry.withName(name)));
        }
        TreeEntry child = t.get(name);
        if (child != null && !child.isDir()) {
            throw new StoreException("cannot create /" + String.join("/", segs) + ": /"
                    + String.join("/", segs.subList(0, i + 1)) + " is not a directory");
        }
        Digest childTree = child != null ? child.digest() : emptyTree;
        int mode = child != null ? child.mode() : DIR_MODE;
        Digest updated = put(childTree, segs, i + 1, entry);
        return store.putTree(t.with(TreeEntry.dir(name, mode, updated)));
    }

    /** Makes the directory {@code path} and its parents; an existing directory is kept. */
    public Digest mkdirs(Digest root, String path, int mode) throws StoreException {
        if (path.isEmpty()) {
            return root;
        }
        TreeEntry e = lookup(root, path);
        if (e != null && e.isDir()) {
            return root;
        }
        return put(root, path, TreeEntry.dir("x", mode, emptyTree));
    }

    /** Removes the entry at {@code path}; an absent one is not an error. */
    public Digest remove(Digest root, String path) throws StoreException {
        TreeEntry e = lookup(root, path);
        if (e == null) {
            return root;
        }
        return remove(root, segments(path), 0);
    }

    private Digest remove(Digest dir, List<String> segs, int i) throws StoreException {
        Tree t = store.tree(dir);
        String name = segs.get(i);
        if (i == segs.size() - 1) {
            return store.putTree(t.without(name));
        }
        TreeEntry child = t.get(name);
        return store.putTree(t.with(child.withDigest(remove(child.digest(), segs, i + 1))));
    }

    /** {@code dir} keeping only paths the filter keeps (paths relative to {@code dir}). */
    public Digest filter(Digest dir, PathFilter filter) throws StoreException {
        if (filter.isAll()) {
            return dir;
        }
        Digest r = filter(dir, "", filter);
        return r == null ? emptyTree : r;
    }

    private Digest filter(Digest dir, String prefix, PathFilter f) throws StoreException {
        List<TreeEntry> kept = new ArrayList<>();
        for (TreeEntry e : store.tree(dir).entries()) {
            String p = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
            if (e.isDir()) {
                if (f.keeps(p) && !f.hasExcludes()) {
                    kept.add(e);
                } else if (f.keeps(p) || f.mayKeepUnder(p)) {
                    Digest sub = filter(e.digest(), p, f);
                    if (sub != null) {
                        kept.add(e.withDigest(sub));
                    } else if (f.keeps(p)) {
                        kept.add(e.withDigest(emptyTree));
                    }
                }
            } else if (f.keeps(p)) {
                kept.add(e);
            }
        }
        if (kept.isEmpty() && !prefix.isEmpty()) {
            return null;
        }
        return store.putTree(new Tree(kept));
    }

    /** Stacks {@code upper} over {@code lower}: upper entries win, directories present in both merge. */
    public Digest merge(Digest lower, Digest upper) throws StoreException {
        if (lower.equals(emptyTree) || lower.equals(upper)) {
            return upper;
        }
        if (upper.equals(emptyTree)) {
            return lower;
        }
        Tree lt = store.tree(lower);
        Tree out = lt;
        for (TreeEntry u : store.tree(upper).entries()) {
            TreeEntry l = lt.get(u.name());
            if (u.isDir() && l != null && l.isDir()) {
                out = out.with(u.withDigest(merge(l.digest(), u.digest())));
            } else {
                out = out.with(u);
            }
        }
        return store.putTree(out);
    }

    /** The entries of {@code upper} that are absent from or different in {@code lower}. */
    public Digest diff(Digest lower, Digest upper) throws StoreException {
        if (lower.equals(upper)) {
            return emptyTree;
        }
        Tree lt = store.tree(lower);
        List<TreeEntry> out = new ArrayList<>();
        for (TreeEntry u : store.tree(upper).entries()) {
            TreeEntry l = lt.get(u.name());
            if (l == null) {
                out.add(u);
            } else if (u.isDir() && l.isDir()) {
                if (!u.digest().equals(l.digest())) {
                    out.add(u.withDigest(diff(l.digest(), u.digest())));
                } else if (u.mode() != l.mode()) {
                    out.add(u.withDigest(emptyTree));
                }
            } else if (!u.equals(l)) {
                out.add(u);
            }
        }
        return store.putTree(new Tree(out));
    }
}
