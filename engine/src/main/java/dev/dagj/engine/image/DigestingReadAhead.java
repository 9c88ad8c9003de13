package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An input stream whose bytes are read (and decompressed) by a separate thread, chunk by chunk, and hashed there, so
 * decompression and hashing overlap with the consumer's work: the Java counterpart of {@code tar -xzf}'s gzip process.
 * {@link #digest()} is the SHA-256 of every byte the source produced, available once the consumer has read to the end.
 * {@link #close()} stops the reader thread and closes the source; it MUST be called.
 */
final class DigestingReadAhead extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final int DEPTH = 4;

    private record Chunk(byte[] data, int length, Digest digest, long total, IOException error) {
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH + 2);
    private final Thread reader;
    private volatile boolean closed;
    private Chunk current;
    private int pos;
    private Digest digest;
    private long total;

    DigestingReadAhead(InputStream source, String threadName) {
        this.source = source;
        for (int i = 0; i < DEPTH + 2; i++) {
            free.add(new byte[CHUNK]);
        }
        this.reader = Thread.ofPlatform().name(threadName).daemon().start(this::produce);
    }

    private void produce() {
        MessageDigest md = Digest.newSha256();
        long n = 0;
        try {
            while (!closed) {
                byte[] buf = free.poll(100, TimeUnit.MILLISECONDS);
                if (buf == null) {
                    continue;
                }
                int len = 0;
                int k;
                while (len < buf.length && (k = source.read(buf, len, buf.length - len)) > 0) {
                    len += k;
                }
                if (len > 0) {
                    md.update(buf, 0, len);
                    n += len;
                    offer(new Chunk(buf, len, null, 0, null));
                }
                if (len < buf.length) {
                    offer(new Chunk(null, -1, Digest.fromRaw(md.digest()), n, null));
                    return;
                }
            }
        } catch (IOException e) {
            offerQuietly(new Chunk(null, -1, null, n, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            offerQuietly(new Chunk(null, -1, null, n, new IOException(e.toString(), e)));
        }
    }

    private void offer(Chunk c) throws InterruptedException {
        while (!closed && !full.offer(c, 100, TimeUnit.MILLISECONDS)) {
            // wait for the consumer, or for close()
        }
    }

    private void offerQuietly(Chunk c) {
        try {
            offer(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Moves to the next chunk; false at the end of the stream. */
    private boolean advance() throws IOException {
        if (current != null && current.data() != null) {
            free.offer(current.data());
        }
        if (digest != null) {
            current = null;
            return false;
        }
        try {
            current = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading a layer");
        }
        pos = 0;
        if (current.error() != null) {
            IOException e = current.error();
            current = null;
            throw new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        if (current.digest() != null) {
            digest = current.digest();
            total = current.total();
            current = null;
            return false;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || pos >= current.length()) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.data(), pos, b, off, n);
        pos += n;
        return n;
    }

    /** Reads and discards the rest of the stream (a tar's padding after its end marker still counts in the digest). */
    void drainToEnd() throws IOException {
        while (current != null || digest == null) {
            if (!advance()) {
                return;
            }
        }
    }

    /** SHA-256 of all source bytes; only after the consumer reached the end. */
    Digest digest() {
        if (digest == null) {
            throw new IllegalStateException("the stream was not read to the end");
        }
        return digest;
    }

    long total() {
        return total;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.close();
        }
    }
}
