package dev.dagj.engine.digest;

import java.security.MessageDigest;
import java.util.Locale;
import java.util.Random;

/**
 * SHA-256 throughput of the native backend against the JDK's in the same JVM, by input size and update size: one-shot
 * {@link Sha256Backend#digest}, a fresh digest per input ({@code newDigest}, update, digest, as the upload does per
 * file), and many small updates into one digest (as a tar or gzip writer feeds it). Also prints what the first native
 * digest of the process cost (library load and downcall set-up). Run it with the CLI launcher's flags
 * ({@code -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED}) to see the CLI's figures.
 */
public final class Sha256Bench {
    private Sha256Bench() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Sha256Backend jdk = new Sha256Backends.Jdk("bench");
        jdk.digest(new byte[1], 0, 1);
        long t1 = System.nanoTime();
        Sha256Backend nat = Sha256Backends.choose(null, null, Sha256Backends.NATIVE_CLASS);
        nat.digest(new byte[1], 0, 1);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "first digest: jdk %.1f ms, %s %.1f ms%n", (t1 - t0) / 1e6, nat.description(),
                (t2 - t1) / 1e6);
        if (nat instanceof Sha256Backends.Jdk) {
            return;
        }
        Random rnd = new Random(1);
        byte[] data = new byte[64 << 20];
        rnd.nextBytes(data);
        System.out.println("size      one-shot jdk/native MB/s   fresh digest jdk/native MB/s   ratio");
        for (int size : new int[] {32, 100, 1024, 4096, 65536, 1 << 20, 64 << 20}) {
            long total = Math.max(size, 128L << 20 >> (size < 4096 ? 3 : 0));
            double j1 = oneShot(jdk, data, size, total);
            double n1 = oneShot(nat, data, size, total);
            double j2 = fresh(jdk, data, size, total);
            double n2 = fresh(nat, data, size, total);
            System.out.printf(Locale.ROOT, "%-9d %8.0f / %-8.0f             %8.0f / %-8.0f             %.1fx / %.1fx%n",
                    size, j1, n1, j2, n2, n1 / j1, n2 / j2);
        }
        System.out.println("update size, one digest over 32 MiB: jdk/native MB/s");
        for (int update : new int[] {1, 8, 64, 127, 128, 192, 256, 384, 512, 4096}) {
            double j = smallUpdates(jdk, data, update, 32 << 20);
            double n = smallUpdates(nat, data, update, 32 << 20);
            System.out.printf(Locale.ROOT, "%-5d %8.0f / %-8.0f %.1fx%n", update, j, n, n / j);
        }
    }

    private static double oneShot(Sha256Backend b, byte[] data, int size, long total) {
        long rounds = Math.max(1, total / size);
        byte x = 0;
        long start = System.nanoTime();
        for (long r = 0; r < rounds; r++) {
            x ^= b.digest(data, (int) ((r * 64) % (data.length - size + 1)), size)[0];
        }
        return mbPerSecond(rounds * size, System.nanoTime() - start, x);
    }

    private static double fresh(Sha256Backend b, byte[] data, int size, long total) {
        long rounds = Math.max(1, total / size);
        byte x = 0;
        long start = System.nanoTime();
        for (long r = 0; r < rounds; r++) {
            MessageDigest md = b.newDigest();
            md.update(data, (int) ((r * 64) % (data.length - size + 1)), size);
            x ^= md.digest()[0];
        }
        return mbPerSecond(rounds * size, System.nanoTime() - start, x);
    }

    private static double smallUpdates(Sha256Backend b, byte[] data, int update, int total) {
        MessageDigest md = b.newDigest();
        long start = System.nanoTime();
        if (update == 1) {
            for (int i = 0; i < total; i++) {
                md.update(data[i]);
            }
        } else {
            for (int i = 0; i + update <= total; i += update) {
                md.update(data, i, update);
            }
        }
        return mbPerSecond(total, System.nanoTime() - start, md.digest()[0]);
    }

    private static double mbPerSecond(long bytes, long nanos, byte sink) {
        if (sink == 42 && bytes < 0) {
            System.out.println(); // keeps the digests from being optimised away
        }
        return bytes / 1e6 / (nanos / 1e9);
    }
}
