package dev.dagj.engine.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The fast path: runs containers with bubblewrap (no state dir, about 5 ms) for requests that need neither a uid
 * switch nor limits. bwrap 0.8 has no {@code --overlay}, so it runs behind the wrapper of {@link SandboxLayout}
 * ({@code dagj-nsexec [-m overlay]... -- bwrap ...}, or {@code [unshare -m ...] sh -c '[mount overlays &&] exec bwrap ...'})
 * with new pid, net (loopback only, unless the request asks for the host's network), ipc, uts and cgroup namespaces, no user namespace, Docker's default
 * capabilities as root (and the engine's supplementary groups, so it refuses to run when the engine has any),
 * {@code --die-with-parent}, {@code RLIMIT_NOFILE} soft 1024. Unlike runc it mounts no
 * {@code /sys}. bwrap resolves mount targets with the host's root still visible, so requests whose mount targets or
 * cwd pass through a symlink in the root filesystem are refused ({@link #unsupportedReason}) rather than risk writing
 * outside the sandbox. A timeout or cancel sends SIGKILL to bwrap; {@code --die-with-parent} takes the sandbox's PID
 * namespace down with it.
 */
public final class BwrapBackend implements ContainerExecutor {
    /** {@link #lowerSymlink}'s answers, by layer and container path. */
    private static final dev.dagj.engine.BoundedMemo<String, Optional<String>> LOWER_SYMLINKS =
            new dev.dagj.engine.BoundedMemo<>(4096);
    private final ExecConfig config;
    private final ContainerIds ids = new ContainerIds();
    private final String engineGroups;

    public BwrapBackend(ExecConfig config) {
        this.config = config;
        this.engineGroups = supplementaryGroups();
    }

    /** Why this backend cannot honour {@code request} as asked, or empty if it can. */
    public Optional<String> unsupportedReason(ExecRequest request) {
        ProcessSpec p = request.process();
        if (p.needsIdentitySwitch()) {
            return Optional.of("bwrap cannot run a process as " + p.uid() + ":" + p.gid() + " " + p.additionalGids()
                    + " (no user switch without a user namespace); use runc");
        }
        if (!engineGroups.isEmpty() && !engineGroups.equals("0")) {
            return Optional.of("bwrap would pass on the engine's supplementary groups (" + engineGroups
                    + "); use runc");
        }
        if (p.needsLimits()) {
            return Optional.of("bwrap cannot apply cgroup limits " + p.limits() + "; use runc");
        }
        List<String> targets = new ArrayList<>(List.of("/proc", "/dev", p.cwd()));
        request.mounts().forEach(m -> targets.add(m.target()));
        if (request.rootFs() instanceof RootFs.Directory d && d.readOnly()) {
            for (String t : targets) {
                if (!Files.exists(d.dir().resolve(t.substring(1)))) {
                    return Optional.of("bwrap cannot create " + t + " in the read-only root " + d.dir() + "; use runc");
                }
            }
        }
        for (Path layer : layers(request.rootFs())) {
            boolean lower = request.rootFs() instanceof RootFs.Overlay o && !layer.equals(o.upper());
            if (!lower && isEmptyDir(layer)) {
                continue; // an exec's fresh upper dir: nothing in it can be a symlink
            }
            for (String t : targets) {
                Optional<String> link = lower ? lowerSymlink(layer, t) : firstSymlink(layer, t);
                if (link.isPresent()) {
                    return Optional.of("bwrap cannot safely mount or chdir at " + t + ": " + link.get()
                            + " is a symlink in the root filesystem; use runc");
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public ExecResult run(ExecRequest request, Cancellation cancellation) throws ExecException, InterruptedException {
        return runChecked(request, cancellation, false);
    }

    /**
     * {@link #run}; a run forked by the {@link ForkServer} returns as soon as it exited, and its overlays are
     * unmounted and its run dir removed on a virtual thread afterwards ({@link ExecResult#release}).
     */
    @Override
    public ExecResult runDeferringCleanup(ExecRequest request, Cancellation cancellation) throws ExecException,
            InterruptedException {
        return runChecked(request, cancellation, true);
    }

    /** {@link #runSupported} once {@link #unsupportedReason} found nothing, else UnsupportedRequestException. */
    ExecResult runChecked(ExecRequest request, Cancellation cancellation, boolean defer) throws ExecException,
            InterruptedException {
        Optional<String> unsupported = unsupportedReason(request);
        if (unsupported.isPresent()) {
            throw new UnsupportedRequestException(unsupported.get());
        }
        return runSupported(request, cancellation, defer);
    }

    /**
     * {@link #run} (or with {@code defer}, {@link #runDeferringCleanup}) for a request whose
     * {@link #unsupportedReason} the caller found empty.
     */
    ExecResult runSupported(ExecRequest request, Cancellation cancellation, boolean defer) throws ExecException,
            InterruptedException {
        Path bwrap = HostTools.require(config.tools().bwrap());
        RunDir dir = RunDir.create(config.runsDir(), ids.next());
        ForkServer.Ending[] ending = {null};
        boolean handedOver = false;
        ExecException failure = null;
        try {
            ExecResult r = runIn(dir, bwrap, request, cancellation, ending);
            if (defer && ending[0] != null) {
                CompletableFuture<Void> done = ending[0].then(() -> deleteQuietly(dir));
                handedOver = true;
                return r.withRelease(new Release(done));
            }
            return r;
        } catch (ExecException e) {
            failure = e;
            throw e;
        } finally {
            if (!handedOver) {
                if (ending[0] != null) {
                    ending[0].await(); // then the handler has unmounted the overlays in its namespace
                }
                deleteRunDir(dir, failure);
            }
        }
    }

    private static void deleteRunDir(RunDir dir, ExecException failure) throws ExecException {
        try {
            dir.delete();
        } catch (ExecException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** For a clean-up off the caller's path: what it cannot remove, the next engine's StaleStateCleaner does. */
    private static void deleteQuietly(RunDir dir) {
        try {
            dir.delete();
        } catch (ExecException e) {
            // left to the StaleStateCleaner
        }
    }

    private ExecResult runIn(RunDir dir, Path bwrap, ExecRequest request, Cancellation cancellation,
            ForkServer.Ending[] ending) throws ExecException, InterruptedException {
        ProcessSpec spec = request.process();
        SandboxLayout layout = SandboxLayout.prepare(dir, request, config.durableOverlays(), false);
        Path status = dir.file("status.json");
        // RLIMIT_NOFILE soft 1024 as in the runc config; bwrap's exit status goes to fd 3. The compiled wrapper makes
        // an isolated run's network, IPC, UTS and cgroup namespaces (-N) and its /dev (-D; a sandbox server handler
        // has both ready), so bwrap makes only the pid and mount namespaces and binds that /dev; the shell wrapper
        // leaves them all to bwrap.
        Optional<Path> helper = config.helper();
        boolean wrapperNamespaces = helper.isPresent() && request.network() == ExecRequest.Network.ISOLATED;
        Path dev = helper.isPresent() ? dir.file("dev") : null;
        List<String> command = layout.command(dir, config.tools(), helper,
                arguments(bwrap, spec, layout, request.network(), wrapperNamespaces, dev),
                new SandboxLayout.Extras(1024, status, wrapperNamespaces ? spec.hostname() : null, dev));
        String name = dir.path().getFileName().toString();
        SupervisedRun.Outcome o = null;
        if (helper.isPresent() && config.forkServer() && command.get(0).equals(helper.get().toString())) {
            Optional<ForkServer> server = ForkServer.forRunsDir(config.serversDir(), helper.get(), ids.next());
            if (server.isPresent()) {
                // SIGKILL of bwrap (what the server does on a kill) takes the sandbox down: --die-with-parent.
                ForkServer.Served served = server.get().run(command.subList(1, command.size()), spec.stdinUnsafe(),
                        config.outputCapBytes(), spec.timeout(), cancellation, null, Duration.ZERO, Duration.ZERO);
                if (served != null) {
                    o = served.outcome();
                    ending[0] = served.ending();
                }
            }
        }
        if (o == null) {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            SupervisedRun run = SupervisedRun.start(pb, spec.stdinUnsafe(), config.outputCapBytes(), name);
            o = run.await(spec.timeout(), cancellation, Process::destroyForcibly);
        }
        if (o.interrupted()) {
            throw new InterruptedException("interrupted while running " + spec.args().get(0) + " in " + name);
        }
        if (o.termination() == Termination.EXITED) {
            if (!dir.started()) {
                throw new ExecException("setting up the container (its filesystem, namespaces or /dev) failed: "
                        + o.stderr().text().strip());
            }
            if (!exitReported(status)) {
                throw bwrapFailure(spec, o.stderr());
            }
        }
        return new ExecResult(o.exitCode(), o.stdout(), o.stderr(), o.duration(), o.termination(), BackendKind.BWRAP);
    }

    /**
     * bwrap's argv. With {@code wrapperNamespaces} the wrapper has made the net, IPC, UTS (hostname) and cgroup
     * namespaces, and bwrap only the pid and mount ones. (The pid namespace stays bwrap's: without
     * {@code --unshare-pid} it binds the host's {@code /proc} into the sandbox.) With a {@code dev} dir, the wrapper
     * has made the sandbox's {@code /dev} there and bwrap binds it ({@code --dev-bind}) instead of making it
     * ({@code --dev}).
     */
    private static List<String> arguments(Path bwrap, ProcessSpec spec, SandboxLayout layout,
            ExecRequest.Network network, boolean wrapperNamespaces, Path dev) {
        List<String> a = new ArrayList<>(List.of(bwrap.toString(), "--unshare-pid"));
        if (!wrapperNamespaces) {
            if (network == ExecRequest.Network.ISOLATED) {
                a.add("--unshare-net");
            }
            a.addAll(List.of("--unshare-ipc", "--unshare-uts", "--unshare-cgroup"));
        }
        a.addAll(List.of("--die-with-parent", "--new-session", "--cap-drop", "ALL"));
        for (String cap : DefaultCapabilities.NAMES) {
            a.add("--cap-add");
            a.add(cap);
        }
        a.addAll(List.of(layout.readOnlyRoot() ? "--ro-bind" : "--bind", layout.rootPath().toString(), "/"));
        a.addAll(List.of("--proc", "/proc"));
        a.addAll(dev == null ? List.of("--dev", "/dev") : List.of("--dev-bind", dev.toString(), "/dev"));
        for (ResolvedMount m : layout.mounts()) {
            switch (m) {
                case ResolvedMount.Bind b -> a.addAll(
                        List.of(b.readOnly() ? "--ro-bind" : "--bind", b.source().toString(), b.target()));
                case ResolvedMount.Tmpfs t -> {
                    if (t.sizeBytes() > 0) {
                        a.addAll(List.of("--size", Long.toString(t.sizeBytes())));
                    }
                    a.addAll(List.of("--perms", String.format("%04o", t.mode()), "--tmpfs", t.target()));
                }
                case ResolvedMount.Overlay o -> throw new IllegalStateException(
                        "bwrap cannot mount the overlay at " + o.target() + " itself");
            }
        }
        a.addAll(List.of("--dir", spec.cwd(), "--chdir", spec.cwd()));
        if (!wrapperNamespaces) {
            a.addAll(List.of("--hostname", spec.hostname()));
        }
        a.add("--clearenv");
        spec.env().forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
        if (!spec.env().containsKey("HOME")) {
            a.addAll(List.of("--setenv", "HOME", "/root"));
        }
        a.addAll(List.of("--json-status-fd", "3", "--"));
        a.addAll(spec.args());
        return a;
    }

    /** bwrap writes {@code {"exit-code": N}} to the status fd once the sandboxed process exits, never otherwise. */
    private static boolean exitReported(Path status) throws ExecException {
        try {
            return new String(Files.readAllBytes(status), StandardCharsets.UTF_8).contains("\"exit-code\"");
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new ExecException("cannot read bwrap's status file " + status + ": " + e.getMessage(), e);
        }
    }

    /** bwrap's own error: its last stderr line, {@code bwrap: execvp nope: No such file or directory}. */
    private static ExecException bwrapFailure(ProcessSpec spec, CapturedOutput stderr) {
        String[] lines = stderr.text().strip().split("\n");
        String last = lines[lines.length - 1];
        String exe = spec.args().get(0);
        String execvp = "bwrap: execvp " + exe + ": ";
        if (!last.startsWith(execvp)) {
            return new ExecException("bwrap failed: " + last);
        }
        String reason = last.substring(execvp.length());
        if (reason.equals("No such file or directory")) {
            return new ProcessStartException(exe, exe.contains("/")
                    ? "exec \"" + exe + "\": stat " + exe + ": no such file or directory"
                    : "exec \"" + exe + "\": executable file not found in $PATH");
        }
        return new ProcessStartException(exe, "exec \"" + exe + "\": " + reason.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The engine process's supplementary groups ({@code Groups:} in /proc/self/status), which bwrap keeps. A lone
     * group 0 is tolerated: it grants a root process (gid 0) nothing it lacks.
     */
    private static String supplementaryGroups() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Groups:")) {
                    return line.substring("Groups:".length()).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "";
    }

    private static List<Path> layers(RootFs root) {
        return switch (root) {
            case RootFs.Overlay o -> {
                List<Path> l = new ArrayList<>();
                l.add(o.upper());
                l.addAll(o.lowers());
                yield l;
            }
            case RootFs.Directory d -> List.of(d.dir());
        };
    }

    /**
     * {@link #firstSymlink} of a lower layer, remembered: lower layers are never written ({@link RootFs.Overlay}), and
     * an engine runs its execs on the same few (each check costs system calls, and for a missing path an exception,
     * on every exec's path).
     */
    private static Optional<String> lowerSymlink(Path layer, String containerPath) {
        return LOWER_SYMLINKS.get(layer + "\0" + containerPath, key -> firstSymlink(layer, containerPath));
    }

    private static boolean isEmptyDir(Path dir) {
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false; // not a readable dir: check it path by path
        }
    }

    /** The first prefix of {@code containerPath} that is a symlink inside {@code layer}, if any. */
    private static Optional<String> firstSymlink(Path layer, String containerPath) {
        Path rel = Path.of("/").relativize(Path.of(containerPath).normalize());
        Path cur = layer;
        for (Path part : rel) {
            cur = cur.resolve(part);
            if (Files.isSymbolicLink(cur)) {
                return Optional.of("/" + layer.relativize(cur));
            }
            if (!Files.isDirectory(cur)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
