package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Op key to result digest, persisted as an append-only log ({@code cache/index-v1.log}) of fixed-size records:
 * a marker byte, the 32-byte key, the 32-byte result and a CRC32C of both. Each record is written with one
 * {@code write} on a file opened for appending, so engines sharing a state directory interleave whole records. A
 * record torn by a killed process fails its CRC; the reader then slides forward a byte at a time until records
 * check again, so one torn write never hides the records after it.
 */
public final class CacheIndex implements AutoCloseable {
    private static final byte MARKER = (byte) 0xA5;
    static final int RECORD = 1 + 32 + 32 + 4;

    private final Map<Digest, Digest> entries = new ConcurrentHashMap<>();
    private final FileChannel log;
    private final Path path;

    private CacheIndex(Path path, FileChannel log) {
        this.path = path;
        this.log = log;
    }

    public static CacheIndex open(Path stateDir) throws StoreException {
        Path dir = stateDir.resolve("cache");
        Path p = dir.resolve("index-v1.log");
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            CacheIndex idx = new CacheIndex(p, ch);
            idx.load(Files.readAllBytes(p));
            return idx;
        } catch (IOException e) {
            throw new StoreException("cannot open the cache index " + p + ": " + e.getMessage(), e);
        }
    }

    private void load(byte[] b) {
        int i = 0;
        while (i + RECORD <= b.length) {
            if (b[i] == MARKER && crc(b, i + 1) == ByteBuffer.wrap(b, i + 65, 4).getInt()) {
                byte[] k = new byte[32];
                byte[] v = new byte[32];
                System.arraycopy(b, i + 1, k, 0, 32);
                System.arraycopy(b, i + 33, v, 0, 32);
                entries.put(Digest.fromRaw(k), Digest.fromRaw(v));
                i += RECORD;
            } else {
                i++;
            }
        }
    }

    private static int crc(byte[] b, int off) {
        CRC32C c = new CRC32C();
        c.update(b, off, 64);
        return (int) c.getValue();
    }

    /** The recorded result of {@code key}, or null. */
    public Digest get(Digest key) {
        return entries.get(key);
    }

    /** Records a result; a key already recorded with the same result is not written again. */
    public void put(Digest key, Digest result) throws StoreException {
        Digest old = entries.put(key, result);
        if (result.equals(old)) {
            return;
        }
        byte[] rec = new byte[RECORD];
        rec[0] = MARKER;
        System.arraycopy(key.raw(), 0, rec, 1, 32);
        System.arraycopy(result.raw(), 0, rec, 33, 32);
        ByteBuffer.wrap(rec, 65, 4).putInt(crc(rec, 1));
        try {
            int n = log.write(ByteBuffer.wrap(rec));
            if (n != RECORD) {
                throw new IOException("short write (" + n + " of " + RECORD + " bytes)");
            }
        } catch (IOException e) {
            throw new StoreException("cannot append to the cache index " + path + ": " + e.getMessage(), e);
        }
    }

    /** Forgets a result (for example when its tree is gone); later lookups miss. Not persisted. */
    public void forget(Digest key) {
        entries.remove(key);
    }

    /** A copy of every recorded result, by key. */
    public Map<Digest, Digest> snapshot() {
        return Map.copyOf(entries);
    }

    public int size() {
        return entries.size();
    }

    @Override
    public void close() throws StoreException {
        try {
            log.force(false);
            log.close();
        } catch (IOException e) {
            throw new StoreException("cannot close the cache index " + path + ": " + e.getMessage(), e);
        }
    }
}
