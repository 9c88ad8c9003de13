package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Packs a directory (a snapshot, or the upper directory of a finished overlayfs exec) into an OCI layer blob in the
 * content store. Overlayfs whiteouts (character devices 0/0) become {@code .wh.<name>} entries and directories with
 * {@code user.overlay.opaque=y} get a {@code .wh..wh..opq} entry, the reverse of {@link LayerUnpacker}. The output is
 * deterministic: entries sorted by name (a directory before its contents, its opaque marker first), numeric uid/gid
 * with empty user and group names, mode bits {@code 07777} only, mtimes in whole seconds (or all set to
 * {@link Options#fixedMtime()}), PAX headers only where a name, link or number needs them, and a gzip header without
 * name or time. Hard links within the directory are kept as hard links; sockets, fifos and devices other than
 * whiteouts are skipped.
 */
public final class LayerPacker {
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;

    private final ContentStore store;

    public LayerPacker(ContentStore store) {
        this.store = store;
    }

    /** How to pack: the compression, and an optional mtime for every entry (for reproducible layers). */
    public record Options(LayerCompression compression, Optional<Instant> fixedMtime) {
        public static final Options DEFAULT = new Options(LayerCompression.GZIP, Optional.empty());
    }

    /** Packs {@code dir} and stores the blob; returns the layer (digest and size of the blob, diff_id of the tar). */
    public Layer pack(Path dir, Options options) throws ImageException {
        Path temp = store.tempPath("pack");
        Counting compressed;
        Counting tar;
        try {
            compressed = new Counting(new BufferedOutputStream(Files.newOutputStream(temp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20));
            try (Counting t = new Counting(options.compression().compress(compressed))) {
                tar = t;
                writeTar(dir, t, options.fixedMtime());
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new ImageException("cannot pack " + dir + " into a layer: " + e.getMessage(), e);
        } catch (ImageException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        Digest digest = compressed.digest();
        try {
            store.putTempFile(temp, digest);
        } catch (StoreException e) {
            throw new ImageException(e.getMessage(), e);
        }
        return new Layer(options.compression().ociMediaType(), digest, compressed.count(), tar.digest());
    }

    /** Writes the uncompressed layer tar of {@code dir} to {@code out} (finished, but {@code out} is not closed). */
    void writeTar(Path dir, OutputStream out, Optional<Instant> fixedMtime) throws IOException, ImageException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out),
                StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Walk w = new Walk(tar, fixedMtime.map(FileTime::from), new HashMap<>(), new byte[1 << 20]);
        walk(w, dir, "");
        tar.finish();
        tar.close();
    }

    private record Walk(TarArchiveOutputStream tar, Optional<FileTime> fixedMtime, Map<String, String> inodes,
            byte[] buf) {
    }

    private void walk(Walk w, Path dir, String prefix) throws IOException, ImageException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = new ArrayList<>(s.toList());
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path c : children) {
            String name = prefix + c.getFileName();
            Map<String, Object> a = Files.readAttributes(c, "unix:mode,uid,gid,ino,dev,nlink,rdev,lastModifiedTime,size",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & S_IFMT;
            FileTime mtime = w.fixedMtime().orElseGet(() -> seconds((FileTime) a.get("lastModifiedTime")));
            if (type == S_IFCHR && ((Long) a.get("rdev")) == 0L) {
                TarArchiveEntry e = entry(prefix + ".wh." + c.getFileName(), TarConstants.LF_NORMAL, 0, 0, 0, mtime);
                w.tar().putArchiveEntry(e);
                w.tar().closeArchiveEntry();
            } else if (type == S_IFDIR) {
                w.tar().putArchiveEntry(entry(name + "/", TarConstants.LF_DIR, mode, a, mtime));
                w.tar().closeArchiveEntry();
                if (isOpaque(c)) {
                    w.tar().putArchiveEntry(entry(name + "/.wh..wh..opq", TarConstants.LF_NORMAL, 0, 0, 0, mtime));
                    w.tar().closeArchiveEntry();
                }
                walk(w, c, name + "/");
            } else if (type == S_IFLNK) {
                TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, mode, a, mtime);
                e.setLinkName(Files.readSymbolicLink(c).toString());
                w.tar().putArchiveEntry(e);
                w.tar().closeArchiveEntry();
            } else if (type == S_IFREG) {
                file(w, c, name, mode, a, mtime);
            }
            // sockets, fifos, devices: not part of a layer
        }
    }

    private void file(Walk w, Path c, String name, int mode, Map<String, Object> a, FileTime mtime)
            throws IOException {
        if ((Integer) a.get("nlink") > 1) {
            String key = a.get("dev") + ":" + a.get("ino");
            String first = w.inodes().putIfAbsent(key, name);
            if (first != null) {
                TarArchiveEntry e = entry(name, TarConstants.LF_LINK, mode, a, mtime);
                e.setLinkName(first);
                w.tar().putArchiveEntry(e);
                w.tar().closeArchiveEntry();
                return;
            }
        }
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode, a, mtime);
        long size = (Long) a.get("size");
        e.setSize(size);
        w.tar().putArchiveEntry(e);
        long left = size;
        try (InputStream in = Files.newInputStream(c)) {
            int k;
            while (left > 0 && (k = in.read(w.buf(), 0, (int) Math.min(w.buf().length, left))) > 0) {
                w.tar().write(w.buf(), 0, k);
                left -= k;
            }
        }
        if (left != 0) {
            throw new IOException(c + " changed size while it was packed");
        }
        w.tar().closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, byte flag, int mode, Map<String, Object> a, FileTime mtime) {
        return entry(name, flag, mode, (Integer) a.get("uid"), (Integer) a.get("gid"), mtime);
    }

    private static TarArchiveEntry entry(String name, byte flag, int mode, int uid, int gid, FileTime mtime) {
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        e.setMode(mode & 07777);
        e.setUserId((long) uid & 0xffffffffL);
        e.setGroupId((long) gid & 0xffffffffL);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(mtime);
        return e;
    }

    private static boolean isOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (v == null || !v.list().contains(LayerUnpacker.OPAQUE_XATTR)) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(v.size(LayerUnpacker.OPAQUE_XATTR));
        v.read(LayerUnpacker.OPAQUE_XATTR, b);
        return b.position() == 1 && b.get(0) == 'y';
    }

    private static FileTime seconds(FileTime t) {
        return FileTime.from(t.to(TimeUnit.SECONDS), TimeUnit.SECONDS);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // cleared with tmp/ when the store next opens
        }
    }

    /** Hashes and counts what passes through. */
    private static final class Counting extends FilterOutputStream {
        private final MessageDigest md = Digest.newSha256();
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            md.update((byte) b);
            count++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            md.update(b, off, len);
            count += len;
            out.write(b, off, len);
        }

        Digest digest() {
            return Digest.fromRaw(md.digest());
        }

        long count() {
            return count;
        }
    }
}
