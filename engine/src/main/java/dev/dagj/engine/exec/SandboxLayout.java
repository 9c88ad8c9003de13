package dev.dagj.engine.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a request's filesystem is put together in its run dir, for either backend: the wrapper steps that mount the
 * overlays (root as {@code r}, copy-on-write mounts as {@code c0, c1 ...}), the directory to use as root, and the
 * mounts to apply on top in order.
 *
 * @param steps       wrapper-script steps to run inside the private mount namespace; empty when nothing is mounted
 * @param rootPath    the directory that becomes {@code /}
 * @param readOnlyRoot whether {@code /} is read-only
 * @param mounts      the mounts the runtime applies, in request order
 */
record SandboxLayout(List<List<String>> steps, Path rootPath, boolean readOnlyRoot, List<ResolvedMount> mounts) {

    static SandboxLayout prepare(RunDir dir, ExecRequest request, HostTools tools, boolean durable)
            throws ExecException {
        List<List<String>> steps = new ArrayList<>();
        Path rootPath;
        boolean readOnly;
        switch (request.rootFs()) {
            case RootFs.Overlay o -> {
                steps.addAll(dir.overlay("r", o.lowers(), o.upper(), o.work(), HostTools.require(tools.mount()), durable));
                rootPath = dir.merged("r");
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
        List<ResolvedMount> mounts = new ArrayList<>();
        int cow = 0;
        for (Mount m : request.mounts()) {
            switch (m) {
                case Mount.Bind b -> {
                    if (!Files.exists(b.source())) {
                        throw new ExecException("the bind mount source " + b.source() + " (for " + b.target()
                                + ") does not exist");
                    }
                    mounts.add(new ResolvedMount.Bind(b.source(), b.target(), b.readOnly()));
                }
                case Mount.Tmpfs t -> mounts.add(new ResolvedMount.Tmpfs(t.target(), t.sizeBytes(), t.mode()));
                case Mount.Overlay o -> {
                    String name = "c" + cow++;
                    steps.addAll(dir.overlay(name, o.lowers(), o.upper(), o.work(), HostTools.require(tools.mount()),
                            durable));
                    mounts.add(new ResolvedMount.Bind(dir.merged(name), o.target(), false));
                }
            }
        }
        return new SandboxLayout(List.copyOf(steps), rootPath, readOnly, List.copyOf(mounts));
    }

    /** The work dirs of every overlay in {@code request} (root and copy-on-write mounts). */
    static List<Path> overlayWorkDirs(ExecRequest request) {
        List<Path> work = new ArrayList<>();
        if (request.rootFs() instanceof RootFs.Overlay o) {
            work.add(o.work());
        }
        for (Mount m : request.mounts()) {
            if (m instanceof Mount.Overlay o) {
                work.add(o.work());
            }
        }
        return work;
    }

    /** After a run: clears the volatile markers so the caller's upper/work dirs can be mounted again. */
    static void afterRun(ExecRequest request, boolean durable) throws ExecException {
        if (durable) {
            return;
        }
        for (Path w : overlayWorkDirs(request)) {
            RunDir.clearVolatileMarker(w);
        }
    }

    /**
     * The command that runs {@code runtime}: directly when nothing needs mounting and no redirect is needed,
     * otherwise
     * {@code [unshare -m --propagation private] sh -c 'preamble && steps && : > started && exec runtime redirect'}.
     */
    List<String> command(RunDir dir, HostTools tools, List<String> runtime, String preamble, String redirect)
            throws ExecException {
        if (!wrapped(preamble, redirect)) {
            return runtime;
        }
        WrapperScript script = new WrapperScript();
        if (!preamble.isEmpty()) {
            script.raw(preamble);
        }
        steps.forEach(script::step);
        script.touch(dir.file(RunDir.STARTED).toString());
        List<String> command = new ArrayList<>();
        if (!steps.isEmpty()) {
            command.addAll(HostTools.require(tools.unshare()));
            command.addAll(List.of("-m", "--propagation", "private"));
        }
        command.addAll(HostTools.require(tools.sh()));
        command.addAll(List.of("-c", script.render(runtime, redirect)));
        return command;
    }

    /** Whether {@link #command} wraps the runtime in a script (then the "started" marker tells setup succeeded). */
    boolean wrapped(String preamble, String redirect) {
        return !(steps.isEmpty() && preamble.isEmpty() && redirect.isEmpty());
    }
}
