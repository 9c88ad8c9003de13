package dev.dagj.engine.host;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * What an earlier upload learnt about the files below one host directory: for each relative path, the stat it had
 * ({@link FileStat}) and the digest of its content. A file whose stat is unchanged is not read again. Kept in one file
 * per uploaded directory, {@code <stateDir>/hostcache/<sha256 of the absolute path>.v1}, replaced atomically and
 * closed by a CRC; a damaged or unreadable file is an empty cache, never an error.
 */
final class StatCache {
    private static final byte[] MAGIC = "dagj-hostcache/v1\n".getBytes(StandardCharsets.US_ASCII);

    record Entry(FileStat stat, Digest blob) {
        // Written out for start-up, as in FileStat.
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && Objects.equals(stat, e.stat) && Objects.equals(blob, e.blob);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(stat) + Objects.hashCode(blob);
        }
    }

    private final Path file;
    private final Map<String, Entry> old;
    private final Map<String, Entry> fresh = new ConcurrentHashMap<>();
    /** Directories listed by this upload, and every name found in them (as relative paths). */
    private final Set<String> listedDirs = new HashSet<>();
    private final Set<String> listedPaths = new HashSet<>();

    private StatCache(Path file, Map<String, Entry> old) {
        this.file = file;
        this.old = old;
    }

    /** The cache of the host directory {@code root} (absolute), kept under {@code stateDir}. */
    static StatCache load(Path stateDir, Path root) {
        Path file = stateDir.resolve("hostcache")
                .resolve(Digest.of(root.toString().getBytes(StandardCharsets.UTF_8)).hex() + ".v1");
        try {
            return new StatCache(file, decode(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException missingOrDamaged) {
            return new StatCache(file, new ConcurrentHashMap<>());
        }
    }

    /** The digest recorded for {@code path} if its stat is still {@code now}, else null. */
    Digest lookup(String path, FileStat now) {
        Entry e = old.get(path);
        return e != null && e.stat.equals(now) ? e.blob : null;
    }

    /** Records what {@code path} held when it had {@code stat}. Safe to call from several threads. */
    void record(String path, FileStat stat, Digest blob) {
        fresh.put(path, new Entry(stat, blob));
    }

    /** Notes that directory {@code dir} was listed and held {@code names}; cached paths it no longer holds go. */
    void listed(String dir, Iterable<String> names) {
        listedDirs.add(dir);
        for (String n : names) {
            listedPaths.add(dir.isEmpty() ? n : dir + "/" + n);
        }
    }

    /**
     * Writes the cache back: this upload's records, plus earlier records of paths this upload neither recorded nor
     * saw vanish (say files left out by other include patterns). Writes nothing when nothing changed.
     */
    void save() throws IOException {
        Map<String, Entry> all = fresh; // a first upload's: no copy of 20,000 entries to add nothing to
        if (!old.isEmpty()) {
            all = new HashMap<>(fresh);
            for (Map.Entry<String, Entry> e : old.entrySet()) {
                if (!fresh.containsKey(e.getKey()) && stillPresent(e.getKey())) {
                    all.put(e.getKey(), e.getValue());
                }
            }
        }
        if (all.equals(old)) {
            return;
        }
        Files.createDirectories(file.getParent());
        ContentStore.writeAtomically(file, encode(all));
    }

    /** False when a listed directory on the way to {@code path} lacked the next name. */
    private boolean stillPresent(String path) {
        int i = -1;
        do {
            i = path.indexOf('/', i + 1);
            String prefix = i < 0 ? path : path.substring(0, i);
            int slash = prefix.lastIndexOf('/');
            String parent = slash < 0 ? "" : prefix.substring(0, slash);
            if (listedDirs.contains(parent) && !listedPaths.contains(prefix)) {
                return false;
            }
        } while (i >= 0);
        return true;
    }

    static byte[] encode(Map<String, Entry> entries) throws IOException {
        int size = MAGIC.length + 4 + 4;
        for (String path : entries.keySet()) {
            size += 2 + utfLength(path) + 5 * 8 + 32;
        }
        Buffer bos = new Buffer(size); // exactly: the array is the result, not copied
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.write(MAGIC);
            out.writeInt(entries.size());
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                FileStat s = e.getValue().stat;
                out.writeUTF(e.getKey());
                out.writeLong(s.size());
                out.writeLong(s.mtimeNanos());
                out.writeLong(s.ctimeNanos());
                out.writeLong(s.inode());
                out.writeLong(s.device());
                out.write(e.getValue().blob.raw());
            }
            out.flush();
            out.writeInt(crc(bos.bytes(), bos.size()));
        }
        return bos.size() == bos.bytes().length ? bos.bytes() : bos.toByteArray();
    }

    /** The length of {@code s} in the modified UTF-8 that {@link DataOutputStream#writeUTF} writes. */
    private static int utfLength(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80) {
                n += c >= 0x800 ? 2 : 1;
            }
        }
        return n;
    }

    /** A byte array stream whose array can be read in place (a copy of 2 MB per 20,000 files, twice, saved). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return buf;
        }
    }

    static Map<String, Entry> decode(byte[] b) throws IOException {
        if (b.length < MAGIC.length + 8 || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || crc(b, b.length - 4) != ByteBuffer.wrap(b, b.length - 4, 4).getInt()) {
            throw new IOException("damaged host stat cache");
        }
        Map<String, Entry> m = new ConcurrentHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, MAGIC.length, b.length - 4))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                FileStat s = new FileStat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
                m.put(path, new Entry(s, Digest.fromRaw(in.readNBytes(32))));
            }
        }
        return m;
    }

    private static int crc(byte[] b, int len) {
        CRC32C c = new CRC32C();
        c.update(b, 0, len);
        return (int) c.getValue();
    }
}
