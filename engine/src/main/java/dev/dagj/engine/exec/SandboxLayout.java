package dev.dagj.engine.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a request's filesystem is put together in its run dir, for either backend: the overlays the wrapper mounts
 * (root as {@code r}, copy-on-write mounts as {@code c0, c1 ...}), the directory to use as root, and the mounts to
 * apply on top in order.
 *
 * <p>The wrapper is the compiled {@code dagj-nsexec} ({@link NsExecHelper}: one program start) when it is available,
 * else {@code unshare -m --propagation private sh -c '... mount ... && exec runtime'}. runc needs no wrapper at all
 * for an overlay root: it mounts the overlays itself from {@code config.json} ({@link #prepare} with
 * {@code runtimeMountsOverlays}), inside the container's mount namespace.
 *
 * @param overlays     overlays the wrapper mounts inside a private mount namespace; empty when nothing is mounted
 * @param rootPath     the directory that becomes {@code /}
 * @param readOnlyRoot whether {@code /} is read-only
 * @param mounts       the mounts the runtime applies, in request order
 */
record SandboxLayout(List<RunDir.OverlayDir> overlays, Path rootPath, boolean readOnlyRoot,
        List<ResolvedMount> mounts) {
    /** overlayfs takes its options in one page; stay clear of it. */
    static final int MAX_OPTIONS = 4000;

    /**
     * Lays out the run dir. With {@code runtimeMountsOverlays} (runc) and an overlay root, the overlays become
     * {@link ResolvedMount.Overlay} mounts (the root one at {@code /}, first), named relative to the runtime's working
     * directory, which runc sets to the root path {@code r/m}; otherwise, or when an option string would be too long,
     * the wrapper mounts them.
     */
    static SandboxLayout prepare(RunDir dir, ExecRequest request, boolean durable, boolean runtimeMountsOverlays)
            throws ExecException {
        List<RunDir.OverlayDir> overlays = new ArrayList<>();
        Path rootPath;
        boolean readOnly;
        switch (request.rootFs()) {
            case RootFs.Overlay o -> {
                RunDir.OverlayDir r = dir.overlay("r", o.lowers(), o.upper(), o.work(), durable);
                overlays.add(r);
                rootPath = r.mountPoint();
                readOnly = false;
            }
            case RootFs.Directory d -> {
                if (!Files.isDirectory(d.dir())) {
                    throw new ExecException("the root filesystem directory " + d.dir() + " does not exist");
                }
                rootPath = d.dir();
                readOnly = d.readOnly();
            }
        }
        List<ResolvedMount> wrapped = new ArrayList<>();
        List<ResolvedMount> inRuntime = new ArrayList<>();
        boolean runtimeCan = runtimeMountsOverlays && request.rootFs() instanceof RootFs.Overlay;
        if (runtimeCan) {
            inRuntime.add(new ResolvedMount.Overlay("/", overlays.get(0).options("../")));
        }
        int cow = 0;
        for (Mount m : request.mounts()) {
            switch (m) {
                case Mount.Bind b -> {
                    if (!Files.exists(b.source())) {
                        throw new ExecException("the bind mount source " + b.source() + " (for " + b.target()
                                + ") does not exist");
                    }
                    ResolvedMount bind = new ResolvedMount.Bind(b.source(), b.target(), b.readOnly());
                    wrapped.add(bind);
                    inRuntime.add(bind);
                }
                case Mount.Tmpfs t -> {
                    ResolvedMount tmpfs = new ResolvedMount.Tmpfs(t.target(), t.sizeBytes(), t.mode());
                    wrapped.add(tmpfs);
                    inRuntime.add(tmpfs);
                }
                case Mount.Overlay o -> {
                    String name = "c" + cow++;
                    RunDir.OverlayDir c = dir.overlay(name, o.lowers(), o.upper(), o.work(), durable);
                    overlays.add(c);
                    wrapped.add(new ResolvedMount.Bind(c.mountPoint(), o.target(), false));
                    inRuntime.add(new ResolvedMount.Overlay(o.target(), c.options("../../" + name + "/")));
                }
            }
        }
        if (runtimeCan && inRuntime.stream().noneMatch(
                m -> m instanceof ResolvedMount.Overlay o && o.options().length() > MAX_OPTIONS)) {
            return new SandboxLayout(List.of(), rootPath, readOnly, List.copyOf(inRuntime));
        }
        return new SandboxLayout(List.copyOf(overlays), rootPath, readOnly, List.copyOf(wrapped));
    }

    /**
     * What the wrapper does besides mounting the overlays.
     *
     * @param nofileSoft         a soft {@code RLIMIT_NOFILE} to set, or 0 for none
     * @param fd3                a file to open as file descriptor 3 for the runtime, or null
     * @param namespacesHostname null, or: the runtime runs in new network (loopback only), IPC, UTS and cgroup
     *                           namespaces of its own, with this hostname ({@code dagj-nsexec -N})
     * @param devDir             null, or where the wrapper makes a new {@code /dev} for the runtime to bind, as
     *                           bwrap's {@code --dev} makes one ({@code dagj-nsexec -D})
     * Only the compiled wrapper does the last two, so they need a {@code helper} in {@link #command}.
     */
    record Extras(long nofileSoft, Path fd3, String namespacesHostname, Path devDir) {
        static final Extras NONE = new Extras(0, null, null, null);

        Extras(long nofileSoft, Path fd3) {
            this(nofileSoft, fd3, null, null);
        }

        boolean isEmpty() {
            return nofileSoft == 0 && fd3 == null && namespacesHostname == null && devDir == null;
        }
    }

    /**
     * The command that runs {@code runtime}: directly when nothing needs mounting and there are no extras;
     * otherwise {@code dagj-nsexec [-m dir options]... [-D dir] [-N hostname] [-n soft] [-3 file] -s started --
     * runtime} when
     * {@code helper} is present, else
     * {@code [unshare -m --propagation private] sh -c '[ulimit ...] && steps && : > started && exec runtime [3>file]'}
     * (which cannot honour {@link Extras#namespacesHostname} nor {@link Extras#devDir}: an
     * IllegalArgumentException).
     */
    List<String> command(RunDir dir, HostTools tools, Optional<Path> helper, List<String> runtime, Extras extras)
            throws ExecException {
        if (!wrapped(extras)) {
            return runtime;
        }
        List<String> command = new ArrayList<>();
        if (helper.isPresent()) {
            command.add(helper.get().toString());
            for (RunDir.OverlayDir o : overlays) {
                command.addAll(List.of("-m", o.dir().toString(), o.options("")));
            }
            if (extras.devDir() != null) {
                command.addAll(List.of("-D", extras.devDir().toString()));
            }
            if (extras.namespacesHostname() != null) {
                command.addAll(List.of("-N", extras.namespacesHostname()));
            }
            if (extras.nofileSoft() > 0) {
                command.addAll(List.of("-n", Long.toString(extras.nofileSoft())));
            }
            if (extras.fd3() != null) {
                command.addAll(List.of("-3", extras.fd3().toString()));
            }
            command.addAll(List.of("-s", dir.file(RunDir.STARTED).toString(), "--"));
            command.addAll(runtime);
            return command;
        }
        if (extras.namespacesHostname() != null || extras.devDir() != null) {
            throw new IllegalArgumentException("only the compiled wrapper (dagj-nsexec -N, -D) makes a run's"
                    + " namespaces and /dev");
        }
        WrapperScript script = new WrapperScript();
        if (extras.nofileSoft() > 0) {
            // A shell builtin, so it costs no exec.
            script.raw("ulimit -S -n " + extras.nofileSoft());
        }
        List<String> mount = overlays.isEmpty() ? List.of() : HostTools.require(tools.mount());
        for (RunDir.OverlayDir o : overlays) {
            script.step(List.of("cd", o.dir().toString()));
            List<String> step = new ArrayList<>(mount);
            step.addAll(List.of("-n", "-t", "overlay", "overlay", "-o", o.options(""), "m"));
            script.step(step);
        }
        if (!overlays.isEmpty()) {
            script.step(List.of("cd", dir.path().toString()));
        }
        script.touch(dir.file(RunDir.STARTED).toString());
        if (!overlays.isEmpty()) {
            command.addAll(HostTools.require(tools.unshare()));
            command.addAll(List.of("-m", "--propagation", "private"));
        }
        command.addAll(HostTools.require(tools.sh()));
        String redirect = extras.fd3() == null ? "" : "3>" + WrapperScript.quote(extras.fd3().toString());
        command.addAll(List.of("-c", script.render(runtime, redirect)));
        return command;
    }

    /** Whether {@link #command} wraps the runtime (then the "started" marker tells setup succeeded). */
    boolean wrapped(Extras extras) {
        return !(overlays.isEmpty() && extras.isEmpty());
    }
}
