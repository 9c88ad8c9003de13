package dev.dagj.engine.image;

import static dev.dagj.engine.BenchTiming.check;
import static dev.dagj.engine.BenchTiming.time;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Publish of a large base image plus a small change to a loopback registry ({@code docker-registry}):
 * <ul>
 * <li><b>ours</b>: {@code container.from(base).withNewFile(small change).publish(new repository)} through GraphQL over
 * HTTP on an engine that has pulled the base once: the base's layers are kept as pulled (the registry already has
 * them: skipped by HEAD or mounted from the base's repository) and the change is one small packed layer;</li>
 * <li><b>baseline</b>, the old way: the merged root filesystem (base files plus the change, prepared on disk
 * untimed) packed as one gzip layer with {@link LayerPacker} and pushed with our registry client
 * ({@link ImageStore#publish}) to a new repository.</li>
 * </ul>
 * Then, for each side, the second publish of the same thing to the same address (nothing changed): ours re-resolves
 * the cached container and pushes nothing but the manifest; the baseline packs the merged root filesystem again (the
 * blob is then found by HEAD). Sides alternate run by run; medians are printed with the ratio ours / baseline.
 *
 * <p>Usage: {@code PublishBench [workDir]} with {@code -Druns=N} (default 5) and {@code -Dmb=M}, the base image's
 * uncompressed size (default 120).
 */
public final class PublishBench {
    private static final int RUNS = Integer.getInteger("runs", 5);
    private static final int MB = Integer.getInteger("mb", 120);

    private PublishBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dagj-publish-bench");
        LocalRegistry registry = new LocalRegistry();
        registry.start();
        try (ImageStack publisher = ImageStack.open(Files.createDirectories(work.resolve("publisher")));
                ImageStack flat = ImageStack.open(Files.createDirectories(work.resolve("baseline-state")));
                Engine engine = Engine.open(new EngineConfig(work.resolve("engine-state"), Progress.NONE));
                Session session = engine.openSession(work)) {
            TestImages images = new TestImages(publisher, work.resolve("build"));
            List<Path> layerDirs = List.of(images.busyboxRootfs(), generate(images.newDir("lib"), "usr/lib", MB * 6 / 10,
                    64 << 10, 1), generate(images.newDir("app"), "opt/app", MB * 4 / 10, 8 << 20, 2));
            List<Layer> layers = new ArrayList<>();
            long compressed = 0;
            for (Path d : layerDirs) {
                Layer l = images.pack(d, TestImages.GZIP);
                layers.add(l);
                compressed += l.size();
            }
            Image base = publisher.images.assemble(TestImages.BUSYBOX_CONFIG, Platform.LINUX_AMD64, layers);
            String baseRef = publisher.images.publish(registry.ref("base:v1"), List.of(base)).toString();
            System.out.printf("base image %s: %d layers, ~%d MB uncompressed, %.1f MB compressed; %d runs, load %s%n",
                    baseRef, layers.size(), MB, compressed / 1e6, RUNS, load());

            Path merged = images.newDir("merged");
            for (Path d : layerDirs) {
                copyInto(d, merged);
            }

            SessionClient client = new SessionClient(session);
            String from = "{ container { from(address: " + SessionClient.lit(baseRef) + ") { ";
            check(client.post(from + "sync } } }"));

            List<Double> ours1 = new ArrayList<>();
            List<Double> ours2 = new ArrayList<>();
            List<Double> flat1 = new ArrayList<>();
            List<Double> flat2 = new ArrayList<>();
            for (int i = -1; i < RUNS; i++) {
                boolean warmup = i < 0;
                String change = "change " + i + " " + System.nanoTime();
                String q = from + "withNewFile(path: \"/opt/app/changed.txt\", contents: " + SessionClient.lit(change)
                        + ") { publish(address: " + SessionClient.lit(registry.host() + "/app" + (i + 1) + ":v1")
                        + ") } } } }";
                Files.writeString(merged.resolve("opt/app/changed.txt"), change);
                ImageRef flatTarget = registry.ref("flat" + (i + 1) + ":v1");
                for (int side = 0; side < 2; side++) {
                    boolean oursNow = (side == 0) == ((i & 1) == 0);
                    if (oursNow) {
                        double a = time(() -> check(client.post(q)));
                        double b = time(() -> check(client.post(q)));
                        if (!warmup) {
                            ours1.add(a);
                            ours2.add(b);
                        }
                    } else {
                        double a = time(() -> flatPublish(flat, merged, flatTarget));
                        double b = time(() -> flatPublish(flat, merged, flatTarget));
                        if (!warmup) {
                            flat1.add(a);
                            flat2.add(b);
                        }
                    }
                }
            }
            report("first publish (base + small change)", ours1, flat1);
            report("second publish (nothing changed)", ours2, flat2);
            System.out.printf("load after: %s%n", load());
        } finally {
            registry.stop();
            if (args.length == 0) {
                FileTrees.deleteWithinDevice(work);
            }
        }
    }

    /** The old way: the whole merged root filesystem as one gzip layer, pushed with our registry client. */
    private static void flatPublish(ImageStack stack, Path merged, ImageRef target) throws Exception {
        Layer one = new LayerPacker(stack.store).pack(merged, LayerPacker.Options.DEFAULT);
        Image image = stack.images.assemble(TestImages.BUSYBOX_CONFIG, Platform.LINUX_AMD64, List.of(one));
        stack.images.publish(target, List.of(image));
    }

    /**
     * About {@code mb} MB of files under {@code dir/sub}: files of {@code fileSize} bytes, half random
     * (incompressible, like binaries), half repetitive text (like sources and data).
     */
    private static Path generate(Path dir, String sub, int mb, int fileSize, long seed) throws IOException {
        Random r = new Random(seed);
        Path root = Files.createDirectories(dir.resolve(sub));
        long total = (long) mb << 20;
        byte[] buf = new byte[fileSize];
        byte[] text = ("line of text that compresses well, like source code and data files " + seed + "\n")
                .getBytes(StandardCharsets.UTF_8);
        for (int n = 0; (long) n * fileSize < total; n++) {
            if ((n & 1) == 0) {
                r.nextBytes(buf);
            } else {
                for (int k = 0; k < buf.length; k++) {
                    buf[k] = text[(k + n) % text.length];
                }
            }
            Path d = Files.createDirectories(root.resolve("d" + (n / 64)));
            try (OutputStream out = Files.newOutputStream(d.resolve("f" + n + ".bin"))) {
                out.write(buf);
            }
        }
        return dir;
    }

    private static void copyInto(Path src, Path dst) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cp", "-a", src + "/.", dst.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("cp -a " + src + " " + dst + " failed");
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void report(String name, List<Double> ours, List<Double> base) {
        System.out.printf("%-38s ours median %8.1f ms (runs %s) | one-layer baseline median %8.1f ms (runs %s) |"
                + " ratio ours/baseline %.3f (%.1fx faster)%n", name, median(ours), fmt(ours), median(base), fmt(base),
                median(ours) / median(base), median(base) / median(ours));
    }

    private static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    private static String fmt(List<Double> xs) {
        return xs.stream().map(x -> String.format("%.0f", x)).toList().toString();
    }
}
