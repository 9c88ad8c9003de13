package dev.dagj.engine.exec;

import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How the executors are set up.
 *
 * @param stateDir       the engine state directory; runc state goes to {@code <stateDir>/runc}, per-run scratch
 *                       dirs to {@link #runsDir()}
 * @param preference     which backend {@link ExecutorSelection} picks
 * @param tools          host programs
 * @param outputCapBytes bytes kept per stream (stdout, stderr); the rest is counted and dropped
 * @param durableOverlays when false (the default) overlays are mounted {@code volatile}: fsync inside the container
 *                       is a no-op and the upper dir is not synced when the sandbox ends, which saves a sync of the
 *                       whole upper filesystem per exec (about 10 ms on a busy host). Whoever keeps an upper dir
 *                       beyond a crash (a snapshot committed to the store) MUST sync it first. When true, overlays
 *                       are mounted normally and syncs happen.
 * @param nativeHelper   when true (the default) the executors wrap the runtime in the compiled {@code dagj-nsexec}
 *                       ({@link NsExecHelper}) where they need a wrapper, falling back to the shell wrapper if it
 *                       cannot be built; when false they always use the shell wrapper
 * @param forkServer     when true (the default) and the compiled wrapper is there, sandboxes (bwrap, and
 *                       {@code runc run}) are forked by a long-lived {@code dagj-nsexec -S} server ({@link ForkServer})
 *                       instead of started from the JVM
 */
public record ExecConfig(Path stateDir, BackendPreference preference, HostTools tools, int outputCapBytes,
        boolean durableOverlays, boolean nativeHelper, boolean forkServer) {
    public static final int DEFAULT_OUTPUT_CAP = 16 << 20;

    public ExecConfig {
        stateDir = stateDir.toAbsolutePath().normalize();
        if (outputCapBytes < 0) {
            throw new IllegalArgumentException("outputCapBytes must not be negative");
        }
    }

    /**
     * Defaults for {@code stateDir}: preference from {@value BackendPreference#ENV}, tools from {@code PATH}, the
     * compiled wrapper unless {@code DAGJ_NSEXEC=0}, its server unless {@code DAGJ_FORKSERVER=0}.
     */
    public static ExecConfig defaults(Path stateDir, Map<String, String> env) {
        return new ExecConfig(stateDir, BackendPreference.parse(env.get(BackendPreference.ENV)),
                HostTools.locate(env), DEFAULT_OUTPUT_CAP, false, !"0".equals(env.get("DAGJ_NSEXEC")),
                !"0".equals(env.get("DAGJ_FORKSERVER")));
    }

    public ExecConfig withPreference(BackendPreference p) {
        return new ExecConfig(stateDir, p, tools, outputCapBytes, durableOverlays, nativeHelper, forkServer);
    }

    public ExecConfig withOutputCapBytes(int cap) {
        return new ExecConfig(stateDir, preference, tools, cap, durableOverlays, nativeHelper, forkServer);
    }

    public ExecConfig withTools(HostTools t) {
        return new ExecConfig(stateDir, preference, t, outputCapBytes, durableOverlays, nativeHelper, forkServer);
    }

    public ExecConfig withDurableOverlays(boolean durable) {
        return new ExecConfig(stateDir, preference, tools, outputCapBytes, durable, nativeHelper, forkServer);
    }

    public ExecConfig withForkServer(boolean use) {
        return new ExecConfig(stateDir, preference, tools, outputCapBytes, durableOverlays, nativeHelper, use);
    }

    public ExecConfig withNativeHelper(boolean use) {
        return new ExecConfig(stateDir, preference, tools, outputCapBytes, durableOverlays, use, forkServer);
    }

    /** The compiled wrapper to use, or empty for the shell wrapper. */
    Optional<Path> helper() {
        return nativeHelper ? NsExecHelper.forStateDir(stateDir).binary() : Optional.empty();
    }

    Path runcRoot() {
        return stateDir.resolve("runc");
    }

    /**
     * Where the per-run scratch dirs go ({@link RunDir}): {@code /dev/shm/dagj-<uid>-<digest of stateDir>/exec-runs}
     * when {@code /dev/shm} is a writable directory, else {@code <stateDir>/exec-runs}. A run makes and removes a
     * dozen directory entries there (bundle, symlinks to the layers, mount points, status file); on a tmpfs those
     * never wait for a disk journal, which on a busy host saved several milliseconds per exec (bench/RESULTS.md).
     * The name depends only on the state dir, so a restarted engine's {@link StaleStateCleaner} finds what a crashed
     * one left.
     */
    Path runsDir() {
        return RUNS_DIRS.computeIfAbsent(stateDir, ExecConfig::locateRunsDir);
    }

    /**
     * Where this engine's sandbox server ({@link ForkServer}) keeps its socket, in a directory named like a run dir:
     * {@code exec-servers} beside {@link #runsDir()}.
     */
    Path serversDir() {
        return runsDir().resolveSibling("exec-servers");
    }

    private static final java.util.concurrent.ConcurrentMap<Path, Path> RUNS_DIRS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Path locateRunsDir(Path stateDir) {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm, LinkOption.NOFOLLOW_LINKS) || !Files.isWritable(shm)) {
            return stateDir.resolve("exec-runs");
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            String d = Digest.of(stateDir.toString().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
            return shm.resolve("dagj-" + uid + "-" + d).resolve("exec-runs");
        } catch (IOException | RuntimeException e) {
            return stateDir.resolve("exec-runs");
        }
    }
}
