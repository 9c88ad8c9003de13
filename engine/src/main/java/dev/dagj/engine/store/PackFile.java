package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A read-only pack of small blobs, {@code packs/<name>.pack}: many blobs in one file, so that storing thousands of
 * small files creates a handful of files instead of thousands. A pack is written whole in a staging directory by a
 * {@link BlobBatch}, fsynced, and renamed into {@code packs/}, so a pack that is visible is complete.
 *
 * <p>Layout (big-endian): the header {@code "DAGJPACK"} and a version int; the blobs' bytes back to back; the index,
 * one 44-byte entry per blob (32-byte raw SHA-256, 8-byte offset, 4-byte length) sorted by digest; the trailer:
 * 8-byte index offset, 4-byte entry count, {@code "DAGJPEND"}. Blobs are looked up by binary search in the index,
 * which is memory-mapped, so opening a pack reads nothing but its trailer.
 */
final class PackFile implements AutoCloseable {
    static final byte[] MAGIC = "DAGJPACK".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "DAGJPEND".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = MAGIC.length + 4;
    static final int ENTRY = 32 + 8 + 4;
    static final int TRAILER = 8 + 4 + END.length;
    static final String SUFFIX = ".pack";

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer index;
    private final int count;
    private final long dataEnd;

    private PackFile(Path path, FileChannel channel, ByteBuffer index, int count, long dataEnd) {
        this.path = path;
        this.channel = channel;
        this.index = index;
        this.count = count;
        this.dataEnd = dataEnd;
    }

    /** Opens a pack, checking its header, trailer and sizes; throws an IOException saying what is wrong. */
    static PackFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < HEADER + TRAILER) {
                throw new IOException("pack " + path + " is truncated (" + size + " bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            readFully(ch, head, 0);
            byte[] magic = new byte[MAGIC.length];
            head.flip().get(magic);
            if (!Arrays.equals(magic, MAGIC) || head.getInt() != VERSION) {
                throw new IOException("pack " + path + " has no dagj pack header of version " + VERSION);
            }
            ByteBuffer tail = ByteBuffer.allocate(TRAILER);
            readFully(ch, tail, size - TRAILER);
            tail.flip();
            long indexOffset = tail.getLong();
            int count = tail.getInt();
            byte[] end = new byte[END.length];
            tail.get(end);
            if (!Arrays.equals(end, END) || count < 0 || indexOffset < HEADER
                    || indexOffset + (long) count * ENTRY + TRAILER != size) {
                throw new IOException("pack " + path + " has a damaged trailer");
            }
            ByteBuffer index = count == 0 ? ByteBuffer.allocate(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, indexOffset, (long) count * ENTRY);
            return new PackFile(path, ch, index, count, indexOffset);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    int count() {
        return count;
    }

    /** The index slot of the blob whose raw digest is {@code raw}, or -1. */
    int find(byte[] raw) {
        long k0 = ByteBuffer.wrap(raw).getLong(0);
        long k1 = ByteBuffer.wrap(raw).getLong(8);
        long k2 = ByteBuffer.wrap(raw).getLong(16);
        long k3 = ByteBuffer.wrap(raw).getLong(24);
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = mid * ENTRY;
            int c = Long.compareUnsigned(index.getLong(at), k0);
            if (c == 0) {
                c = Long.compareUnsigned(index.getLong(at + 8), k1);
            }
            if (c == 0) {
                c = Long.compareUnsigned(index.getLong(at + 16), k2);
            }
            if (c == 0) {
                c = Long.compareUnsigned(index.getLong(at + 24), k3);
            }
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    Digest digest(int slot) {
        byte[] raw = new byte[32];
        index.get(slot * ENTRY, raw);
        return Digest.fromRaw(raw);
    }

    long offset(int slot) {
        return index.getLong(slot * ENTRY + 32);
    }

    int length(int slot) {
        return index.getInt(slot * ENTRY + 40);
    }

    /** The bytes of the blob in {@code slot}. */
    byte[] read(int slot) throws IOException {
        long off = offset(slot);
        int len = length(slot);
        if (off < HEADER || len < 0 || off + len > dataEnd) {
            throw new IOException("pack " + path + " has a damaged index entry for " + digest(slot));
        }
        byte[] out = new byte[len];
        readFully(channel, ByteBuffer.wrap(out), off);
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
