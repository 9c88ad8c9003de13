package dev.dagj.engine.exec;

import static dev.dagj.engine.BenchTiming.check;
import static dev.dagj.engine.BenchTiming.time;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.image.RegistryFixture;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Container API overhead, per backend, on a busybox image pulled from a loopback registry:
 * <ol>
 * <li>uncached {@code withExec(["true"])} through GraphQL over HTTP (each request changes an env var so the exec
 * runs) against a bare {@code runc run} / bare {@code bwrap} of the same image snapshot directory, alternating run by
 * run; target ours / bare &lt;= 1.5. The requests go through {@link PlainHttpClient} (one blocking keep-alive
 * connection, as an SDK's client); the same request through {@code java.net.http} is timed beside them;</li>
 * <li>an already-cached {@code withExec(["echo","c"]).stdout} against a trivial {@code { version }} query; target
 * &lt;= 3.</li>
 * </ol>
 * A second engine whose sandboxes are started from the JVM instead of forked by the {@code dagj-nsexec}
 * server ({@link ForkServer}) runs the same uncached requests, interleaved, so the server's gain is measured in the
 * same run (skipped with {@code DAGJ_FORKSERVER=0}).
 *
 * With {@code -Ddist=cli/target/dist} (as {@code bench/container.sh} runs it) the same rows are measured first on
 * {@code bin/dagger session} of that distribution, before any engine runs in the bench's JVM: the engine as an SDK
 * gets it, in a JVM with the launcher's flags and start-up archive, the bench's JVM being only its client. Those rows
 * are the ones the targets are for; the in-JVM rows break the path down ({@code -DdistOnly=true} skips them).
 *
 * <p>With only {@value #WARMUP_DEFAULT} warm-ups (system property {@code warmup}) most of the engine's Java path is
 * still interpreted code; the "steady state" row measures the same uncached request again after
 * {@code steadyWarmup} (default {@value #STEADY_WARMUP_DEFAULT}, 0 skips it) more of them, as a long-lived engine
 * serving an SDK runs it.
 * Argument: an optional scratch dir (default: a temp dir, removed afterwards).
 */
public final class ContainerApiBench {
    private static final int WARMUP_DEFAULT = 5;
    private static final int STEADY_WARMUP_DEFAULT = 300;
    private static final int WARMUP = Integer.getInteger("warmup", WARMUP_DEFAULT);
    private static final int STEADY_WARMUP = Integer.getInteger("steadyWarmup", STEADY_WARMUP_DEFAULT);
    private static final int RUNS = Integer.getInteger("runs", 30);
    /** Requests that warm the bench's own client code before the distribution's rows ({@link #warmClient}). */
    private static final int CLIENT_WARMUP = 3000;

    private ContainerApiBench() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dagj-ctr-bench");
        String dist = System.getProperty("dist", "");
        try (RegistryFixture registry = RegistryFixture.start(scratch.resolve("registry"))) {
            registry.pushBusybox("busybox:v1");
            String image = registry.host() + "/busybox:v1";
            System.out.printf("container API bench: %d runs after %d warm-ups, image %s%n", RUNS, WARMUP, image);
            if (!dist.isEmpty()) {
                // First, with no engine in this JVM: its JIT and clean-ups compete for the two cores otherwise.
                warmClient();
                for (BackendPreference backend : backends()) {
                    distRows(Path.of(dist), backend, image, scratch.resolve("state-" + backend + "-dist"));
                }
            }
            if (!Boolean.getBoolean("distOnly")) {
                for (BackendPreference backend : backends()) {
                    bench(backend, image, scratch.resolve("state-" + backend));
                }
            }
        } finally {
            if (args.length == 0) {
                FileTrees.deleteWithinDevice(scratch);
            }
        }
    }

    /**
     * Runs the bench's own client code (the HTTP request, the JSON both ways, the check) a few thousand times against
     * a stub HTTP server in this JVM, so that the distribution's rows do not count this JVM's interpreter: the
     * in-JVM rows, which run later, would otherwise find it warm and the session's rows cold.
     */
    private static void warmClient() throws Exception {
        com.sun.net.httpserver.HttpServer stub = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = "{\"data\":{\"container\":{\"from\":{\"withExec\":{\"exitCode\":0}}}}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        stub.createContext("/query", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, body.length);
            try (var out = x.getResponseBody()) {
                out.write(body);
            }
        });
        stub.start();
        try (PlainHttpClient client = new PlainHttpClient(stub.getAddress().getPort(), "stub")) {
            Requests r = new Requests("stub.invalid/image:tag");
            for (int i = 0; i < CLIENT_WARMUP; i++) {
                time(() -> check(client.post(r.uncached())));
            }
        } finally {
            stub.stop(0);
        }
    }

    /** The engine as an SDK gets it: {@code bin/dagger session} of the distribution {@code dist}. */
    private static void distRows(Path dist, BackendPreference backend, String image, Path state) throws Exception {
        Requests r = new Requests(image);
        try (DistSession session = DistSession.start(dist, state, backend);
                PlainHttpClient client = new PlainHttpClient(session.port, session.token)) {
            check(client.post(r.first));
            ExecBench.Timed ours = () -> time(() -> check(client.post(r.uncached())));
            uncachedRows(backend + " uncached withExec(true), dagger session,", ours, bare(backend, state));
            cachedRow(backend + " dagger session", client, r);
        }
    }

    /** The queries: a first exec (pulls and unpacks the image), then uncached ones (a new env value each time). */
    private static final class Requests {
        final String from;
        final String first;
        private int n;

        Requests(String image) {
            from = "{ container { from(address: " + SessionClient.lit(image) + ") { ";
            first = from + "withExec(args: [\"true\"]) { exitCode } } } }";
        }

        String uncached() {
            return from + "withEnvVariable(name: \"N\", value: \"" + n++ + "\") { withExec(args: [\"true\"]) {"
                    + " exitCode } } } } }";
        }
    }

    /** The breakdown, with engines inside this JVM. */
    private static void bench(BackendPreference backend, String image, Path state) throws Exception {
        ExecConfig exec = ExecConfig.defaults(state, System.getenv()).withPreference(backend);
        boolean ab = exec.forkServer();
        Path spawnedState = state.resolveSibling(state.getFileName() + "-jvm-started");
        Requests r = new Requests(image);
        try (Engine engine = Engine.open(new EngineConfig(state, Progress.NONE).withBackend(backend));
                Session session = engine.openSession(state);
                Engine spawned = Engine.open(new EngineConfig(spawnedState, Progress.NONE).withBackend(backend),
                        real -> new ExecutorSelection(ExecConfig.defaults(spawnedState, System.getenv())
                                .withPreference(backend).withForkServer(false)));
                Session spawnedSession = spawned.openSession(spawnedState)) {
            SessionClient jdkClient = new SessionClient(session);
            PlainHttpClient client = new PlainHttpClient(session);
            PlainHttpClient spawnedClient = new PlainHttpClient(spawnedSession);
            check(client.post(r.first));
            check(spawnedClient.post(r.first));
            List<String> bare = bare(backend, state);
            ExecBench.Timed ours = () -> time(() -> check(client.post(r.uncached())));
            ExecBench.Timed viaJdkClient = () -> time(() -> check(jdkClient.post(r.uncached())));
            ExecBench.Timed jvmStarted = () -> time(() -> check(spawnedClient.post(r.uncached())));
            List<double[]> u = ExecBench.alternate(ab ? List.of(ours, () -> bare(bare), viaJdkClient, jvmStarted)
                    : List.of(ours, () -> bare(bare), viaJdkClient), WARMUP, RUNS);
            report(backend + " uncached withExec(true), in-JVM engine, vs bare", u.get(0), u.get(1), 1.5);
            report(backend + " same via java.net.http vs bare", u.get(2), u.get(1), 1.5);
            if (ab) {
                report(backend + " same, JVM-started sandboxes, vs bare", u.get(3), u.get(1), 1.5);
                report(backend + " fork server vs JVM-started", u.get(0), u.get(3), 1.0);
            }
            steadyRow(backend + " in-JVM engine", ours, bare);
            cachedRow(backend + " in-JVM engine", client, r);
        }
    }

    /** An already-cached {@code withExec(["echo","c"]).stdout} against {@code { version }}. */
    private static void cachedRow(String name, PlainHttpClient client, Requests r) throws Exception {
        String cached = r.from + "withExec(args: [\"echo\", \"c\"]) { stdout } } } }";
        check(client.post(cached));
        double[][] c = alternate(() -> time(() -> check(client.post(cached))),
                () -> time(() -> check(client.post("{ version }"))));
        report(name + " cached withExec.stdout vs {version}", c[0], c[1], 3.0);
    }

    /** {@code ours} against the bare runtime after {@link #WARMUP} warm-ups, then in steady state. */
    private static void uncachedRows(String name, ExecBench.Timed ours, List<String> bare) throws Exception {
        double[][] u = alternate(ours, () -> bare(bare));
        report(name + " vs bare", u[0], u[1], 1.5);
        steadyRow(name, ours, bare);
    }

    private static void steadyRow(String name, ExecBench.Timed ours, List<String> bare) throws Exception {
        if (STEADY_WARMUP > 0) {
            for (int i = 0; i < STEADY_WARMUP; i++) {
                ours.run();
            }
            double[][] w = ExecBench.alternate(ours, () -> bare(bare), 0, RUNS);
            report(name + " steady state (+" + STEADY_WARMUP + " warm-ups) vs bare", w[0], w[1], 1.5);
        }
    }

    /** The bare runtime's command over the image snapshot that an engine with state dir {@code state} unpacked. */
    private static List<String> bare(BackendPreference backend, Path state) throws Exception {
        Path snapshot;
        try (Stream<Path> s = Files.list(state.resolve("snapshots"))) {
            snapshot = s.findFirst().orElseThrow();
        }
        return backend == BackendPreference.RUNC ? bareRunc(state, snapshot) : bareBwrap(snapshot);
    }

    /** {@code -Dbackends=bwrap} (or {@code runc}) runs one backend only; both by default. */
    private static List<BackendPreference> backends() {
        String only = System.getProperty("backends", "");
        return only.isEmpty() ? List.of(BackendPreference.BWRAP, BackendPreference.RUNC)
                : Arrays.stream(only.split(",")).map(b -> BackendPreference.valueOf(b.trim().toUpperCase())).toList();
    }

    private static List<String> bareBwrap(Path root) {
        HostTools tools = HostTools.locate(System.getenv());
        List<String> a = new ArrayList<>(List.of(tools.bwrap().toString(), "--unshare-pid", "--unshare-net",
                "--unshare-ipc", "--unshare-uts", "--unshare-cgroup", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL"));
        for (String cap : DefaultCapabilities.NAMES) {
            a.addAll(List.of("--cap-add", cap));
        }
        a.addAll(List.of("--ro-bind", root.toString(), "/", "--proc", "/proc", "--dev", "/dev", "--chdir", "/",
                "--hostname", "dagj", "--clearenv", "--setenv", "PATH", "/bin", "--", "true"));
        return a;
    }

    private static List<String> bareRunc(Path state, Path root) throws Exception {
        HostTools tools = HostTools.locate(System.getenv());
        Path bundle = Files.createDirectories(state.resolve("bench-bundle"));
        new ObjectMapper().writeValue(bundle.resolve("config.json").toFile(),
                new OciRuntimeConfig(new ObjectMapper(), RuncBackend.hostNofileHardLimit())
                        .build("bare", ProcessSpec.of("true"), root, true, List.of()));
        Path runcRoot = Files.createDirectories(state.resolve("bench-runc-root"));
        return List.of(tools.runc().toString(), "--root", runcRoot.toString(), "run", "--bundle", bundle.toString(),
                "bench-bare");
    }

    private static double bare(List<String> command) throws Exception {
        return time(() -> {
            Process p = new ProcessBuilder(command).redirectInput(HostCommand.DEV_NULL).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command.get(0) + " failed");
            }
        });
    }

    private static double[][] alternate(ExecBench.Timed a, ExecBench.Timed b) throws Exception {
        return ExecBench.alternate(a, b, WARMUP, RUNS);
    }

    private static void report(String name, double[] ours, double[] base, double target) {
        System.out.printf("%-62s ours median %6.2f ms p90 %6.2f | base median %6.2f ms p90 %6.2f | ratio %.2f"
                + " (target <= %.1f)%n", name, pct(ours, 50), pct(ours, 90), pct(base, 50), pct(base, 90),
                pct(ours, 50) / pct(base, 50), target);
    }

    private static double pct(double[] xs, int p) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)];
    }
}
