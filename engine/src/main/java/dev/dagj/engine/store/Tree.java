package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A directory's entries, sorted by name, unique. Its canonical encoding (format "dagj-tree/v1") is what is stored
 * and digested, so equal directories have equal digests whatever order they were built in.
 */
public record Tree(List<TreeEntry> entries) {
    private static final byte[] MAGIC = "dagj-tree/v1\n".getBytes(StandardCharsets.US_ASCII);
    public static final Tree EMPTY = new Tree(List.of());

    public Tree {
        List<TreeEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(TreeEntry::name));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("duplicate entry \"" + sorted.get(i).name() + "\"");
            }
        }
        entries = List.copyOf(sorted);
    }

    /** The entry called {@code name}, or null. */
    public TreeEntry get(String name) {
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = entries.get(mid).name().compareTo(name);
            if (c == 0) {
                return entries.get(mid);
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /** A copy with {@code e} added or replacing the entry of the same name. */
    public Tree with(TreeEntry e) {
        List<TreeEntry> l = new ArrayList<>(entries.size() + 1);
        for (TreeEntry x : entries) {
            if (!x.name().equals(e.name())) {
                l.add(x);
            }
        }
        l.add(e);
        return new Tree(l);
    }

    public Tree without(String name) {
        return new Tree(entries.stream().filter(x -> !x.name().equals(name)).toList());
    }

    public byte[] encode() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(64 + entries.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.write(MAGIC);
            out.writeInt(entries.size());
            for (TreeEntry e : entries) {
                out.writeByte(e.kind().ordinal());
                out.writeUTF(e.name());
                out.writeInt(e.mode());
                out.writeLong(e.size());
                if (e.kind() == TreeEntry.Kind.SYMLINK) {
                    out.writeUTF(e.linkTarget());
                } else {
                    out.write(e.digest().raw());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    public Digest digest() {
        return Digest.of(encode());
    }

    /** Decodes a stored tree; throws IllegalArgumentException when the bytes are not a tree. */
    public static Tree decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a dagj tree (bad header)");
            }
            int n = in.readInt();
            List<TreeEntry> l = new ArrayList<>(n);
            TreeEntry.Kind[] kinds = TreeEntry.Kind.values();
            for (int i = 0; i < n; i++) {
                TreeEntry.Kind kind = kinds[in.readUnsignedByte()];
                String name = in.readUTF();
                int mode = in.readInt();
                long size = in.readLong();
                if (kind == TreeEntry.Kind.SYMLINK) {
                    l.add(new TreeEntry(name, kind, mode, size, null, in.readUTF()));
                } else {
                    l.add(new TreeEntry(name, kind, mode, size, Digest.fromRaw(in.readNBytes(32)), null));
                }
            }
            return new Tree(l);
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a dagj tree: " + e.getMessage(), e);
        }
    }
}
