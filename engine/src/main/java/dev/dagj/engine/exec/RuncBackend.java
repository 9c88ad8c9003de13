package dev.dagj.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs containers with runc: writes an OCI {@code config.json} into the run dir and starts
 * {@code runc --root <state>/runc run ...} directly. runc mounts the overlays itself (the root one at {@code /}, as
 * the first entry of {@code mounts}), inside the container's mount namespace, so they vanish with it; only when that
 * is not possible (a directory root with copy-on-write mounts, or an overlay option string over a page) does a
 * wrapper ({@link SandboxLayout#command}) mount them first.
 * Honours uid, gid, additional gids and limits. A timeout or cancel runs {@code runc kill <id> KILL} (a signal to
 * {@code runc run} itself would orphan the container); afterwards {@code runc delete -f} runs if runc left state.
 * {@code runc run} is forked by the {@code dagj-nsexec} server ({@link ForkServer}) when it runs, else started from
 * the JVM.
 */
public final class RuncBackend implements ContainerExecutor {
    private static final String START_FAILED = "runc run failed: unable to start container process: ";
    private static final Duration KILL_RETRY = Duration.ofMillis(10);
    private static final Duration KILL_LIMIT = Duration.ofSeconds(20);

    private final ExecConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final OciRuntimeConfig oci;
    private final ContainerIds ids = new ContainerIds();

    public RuncBackend(ExecConfig config) {
        this.config = config;
        this.oci = new OciRuntimeConfig(json, hostNofileHardLimit());
    }

    @Override
    public ExecResult run(ExecRequest request, Cancellation cancellation) throws ExecException, InterruptedException {
        Path runc = HostTools.require(config.tools().runc());
        String id = ids.next();
        RunDir dir = RunDir.create(config.runsDir(), id);
        ExecException failure = null;
        try {
            return runIn(dir, id, runc, request, cancellation);
        } catch (ExecException e) {
            failure = e;
            throw e;
        } finally {
            cleanUp(runc, id, dir, failure);
        }
    }

    private ExecResult runIn(RunDir dir, String id, Path runc, ExecRequest request, Cancellation cancellation)
            throws ExecException, InterruptedException {
        ProcessSpec spec = request.process();
        SandboxLayout layout = SandboxLayout.prepare(dir, request, config.durableOverlays(), true);
        writeConfig(dir, id, spec, layout, request.network());
        List<String> runtime = List.of(runc.toString(), "--root", config.runcRoot().toString(), "--log",
                dir.file("runc.log").toString(), "--log-format", "json", "run", "--bundle", dir.path().toString(), id);
        Optional<Path> helper = config.helper();
        List<String> command = layout.command(dir, config.tools(), helper, runtime, SandboxLayout.Extras.NONE);
        SupervisedRun.Outcome o = null;
        boolean viaHelper = helper.isPresent() && command.get(0).equals(helper.get().toString());
        if (helper.isPresent() && config.forkServer() && (viaHelper || command.get(0).equals(runc.toString()))) {
            Optional<ForkServer> server = ForkServer.forRunsDir(config.serversDir(), helper.get(), ids.next());
            if (server.isPresent()) {
                List<String> argv = new ArrayList<>();
                if (viaHelper) {
                    argv.addAll(command.subList(1, command.size()));
                } else {
                    argv.add("--"); // the wrapper with no steps just execs runc
                    argv.addAll(command);
                }
                ForkServer.Served served = server.get().run(argv, spec.stdinUnsafe(), config.outputCapBytes(),
                        spec.timeout(), cancellation, () -> tryKill(runc, id), KILL_RETRY, KILL_LIMIT);
                if (served != null) {
                    o = served.outcome();
                    // The handler mounts nothing for runc: it runs the wrapper in the host's namespace, and the
                    // wrapper's overlays (and runc's own mounts) live in namespaces that ended with the run.
                    served.ending().close();
                }
            }
        }
        if (o == null) {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            SupervisedRun run = SupervisedRun.start(pb, spec.stdinUnsafe(), config.outputCapBytes(), id);
            o = run.await(spec.timeout(), cancellation, p -> kill(runc, id, p));
        }
        if (o.interrupted()) {
            throw new InterruptedException("interrupted while running " + spec.args().get(0) + " in " + id);
        }
        if (o.termination() == Termination.EXITED) {
            if (layout.wrapped(SandboxLayout.Extras.NONE) && !dir.started()) {
                throw new ExecException("setting up the container's filesystem failed: " + o.stderr().text().strip());
            }
            checkRuncLog(dir, spec);
        }
        return new ExecResult(o.exitCode(), o.stdout(), o.stderr(), o.duration(), o.termination(), BackendKind.RUNC);
    }

    private void writeConfig(RunDir dir, String id, ProcessSpec spec, SandboxLayout layout, ExecRequest.Network network)
            throws ExecException {
        try {
            json.writeValue(dir.file("config.json").toFile(),
                    oci.build(id, spec, layout.rootPath(), layout.readOnlyRoot(), layout.mounts(), network));
        } catch (IOException e) {
            throw new ExecException("cannot write the OCI config in " + dir.path() + ": " + e.getMessage(), e);
        }
    }

    /** runc reports its own failures (as opposed to the container's exit) at level "error" in its log. */
    private void checkRuncLog(RunDir dir, ProcessSpec spec) throws ExecException {
        Path log = dir.file("runc.log");
        if (!Files.exists(log)) {
            return;
        }
        List<String> errors = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                JsonNode n = parse(line);
                if (n != null && "error".equals(n.path("level").asText())) {
                    errors.add(n.path("msg").asText());
                }
            }
        } catch (IOException e) {
            throw new ExecException("cannot read runc's log " + log + ": " + e.getMessage(), e);
        }
        if (errors.isEmpty()) {
            return;
        }
        String msg = errors.get(errors.size() - 1);
        if (msg.startsWith(START_FAILED)) {
            String reason = msg.substring(START_FAILED.length());
            if (reason.startsWith("exec: ")) {
                reason = "exec " + reason.substring("exec: ".length());
            }
            throw new ProcessStartException(spec.args().get(0), reason);
        }
        throw new ExecException("runc failed: " + msg);
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@code runc kill <id> KILL} until it takes: right after start the container may not exist yet. Killing the
     * container's init kills its whole PID namespace; {@code runc run} then exits 137.
     */
    private void kill(Path runc, String id, Process p) throws ExecException {
        long deadline = System.nanoTime() + KILL_LIMIT.toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            HostCommand r = HostCommand.run(List.of(runc.toString(), "--root", config.runcRoot().toString(), "kill",
                    id, "KILL"));
            if (r.ok()) {
                return;
            }
            HostCommand.waitUninterruptibly(p, KILL_RETRY);
        }
        if (p.isAlive()) {
            p.destroyForcibly();
        }
    }

    /** One {@code runc kill <id> KILL}: whether it took (right after start the container may not exist yet). */
    private boolean tryKill(Path runc, String id) throws ExecException {
        return HostCommand.run(List.of(runc.toString(), "--root", config.runcRoot().toString(), "kill", id, "KILL"))
                .ok();
    }

    private void cleanUp(Path runc, String id, RunDir dir, ExecException failure)
            throws ExecException {
        try {
            if (Files.exists(config.runcRoot().resolve(id))) {
                HostCommand r = HostCommand.run(List.of(runc.toString(), "--root", config.runcRoot().toString(),
                        "delete", "-f", id));
                if (!r.ok() && Files.exists(config.runcRoot().resolve(id))) {
                    throw new ExecException("runc delete -f " + id + " failed: " + r.output());
                }
            }
            dir.delete();
        } catch (ExecException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** The host's hard {@code RLIMIT_NOFILE} from {@code /proc/self/limits}; 1024 if unreadable. */
    static long hostNofileHardLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[1].equals("unlimited") ? 1 << 20 : Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 1024;
        }
        return 1024;
    }
}
