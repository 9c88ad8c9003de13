package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.fs.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Unpacks one OCI layer tar (plain, gzip or zstd) into an empty directory, producing a directory that overlayfs can
 * use as a lower layer:
 * <ul>
 * <li>regular files, directories, symlinks and hard links (to entries earlier in the same layer) with their mode
 * (including setuid/setgid/sticky), mtime and, when running as root, numeric uid/gid; device nodes, fifos and
 * extended attributes are skipped;</li>
 * <li>names are normalised: a leading {@code /} or {@code ./} is dropped and the {@code /} entry itself ignored;</li>
 * <li>{@code .wh.<name>} becomes an overlayfs whiteout (a character device 0/0, made with {@code mknod} in one
 * helper process per layer, since Java cannot mknod), and {@code .wh..wh..opq} marks its directory opaque with the
 * xattr {@code user.overlay.opaque=y}: executors MUST mount overlayfs with {@code -o userxattr} to honour it;</li>
 * <li>an entry whose name or hard-link target climbs out of the directory ({@code ../}), or whose name runs through a
 * symlink made by an earlier entry (which could point anywhere), is refused with an error naming the entry. Symlink
 * targets are stored verbatim: they are never followed here.</li>
 * </ul>
 * The SHA-256 of the uncompressed stream (the layer's diff_id) is computed in the same pass. On error the target
 * directory is left half-filled; callers stage into a temp directory (see {@link SnapshotStore}).
 */
final class LayerUnpacker {
    private static final int BUFFER = 1 << 20;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "overlay.opaque";

    private final boolean restoreOwnership;

    /** @param restoreOwnership chown entries to their tar uid/gid (only possible as root) */
    LayerUnpacker(boolean restoreOwnership) {
        this.restoreOwnership = restoreOwnership;
    }

    /** What an unpack produced: the digest and size of the uncompressed tar, and how many entries it had. */
    record Result(Digest diffId, long tarSize, int entries) {
    }

    private record DirMeta(int mode, int uid, int gid, FileTime mtime) {
    }

    /** Per-unpack state: what exists, so safety checks need no system calls. */
    private final class Run {
        final Path root;
        final String layer;
        final Set<String> dirs = new HashSet<>();
        final Set<String> symlinks = new HashSet<>();
        final Map<String, DirMeta> dirMeta = new LinkedHashMap<>();
        final List<String> whiteouts = new ArrayList<>();
        final Set<String> opaque = new LinkedHashSet<>();
        final byte[] buf = new byte[BUFFER];
        int entries;

        Run(Path root, String layer) {
            this.root = root;
            this.layer = layer;
        }
    }

    /**
     * Unpacks {@code blob} (compressed as {@code compression}) into {@code target}, an existing empty directory.
     * {@code layer} names the layer in errors. Closes {@code blob}.
     */
    Result unpack(InputStream blob, LayerCompression compression, Path target, String layer)
            throws ImageException, InterruptedException {
        Run run = new Run(target, layer);
        String at = "the start";
        try (DigestingReadAhead tarBytes = new DigestingReadAhead(decompress(blob, compression, layer),
                "dagj-unpack " + layer)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, StandardCharsets.UTF_8.name());
            TarArchiveEntry e;
            try {
                while ((e = tar.getNextEntry()) != null) {
                    at = "entry '" + e.getName() + "'";
                    apply(run, tar, e);
                    run.entries++;
                }
            } catch (IOException ex) {
                throw corrupt(layer, at, ex);
            }
            try {
                tarBytes.drainToEnd();
            } catch (IOException ex) {
                throw corrupt(layer, "the end", ex);
            }
            finish(run);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return new Result(tarBytes.digest(), tarBytes.total(), run.entries);
        } catch (IOException ex) {
            throw new ImageException("unpacking layer " + layer + " failed: " + ex.getMessage(), ex);
        }
    }

    private static InputStream decompress(InputStream blob, LayerCompression compression, String layer)
            throws ImageException {
        try {
            return compression.decompress(blob);
        } catch (IOException e) {
            closeQuietly(blob);
            throw new ImageException("layer " + layer + " is not a valid " + compression.name().toLowerCase()
                    + " stream: " + e.getMessage(), e);
        }
    }

    private static ImageException corrupt(String layer, String at, IOException e) {
        return new ImageException("layer " + layer + " is corrupt or truncated at " + at + ": " + e.getMessage(), e);
    }

    private void apply(Run run, TarArchiveInputStream tar, TarArchiveEntry e) throws ImageException, IOException {
        String rel = normalise(e.getName(), run.layer);
        if (rel.isEmpty()) {
            return;
        }
        int slash = rel.lastIndexOf('/');
        String parent = slash < 0 ? "" : rel.substring(0, slash);
        String base = rel.substring(slash + 1);
        checkNoSymlinkOnPath(run, rel, e.getName());
        if (base.startsWith(WHITEOUT)) {
            ensureDir(run, parent);
            if (base.equals(OPAQUE)) {
                run.opaque.add(parent);
            } else if (!base.startsWith(WHITEOUT + WHITEOUT)) {
                String hidden = base.substring(WHITEOUT.length());
                if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                    throw refuse(run, e.getName(), "is a whiteout for an invalid name");
                }
                run.whiteouts.add(parent.isEmpty() ? hidden : parent + "/" + hidden);
            }
            return;
        }
        Path p = run.root.resolve(rel);
        if (e.isDirectory()) {
            ensureDir(run, parent);
            if (!run.dirs.contains(rel)) {
                try {
                    Files.createDirectory(p);
                } catch (FileAlreadyExistsException x) {
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        remove(run, rel, p);
                        Files.createDirectory(p);
                    }
                }
                run.dirs.add(rel);
            }
            run.dirMeta.put(rel, new DirMeta(e.getMode() & 07777, (int) e.getLongUserId(), (int) e.getLongGroupId(),
                    e.getLastModifiedTime()));
            return;
        }
        if (e.isSymbolicLink()) {
            ensureDir(run, parent);
            replaceable(run, rel, p);
            Files.createSymbolicLink(p, p.getFileSystem().getPath(e.getLinkName()));
            run.symlinks.add(rel);
            owner(p, e);
            times(p, e.getLastModifiedTime());
            return;
        }
        if (e.isLink()) {
            String target = normalise(e.getLinkName(), run.layer);
            if (target.isEmpty()) {
                throw refuse(run, e.getName(), "is a hard link to the layer root");
            }
            checkNoSymlinkOnPath(run, target, e.getName());
            if (run.dirs.contains(target)) {
                throw refuse(run, e.getName(), "is a hard link to a directory ('" + e.getLinkName() + "')");
            }
            Path existing = run.root.resolve(target);
            if (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw refuse(run, e.getName(), "is a hard link to '" + e.getLinkName()
                        + "', which is not an earlier entry of this layer");
            }
            ensureDir(run, parent);
            replaceable(run, rel, p);
            Files.createLink(p, existing);
            if (run.symlinks.contains(target)) {
                run.symlinks.add(rel);
            }
            return;
        }
        if (isRegular(e)) {
            ensureDir(run, parent);
            replaceable(run, rel, p);
            try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                int k;
                while ((k = tar.read(run.buf, 0, run.buf.length)) > 0) {
                    out.write(run.buf, 0, k);
                }
            }
            Files.setAttribute(p, "unix:mode", e.getMode() & 07777);
            owner(p, e);
            times(p, e.getLastModifiedTime());
        }
        // character and block devices, fifos and anything else: skipped (a layer cannot create host devices)
    }

    /** Regular file flags only: commons-compress's isFile() is also true for devices and fifos. */
    private static boolean isRegular(TarArchiveEntry e) {
        byte f = e.getLinkFlag();
        return f == TarConstants.LF_NORMAL || f == TarConstants.LF_OLDNORM || f == TarConstants.LF_CONTIG
                || f == TarConstants.LF_GNUTYPE_SPARSE;
    }

    /** Before creating {@code rel}: if something is there (an earlier entry of the same name), remove it. */
    private void replaceable(Run run, String rel, Path p) throws IOException {
        if (run.dirs.contains(rel) || run.symlinks.contains(rel) || Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            remove(run, rel, p);
        }
    }

    private void remove(Run run, String rel, Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.delete(p);
            String prefix = rel + "/";
            run.dirs.removeIf(d -> d.equals(rel) || d.startsWith(prefix));
            run.dirMeta.keySet().removeIf(d -> d.equals(rel) || d.startsWith(prefix));
            run.symlinks.removeIf(s -> s.startsWith(prefix));
        } else {
            Files.deleteIfExists(p);
        }
        run.symlinks.remove(rel);
    }

    /** Creates {@code rel} and its missing parents as plain directories (mode 0755), unless known to exist. */
    private void ensureDir(Run run, String rel) throws IOException {
        if (rel.isEmpty() || run.dirs.contains(rel)) {
            return;
        }
        Deque<String> missing = new ArrayDeque<>();
        for (String d = rel; !d.isEmpty() && !run.dirs.contains(d); d = parentOf(d)) {
            missing.push(d);
        }
        for (String d : missing) {
            Path p = run.root.resolve(d);
            if (run.symlinks.contains(d)) {
                remove(run, d, p);
            }
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException x) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                    Files.createDirectory(p);
                }
            }
            run.dirs.add(d);
        }
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /** Refuses {@code rel} if any proper prefix of it is a symlink this layer created. */
    private static void checkNoSymlinkOnPath(Run run, String rel, String entryName) throws ImageException {
        if (run.symlinks.isEmpty()) {
            return;
        }
        for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
            String prefix = rel.substring(0, i);
            if (run.symlinks.contains(prefix)) {
                throw refuse(run, entryName, "runs through the symlink '" + prefix + "' of the same layer (it could"
                        + " point outside the layer)");
            }
        }
    }

    /**
     * {@code /a/./b//c} → {@code a/b/c}; the root is {@code ""}. A {@code ..} that would climb above the root is
     * refused with an error naming the entry.
     */
    static String normalise(String name, String layer) throws ImageException {
        Deque<String> parts = new ArrayDeque<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ImageException("layer " + layer + ": entry '" + name
                            + "' escapes the layer directory; refusing to unpack it");
                }
                parts.removeLast();
                continue;
            }
            parts.addLast(c);
        }
        return String.join("/", parts);
    }

    private static ImageException refuse(Run run, String entryName, String why) {
        return new ImageException("layer " + run.layer + ": entry '" + entryName + "' " + why
                + "; refusing to unpack it");
    }

    private void owner(Path p, TarArchiveEntry e) throws IOException {
        if (!restoreOwnership) {
            return;
        }
        int uid = (int) e.getLongUserId();
        int gid = (int) e.getLongGroupId();
        if (uid != 0) {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (gid != 0) {
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void times(Path p, FileTime mtime) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtime, mtime, null);
    }

    /** After the last entry: whiteouts, opaque markers, then directory metadata (children first). */
    private void finish(Run run) throws ImageException, IOException, InterruptedException {
        makeWhiteouts(run);
        for (String d : run.opaque) {
            Path p = run.root.resolve(d);
            try {
                Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .write(OPAQUE_XATTR, ByteBuffer.wrap(new byte[] {'y'}));
            } catch (IOException | UnsupportedOperationException x) {
                throw new ImageException("layer " + run.layer + ": cannot mark '" + d + "' opaque with the xattr user."
                        + OPAQUE_XATTR + " (" + x.getMessage() + "); the engine state directory must be on a"
                        + " filesystem with user xattrs", x);
            }
        }
        List<Map.Entry<String, DirMeta>> metas = new ArrayList<>(run.dirMeta.entrySet());
        for (int i = metas.size() - 1; i >= 0; i--) {
            Path p = run.root.resolve(metas.get(i).getKey());
            DirMeta m = metas.get(i).getValue();
            Files.setAttribute(p, "unix:mode", m.mode());
            if (restoreOwnership && (m.uid() != 0 || m.gid() != 0)) {
                Files.setAttribute(p, "unix:uid", m.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", m.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            times(p, m.mtime());
        }
    }

    private void makeWhiteouts(Run run) throws ImageException, IOException, InterruptedException {
        if (run.whiteouts.isEmpty()) {
            return;
        }
        List<String> paths = new ArrayList<>();
        for (String w : run.whiteouts) {
            Path p = run.root.resolve(w);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                remove(run, w, p);
            }
            paths.add(p.toString());
        }
        for (int from = 0; from < paths.size(); from += 500) {
            List<String> cmd = new ArrayList<>(List.of("sh", "-c", "for p; do mknod \"$p\" c 0 0 || exit 1; done",
                    "mknod-whiteouts"));
            cmd.addAll(paths.subList(from, Math.min(paths.size(), from + 500)));
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = proc.getInputStream()) {
                out = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new ImageException("layer " + run.layer + ": mknod of whiteouts did not finish in 60 s");
            }
            if (proc.exitValue() != 0) {
                throw new ImageException("layer " + run.layer + ": cannot create overlayfs whiteouts with mknod (it"
                        + " needs root or CAP_MKNOD): " + out);
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
