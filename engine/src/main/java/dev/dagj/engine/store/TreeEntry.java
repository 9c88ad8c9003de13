package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;

/**
 * One entry of a stored directory. A file has the digest of its content blob and its size; a directory the digest of
 * its child tree; a symlink its target. {@code mode} holds permission bits only (e.g. 0644, 0755).
 */
public record TreeEntry(String name, Kind kind, int mode, long size, Digest digest, String linkTarget) {
    public enum Kind { FILE, DIR, SYMLINK }

    public TreeEntry {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid entry name \"" + name + "\"");
        }
        if ((kind == Kind.SYMLINK) != (linkTarget != null) || (kind != Kind.SYMLINK) != (digest != null)) {
            throw new IllegalArgumentException("inconsistent entry \"" + name + "\" of kind " + kind);
        }
    }

    public static TreeEntry file(String name, int mode, long size, Digest blob) {
        return new TreeEntry(name, Kind.FILE, mode, size, blob, null);
    }

    public static TreeEntry dir(String name, int mode, Digest tree) {
        return new TreeEntry(name, Kind.DIR, mode, 0, tree, null);
    }

    public static TreeEntry symlink(String name, String target) {
        return new TreeEntry(name, Kind.SYMLINK, 0777, target.length(), null, target);
    }

    public TreeEntry withName(String newName) {
        return new TreeEntry(newName, kind, mode, size, digest, linkTarget);
    }

    public TreeEntry withMode(int newMode) {
        return new TreeEntry(name, kind, newMode, size, digest, linkTarget);
    }

    public TreeEntry withDigest(Digest d) {
        return new TreeEntry(name, kind, mode, size, d, linkTarget);
    }

    public boolean isDir() {
        return kind == Kind.DIR;
    }
}
