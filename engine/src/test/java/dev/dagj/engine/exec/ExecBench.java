package dev.dagj.engine.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.fs.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark of the executors on a busybox root filesystem.
 * <ol>
 * <li>Start-up cost of {@code true}: our {@link RuncBackend} (overlay root, config written by Java, stdio captured,
 * cleanup) against a bare {@code runc run} of a prepared bundle on the plain busybox dir, and our
 * {@link BwrapBackend} against a bare {@code bwrap} with the same flags on the plain dir. Two more rows show what
 * the overlay costs apart from our Java side: a bare {@code runc run} whose {@code config.json} mounts the overlay
 * at {@code /} (what {@link RuncBackend} does), and the bare shell wrapper
 * {@code unshare ... sh -c 'mount overlay && exec bwrap'} (what {@link BwrapBackend} does when the compiled
 * {@code dagj-nsexec} is unavailable). Ours and bare
 * alternate run by run, so load from other processes hits both alike. Median and p90 over {@value #RUNS} runs after
 * {@value #WARMUP} warm-ups; target ours / bare &lt;= 1.5.</li>
 * <li>Throughput: {@value #PARALLEL} independent execs of a ~100 ms CPU-bound busybox loop, all started at once, on
 * this machine's cores: wall time against (sum of single-run times / cores); target &lt;= 1.3.</li>
 * </ol>
 * Argument: an optional scratch dir (default: a temp dir, removed afterwards).
 */
public final class ExecBench {
    private static final int WARMUP = 5;
    private static final int RUNS = 30;
    private static final int PARALLEL = 50;

    private ExecBench() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dagj-exec-bench");
        try {
            bench(scratch);
        } finally {
            if (args.length == 0) {
                FileTrees.deleteWithinDevice(scratch);
            }
        }
    }

    private static void bench(Path scratch) throws Exception {
        ExecConfig config = ExecConfig.defaults(scratch.resolve("state"), System.getenv());
        try {
            bench(scratch, config);
        } finally {
            new StaleStateCleaner(config).releaseRunsDir(); // its run-dir root in /dev/shm
        }
    }

    private static void bench(Path scratch, ExecConfig config) throws Exception {
        BusyboxRootFs busybox = BusyboxRootFs.create(scratch);
        HostTools tools = config.tools();
        RuncBackend runc = new RuncBackend(config);
        BwrapBackend bwrap = new BwrapBackend(config);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("exec bench: %d cores, runc %s, bwrap %s, %d runs after %d warm-ups%n", cores,
                tools.runc(), tools.bwrap(), RUNS, WARMUP);
        System.out.println("wrapper: " + config.helper().map(p -> "compiled " + p)
                .orElse("shell (" + NsExecHelper.forStateDir(config.stateDir()).problem() + ")"));

        Path bundle = Files.createDirectories(scratch.resolve("bare-bundle"));
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(),
                new OciRuntimeConfig(new ObjectMapper(), RuncBackend.hostNofileHardLimit())
                        .build("bare", ProcessSpec.of("true"), busybox.lower(), true, List.of()));
        Path bareRoot = Files.createDirectories(scratch.resolve("bare-runc-root"));
        List<String> bareRunc = List.of(tools.runc().toString(), "--root", bareRoot.toString(), "run", "--bundle",
                bundle.toString(), "bare-true");
        Path ovlBundle = Files.createDirectories(scratch.resolve("bare-ovl-bundle"));
        Files.createDirectories(ovlBundle.resolve("m"));
        List<String> bwrapArgs = new ArrayList<>(List.of(tools.bwrap().toString(), "--unshare-pid", "--unshare-net",
                "--unshare-ipc", "--unshare-uts", "--unshare-cgroup", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL"));
        for (String cap : DefaultCapabilities.NAMES) {
            bwrapArgs.addAll(List.of("--cap-add", cap));
        }
        bwrapArgs.addAll(List.of("--ro-bind", busybox.lower().toString(), "/", "--proc", "/proc", "--dev", "/dev",
                "--chdir", "/", "--hostname", "dagj", "--clearenv", "--setenv", "PATH", "/bin", "--", "true"));

        double[][] r = alternate(() -> ours(runc, busybox), () -> bare(bareRunc));
        report("runc", r[0], r[1]);
        double[][] o = alternate(() -> ours(runc, busybox), () -> bareOverlay(tools, busybox, ovlBundle, bareRoot));
        report("runc vs bare runc+overlay in config", o[0], o[1]);
        double[][] b = alternate(() -> ours(bwrap, busybox), () -> bare(bwrapArgs));
        report("bwrap", b[0], b[1]);
        double[][] bo = alternate(() -> ours(bwrap, busybox), () -> bareOverlayBwrap(tools, busybox, bwrapArgs,
                scratch.resolve("bare-bwrap-merged")));
        report("bwrap vs bare sh wrapper+ovl+bwrap", bo[0], bo[1]);
        if (config.forkServer()) {
            BwrapBackend spawned = new BwrapBackend(config.withForkServer(false));
            double[][] fs = alternate(() -> ours(bwrap, busybox), () -> ours(spawned, busybox));
            report("bwrap via fork server vs started from the JVM", fs[0], fs[1]);
            double[][] sb = alternate(() -> ours(spawned, busybox), () -> bare(bwrapArgs));
            report("bwrap started from the JVM (before) vs bare", sb[0], sb[1]);
        }
        if (System.getenv("EXEC_BENCH_STARTUP_ONLY") != null) {
            return;
        }

        throughput("bwrap", bwrap, busybox, cores);
        throughput("runc", runc, busybox, cores);
        System.out.printf("RESULT runc_ratio=%.2f bwrap_ratio=%.2f%n", median(r[0]) / median(r[1]),
                median(b[0]) / median(b[1]));
    }

    interface Timed {
        double run() throws Exception;
    }

    private static double[][] alternate(Timed a, Timed b) throws Exception {
        return alternate(a, b, WARMUP, RUNS);
    }

    /** Runs each of {@code timed} in turn, {@code warmup} rounds untimed, then {@code runs} rounds: ms per run each. */
    static List<double[]> alternate(List<Timed> timed, int warmup, int runs) throws Exception {
        for (int i = 0; i < warmup; i++) {
            for (Timed t : timed) {
                t.run();
            }
        }
        List<double[]> out = new ArrayList<>();
        for (int j = 0; j < timed.size(); j++) {
            out.add(new double[runs]);
        }
        for (int i = 0; i < runs; i++) {
            for (int j = 0; j < timed.size(); j++) {
                out.get(j)[i] = timed.get(j).run();
            }
        }
        return out;
    }

    /** Runs a and b alternately, {@code warmup} times untimed, then {@code runs} times each: {a ms, b ms}. */
    static double[][] alternate(Timed a, Timed b, int warmup, int runs) throws Exception {
        for (int i = 0; i < warmup; i++) {
            a.run();
            b.run();
        }
        double[] ta = new double[runs];
        double[] tb = new double[runs];
        for (int i = 0; i < runs; i++) {
            ta[i] = a.run();
            tb[i] = b.run();
        }
        return new double[][] {ta, tb};
    }

    private static double ours(ContainerExecutor executor, BusyboxRootFs busybox) throws Exception {
        ExecRequest req = new ExecRequest(ProcessSpec.of("true"), busybox.overlay());
        long t0 = System.nanoTime();
        // as the engine runs an exec: the sandbox's clean-up may end after the result
        ExecResult res = executor.runDeferringCleanup(req, Cancellation.none());
        double ms = (System.nanoTime() - t0) / 1e6;
        res.release().await();
        if (!res.succeeded()) {
            throw new IllegalStateException("true failed: " + res + " " + res.stderr().text());
        }
        return ms;
    }

    private static double bare(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectInput(HostCommand.DEV_NULL).inheritIO().start();
        int rc = p.waitFor();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (rc != 0) {
            throw new IllegalStateException(command.get(0) + " exited " + rc);
        }
        return ms;
    }

    /** A bare {@code runc run} of a config whose first mount is the overlay at {@code /} (written untimed). */
    private static double bareOverlay(HostTools tools, BusyboxRootFs busybox, Path bundle, Path runcRoot)
            throws Exception {
        RootFs.Overlay o = busybox.overlay();
        String options = "userxattr,volatile,lowerdir=" + busybox.lower() + ",upperdir=" + o.upper() + ",workdir="
                + o.work();
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(),
                new OciRuntimeConfig(new ObjectMapper(), RuncBackend.hostNofileHardLimit())
                        .build("bare", ProcessSpec.of("true"), bundle.resolve("m"), false,
                                List.of(new ResolvedMount.Overlay("/", options))));
        return bare(List.of(tools.runc().toString(), "--root", runcRoot.toString(), "run", "--bundle",
                bundle.toString(), "bare-ovl"));
    }

    private static double bareOverlayBwrap(HostTools tools, BusyboxRootFs busybox, List<String> bwrapArgs,
            Path merged) throws Exception {
        Files.createDirectories(merged);
        RootFs.Overlay o = busybox.overlay();
        List<String> args = new ArrayList<>(bwrapArgs);
        int root = args.indexOf("--ro-bind");
        args.set(root, "--bind");
        args.set(root + 1, merged.toString());
        String script = String.join(" ", tools.mount()) + " -n -t overlay overlay -o userxattr,volatile,lowerdir="
                + busybox.lower() + ",upperdir=" + o.upper() + ",workdir=" + o.work() + " " + merged + " && exec "
                + WrapperScript.words(args);
        List<String> command = new ArrayList<>(tools.unshare());
        command.addAll(List.of("-m", "--propagation", "private"));
        command.addAll(tools.sh());
        command.addAll(List.of("-c", script));
        return bare(command);
    }

    private static void throughput(String name, ContainerExecutor executor, BusyboxRootFs busybox, int cores)
            throws Exception {
        int loops = calibrate(executor, busybox);
        ProcessSpec spec = ProcessSpec.of("sh", "-c", "i=0; while [ $i -lt " + loops + " ]; do i=$((i+1)); done");
        // Single runs before and after the batch, so a change in background load skews both sides alike.
        double[] single = new double[20];
        for (int i = 0; i < 10; i++) {
            single[i] = timeRun(executor, spec, busybox);
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Double>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < PARALLEL; i++) {
                fs.add(pool.submit(() -> timeRun(executor, spec, busybox)));
            }
            for (Future<Double> f : fs) {
                f.get();
            }
            double wall = (System.nanoTime() - t0) / 1e6;
            for (int i = 10; i < 20; i++) {
                single[i] = timeRun(executor, spec, busybox);
            }
            double sum = median(single) * PARALLEL;
            double ideal = sum / cores;
            System.out.printf("%-5s %d x CPU loop (single run median %.1f ms): wall %.0f ms, sum/%d cores %.0f ms"
                    + " -> ratio %.2f (target <= 1.3)%n", name, PARALLEL, median(single), wall, cores, ideal,
                    wall / ideal);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A loop count that takes about 100 ms of CPU in busybox sh, measured through the executor. */
    private static int calibrate(ContainerExecutor executor, BusyboxRootFs busybox) throws Exception {
        int loops = 20_000;
        double base = timeRun(executor, ProcessSpec.of("true"), busybox);
        for (int i = 0; i < 3; i++) {
            double ms = timeRun(executor, ProcessSpec.of("sh", "-c",
                    "i=0; while [ $i -lt " + loops + " ]; do i=$((i+1)); done"), busybox) - base;
            loops = (int) Math.max(1000, loops * 100.0 / Math.max(ms, 1));
        }
        return loops;
    }

    private static double timeRun(ContainerExecutor executor, ProcessSpec spec, BusyboxRootFs busybox)
            throws Exception {
        ExecRequest req = new ExecRequest(spec, busybox.overlay());
        long t0 = System.nanoTime();
        ExecResult r = executor.run(req);
        if (!r.succeeded()) {
            throw new IllegalStateException(spec.args() + " failed: " + r.stderr().text());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void report(String name, double[] ours, double[] bare) {
        System.out.printf("%-34s ours median %6.1f ms p90 %6.1f | bare median %6.1f ms p90 %6.1f | ratio median %.2f"
                + " p90 %.2f (target <= 1.5)%n", name, median(ours), p90(ours), median(bare), p90(bare),
                median(ours) / median(bare), p90(ours) / p90(bare));
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double p90(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[(int) Math.ceil(0.9 * s.length) - 1];
    }
}
