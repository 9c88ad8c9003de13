package dev.dagj.engine.exec;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the executors are set up.
 *
 * @param stateDir       the engine state directory; runc state goes to {@code <stateDir>/runc}, per-run scratch
 *                       dirs to {@code <stateDir>/exec-runs}
 * @param preference     which backend {@link ExecutorSelection} picks
 * @param tools          host programs
 * @param outputCapBytes bytes kept per stream (stdout, stderr); the rest is counted and dropped
 * @param durableOverlays when false (the default) overlays are mounted {@code volatile}: fsync inside the container
 *                       is a no-op and the upper dir is not synced when the sandbox ends, which saves a sync of the
 *                       whole upper filesystem per exec (about 10 ms on a busy host). Whoever keeps an upper dir
 *                       beyond a crash (a snapshot committed to the store) MUST sync it first. When true, overlays
 *                       are mounted normally and syncs happen.
 */
public record ExecConfig(Path stateDir, BackendPreference preference, HostTools tools, int outputCapBytes,
        boolean durableOverlays) {
    public static final int DEFAULT_OUTPUT_CAP = 16 << 20;

    public ExecConfig {
        stateDir = stateDir.toAbsolutePath().normalize();
        if (outputCapBytes < 0) {
            throw new IllegalArgumentException("outputCapBytes must not be negative");
        }
    }

    /** Defaults for {@code stateDir}: preference from {@value BackendPreference#ENV}, tools from {@code PATH}. */
    public static ExecConfig defaults(Path stateDir, Map<String, String> env) {
        return new ExecConfig(stateDir, BackendPreference.parse(env.get(BackendPreference.ENV)),
                HostTools.locate(env), DEFAULT_OUTPUT_CAP, false);
    }

    public ExecConfig withPreference(BackendPreference p) {
        return new ExecConfig(stateDir, p, tools, outputCapBytes, durableOverlays);
    }

    public ExecConfig withOutputCapBytes(int cap) {
        return new ExecConfig(stateDir, preference, tools, cap, durableOverlays);
    }

    public ExecConfig withTools(HostTools t) {
        return new ExecConfig(stateDir, preference, t, outputCapBytes, durableOverlays);
    }

    public ExecConfig withDurableOverlays(boolean durable) {
        return new ExecConfig(stateDir, preference, tools, outputCapBytes, durable);
    }

    Path runcRoot() {
        return stateDir.resolve("runc");
    }

    Path runsDir() {
        return stateDir.resolve("exec-runs");
    }
}
