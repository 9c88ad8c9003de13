package dev.dagj.engine.image;

import dev.dagj.engine.fs.FileTrees;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Unpack throughput: generates a layer tar.gz of about 100 MB (compressed) with many small files, some medium and a
 * few large ones, partly compressible like real binaries, plus directories, symlinks and hard links; then times
 * {@link LayerUnpacker} (which also computes the diff_id) against {@code tar -xzf} of the same file, each into a
 * fresh directory, alternating, and prints the medians, MB/s and the ratio of our speed to tar's.
 *
 * <p>Usage: {@code UnpackBench [workDir] [runs]} (defaults: /var/tmp/dagj-unpack-bench, 5).
 */
public final class UnpackBench {
    private UnpackBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/var/tmp/dagj-unpack-bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Files.createDirectories(work);
        Path layer = work.resolve("layer.tar.gz");
        long[] sizes = generate(layer);
        System.out.printf("layer: %s, %.1f MB compressed, %.1f MB uncompressed, %d entries%n", layer,
                sizes[0] / 1e6, sizes[1] / 1e6, sizes[2]);
        LayerUnpacker unpacker = new LayerUnpacker(true);
        List<Long> ours = new ArrayList<>();
        List<Long> tar = new ArrayList<>();
        for (int i = -1; i < runs; i++) {
            boolean warmup = i < 0;
            for (int side = 0; side < 2; side++) {
                boolean oursFirst = (i & 1) == 0;
                boolean runOurs = (side == 0) == oursFirst;
                Path dest = work.resolve("out-" + (runOurs ? "ours" : "tar"));
                FileTrees.delete(dest);
                Files.createDirectories(dest);
                sync();
                long t0 = System.nanoTime();
                if (runOurs) {
                    try (InputStream in = Files.newInputStream(layer)) {
                        unpacker.unpack(in, LayerCompression.GZIP, dest, "bench");
                    }
                } else {
                    Process p = new ProcessBuilder("tar", "-xzf", layer.toString(), "-C", dest.toString())
                            .inheritIO().start();
                    if (p.waitFor() != 0) {
                        throw new IOException("tar failed");
                    }
                }
                long t = System.nanoTime() - t0;
                if (!warmup) {
                    (runOurs ? ours : tar).add(t);
                }
            }
        }
        FileTrees.delete(work.resolve("out-ours"));
        FileTrees.delete(work.resolve("out-tar"));
        double oursMs = median(ours) / 1e6;
        double tarMs = median(tar) / 1e6;
        System.out.printf("ours   : median %.0f ms  %.1f MB/s compressed  %.1f MB/s uncompressed  (runs %s)%n", oursMs,
                sizes[0] / 1e3 / oursMs, sizes[1] / 1e3 / oursMs, ms(ours));
        System.out.printf("tar -xzf: median %.0f ms  %.1f MB/s compressed  %.1f MB/s uncompressed  (runs %s)%n", tarMs,
                sizes[0] / 1e3 / tarMs, sizes[1] / 1e3 / tarMs, ms(tar));
        System.out.printf("ratio ours/tar speed: %.2f (target >= 0.70)%n", tarMs / oursMs);
    }

    private static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").start().waitFor(60, TimeUnit.SECONDS);
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static String ms(List<Long> xs) {
        return xs.stream().map(x -> String.valueOf(x / 1_000_000)).toList().toString();
    }

    /** Writes the layer; returns {compressed bytes, uncompressed bytes, entries}. */
    static long[] generate(Path out) throws IOException {
        Random r = new Random(42);
        String[] words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt"
                + " ut labore et dolore magna aliqua static const void return include define struct int char")
                .split(" ");
        long[] counted = new long[3];
        FileTime mtime = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
                CountingStream gzCount = new CountingStream(file);
                OutputStream gz = LayerCompression.GZIP.compress(gzCount);
                CountingStream tarCount = new CountingStream(gz);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(tarCount, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            int entries = 0;
            List<String> files = new ArrayList<>();
            for (int d = 0; d < 60; d++) {
                String dir = "usr/lib/pkg" + d + "/";
                if (d == 0) {
                    entries += dir(tar, "usr/", mtime) + dir(tar, "usr/lib/", mtime);
                }
                entries += dir(tar, dir, mtime);
                int small = 60;
                for (int i = 0; i < small; i++) {
                    String name = dir + "file" + i + ".txt";
                    entries += file(tar, name, content(r, words, 512 + r.nextInt(16 * 1024)), mtime);
                    files.add(name);
                }
                for (int i = 0; i < 3; i++) {
                    entries += file(tar, dir + "mid" + i + ".so", content(r, words, 64 * 1024 + r.nextInt(512 * 1024)),
                            mtime);
                }
                entries += link(tar, dir + "link", TarConstants.LF_SYMLINK, "file0.txt");
                entries += link(tar, dir + "hard", TarConstants.LF_LINK, dir + "file1.txt");
            }
            entries += dir(tar, "opt/", mtime);
            for (int i = 0; i < 8; i++) {
                entries += file(tar, "opt/big" + i + ".bin", content(r, words, 4 * 1024 * 1024 + r.nextInt(4 << 20)),
                        mtime);
            }
            tar.finish();
            tar.flush();
            counted[1] = tarCount.count;
            counted[2] = entries;
        }
        counted[0] = Files.size(out);
        return counted;
    }

    /** 30% random bytes, 70% words: compresses roughly 1.5-2x, like binaries and libraries. */
    private static byte[] content(Random r, String[] words, int size) {
        byte[] b = new byte[size];
        int i = 0;
        while (i < size) {
            int run = Math.min(size - i, 256 + r.nextInt(1024));
            if (r.nextInt(100) < 30) {
                byte[] rnd = new byte[run];
                r.nextBytes(rnd);
                System.arraycopy(rnd, 0, b, i, run);
            } else {
                for (int j = 0; j < run; j++) {
                    String w = words[r.nextInt(words.length)];
                    b[i + j] = (byte) (j % 7 == 6 ? ' ' : w.charAt(j % w.length()));
                }
            }
            i += run;
        }
        return b;
    }

    private static int dir(TarArchiveOutputStream tar, String name, FileTime mtime) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR);
        e.setMode(0755);
        e.setModTime(mtime);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return 1;
    }

    private static int file(TarArchiveOutputStream tar, String name, byte[] content, FileTime mtime)
            throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setMode(0644);
        e.setSize(content.length);
        e.setModTime(mtime);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
        return 1;
    }

    private static int link(TarArchiveOutputStream tar, String name, byte flag, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return 1;
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
