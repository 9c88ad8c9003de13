package dev.dagj.engine.host;

import dev.dagj.engine.BenchTiming;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Upload throughput against {@code sha256sum}: generates 20,000 small files (1-4 KiB in 200 directories) and three
 * 64 MiB random files under the directory given as the first argument, warms the page cache, then times (a)
 * {@code sha256sum} over every file, (b) a cold {@link HostUploader#uploadDirectory} into a fresh state directory
 * and (c) a warm re-upload of the unchanged tree, then the cold upload again in child JVMs: (d) this JVM's flags with
 * the native SHA-256 and (e) with the JDK's ({@code DAGJ_NATIVE_DIGEST=0}), (f) the CLI launcher's flags (C1 only) with
 * the native SHA-256 and (g) with the JDK's. CPU times are printed beside wall times (the machine is often shared). Run by
 * {@code bench/upload.sh}, which also removes the directory.
 */
public final class UploadBench {
    private static final int SMALL_FILES = 20_000;
    private static final int DIRS = 200;
    private static final int LARGE_FILES = 3;
    private static final int LARGE_SIZE = 64 << 20;

    private UploadBench() {
    }

    /** The JVM flags the CLI launcher ({@code cli/src/main/dist/bin/dagger}) runs the engine with. */
    private static final List<String> CLI_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED");

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--cold-upload")) {
            coldUploadChild(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        Path tree = work.resolve("tree");
        long bytes = generate(tree);
        long files = SMALL_FILES + LARGE_FILES;
        System.out.printf(Locale.ROOT, "tree: %d files, %.1f MB%n", files, bytes / 1e6);
        // stats of files changed within the racy window are not trusted; let the tree age past it
        Thread.sleep(HostUploader.RACY_WINDOW.toMillis() + 200);
        warm(tree);

        double[] shaCpu = new double[1];
        double sha = time(() -> shaCpu[0] = sha256sum(tree));
        report("sha256sum", bytes, sha);

        Path state = work.resolve("state");
        ContentStore store = ContentStore.open(state);
        HostUploader cold = new HostUploader(store, state);
        Digest[] digest = new Digest[1];
        long cpu0 = processCpuNanos();
        double ours = time(() -> digest[0] = cold.uploadDirectory(tree, List.of(), List.of(), false));
        double oursCpu = (processCpuNanos() - cpu0) / 1e9;
        report("dagj cold upload", bytes, ours);
        System.out.println("  (sha256: " + Digest.sha256Implementation() + ")");

        HostUploader warmUploader = new HostUploader(store, state);
        Digest[] again = new Digest[1];
        double warm = time(() -> again[0] = warmUploader.uploadDirectory(tree, List.of(), List.of(), false));
        report("dagj warm re-upload", bytes, warm);

        if (!digest[0].equals(again[0])) {
            throw new IllegalStateException("warm upload gave " + again[0] + ", cold gave " + digest[0]);
        }
        System.out.printf(Locale.ROOT, "ratio ours/sha256sum (throughput): %.2f (target >= 0.80)%n", sha / ours);
        // CPU time is less sensitive than wall time to other load on the machine: it shows what each side costs
        System.out.printf(Locale.ROOT, "cpu: sha256sum %.2f s, dagj cold upload %.2f s (this JVM, JIT and GC included),"
                + " sha256sum cpu / (dagj cpu / 2 cores) = %.2f%n", shaCpu[0], oursCpu, shaCpu[0] / (oursCpu / 2));
        System.out.printf(Locale.ROOT, "load average at the end: %s%n",
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(Locale.ROOT, "warm re-upload: %.0f ms, %d files re-read (cold read %d)%n", warm * 1000,
                warmUploader.filesRead(), cold.filesRead());
        System.out.println("tree digest: " + digest[0]);

        // the same cold upload in child JVMs: full JIT with the JDK's SHA-256, then the CLI launcher's flags (C1 only,
        // where the JDK's SHA-256 has no intrinsic) with the native SHA-256 and with the JDK's
        List<String> same = List.of("--enable-native-access=ALL-UNNAMED");
        double nativeFull = child(work, tree, "state-full", same, false, digest[0], sha, bytes, "dagj cold, child JVM");
        double jdkFull = child(work, tree, "state-jdk", same, true, digest[0], sha, bytes, "dagj cold, child, JDK sha");
        double cliNative = child(work, tree, "state-cli", CLI_JVM_FLAGS, false, digest[0], sha, bytes,
                "dagj cold, CLI flags");
        double cliJdk = child(work, tree, "state-cli-jdk", CLI_JVM_FLAGS, true, digest[0], sha, bytes,
                "dagj cold, CLI flags, JDK sha");
        System.out.printf(Locale.ROOT, "native / JDK SHA-256, same run: full JIT %.2fx faster, CLI flags %.2fx faster%n",
                jdkFull / nativeFull, cliJdk / cliNative);
    }

    /**
     * The cold upload in a child JVM with {@code flags} ({@code jdkSha}: with {@code DAGJ_NATIVE_DIGEST=0}); prints its
     * figures and ratio against sha256sum and returns its seconds.
     */
    private static double child(Path work, Path tree, String state, List<String> flags, boolean jdkSha, Digest expected,
            double sha, long bytes, String what) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UploadBench.class.getName(), "--cold-upload",
                tree.toString(), work.resolve(state).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("DAGJ_NATIVE_DIGEST");
        if (jdkSha) {
            pb.environment().put("DAGJ_NATIVE_DIGEST", "0");
        }
        Process p = pb.start();
        String[] out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                .trim().split(" ", 4);
        if (p.waitFor() != 0 || out.length < 4 || !out[2].equals(expected.toString())) {
            throw new IllegalStateException(what + " failed: " + String.join(" ", out));
        }
        double secs = Double.parseDouble(out[0]);
        report(what, bytes, secs);
        System.out.printf(Locale.ROOT, "  ratio %.2f, cpu %.2f s, flags %s (sha256: %s)%n", sha / secs,
                Double.parseDouble(out[1]), flags, out[3]);
        return secs;
    }

    /**
     * A cold upload of {@code tree} into the fresh state directory {@code state}: prints seconds, CPU seconds, digest
     * and the SHA-256 implementation used.
     */
    private static void coldUploadChild(Path tree, Path state) throws Exception {
        ContentStore store = ContentStore.open(state);
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        Digest d = new HostUploader(store, state).uploadDirectory(tree, List.of(), List.of(), false);
        System.out.printf(Locale.ROOT, "%.3f %.3f %s %s%n", (System.nanoTime() - start) / 1e9,
                (processCpuNanos() - cpu0) / 1e9, d, Digest.sha256Implementation());
    }

    /** Seconds {@code a} takes. */
    private static double time(BenchTiming.Action a) throws Exception {
        return BenchTiming.time(a) / 1e3;
    }

    private static void report(String what, long bytes, double seconds) {
        System.out.printf(Locale.ROOT, "%-30s %8.3f s  %8.1f MB/s%n", what, seconds, bytes / 1e6 / seconds);
    }

    private static long generate(Path tree) throws IOException {
        Random rnd = new Random(20_000);
        long bytes = 0;
        for (int d = 0; d < DIRS; d++) {
            Files.createDirectories(tree.resolve("d" + d));
        }
        for (int i = 0; i < SMALL_FILES; i++) {
            byte[] data = new byte[1024 + rnd.nextInt(3 * 1024 + 1)];
            rnd.nextBytes(data);
            Files.write(tree.resolve("d" + (i % DIRS)).resolve("f" + i + ".dat"), data);
            bytes += data.length;
        }
        byte[] big = new byte[LARGE_SIZE];
        for (int i = 0; i < LARGE_FILES; i++) {
            rnd.nextBytes(big);
            Files.write(tree.resolve("large" + i + ".bin"), big);
            bytes += big.length;
        }
        return bytes;
    }

    /** Reads every file once so both sides find it in the page cache. */
    private static void warm(Path tree) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                try (InputStream in = Files.newInputStream(p)) {
                    while (in.read(buf) > 0) {
                        // discard
                    }
                }
            }
        }
    }

    /** Runs sha256sum over every file; returns the CPU seconds (user + system) it and find took. */
    private static double sha256sum(Path tree) throws Exception {
        // the shell's cutime and cstime (fields 16 and 17 of its stat) count the children it waited for
        Process p = new ProcessBuilder("sh", "-c",
                "find . -type f -print0 | xargs -0 sha256sum > /dev/null && cat /proc/$$/stat")
                .directory(tree.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String stat = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sha256sum failed with exit " + p.exitValue());
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
