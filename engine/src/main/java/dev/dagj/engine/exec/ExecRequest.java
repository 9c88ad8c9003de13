package dev.dagj.engine.exec;

import java.util.List;
import java.util.Objects;

/**
 * One container run: the process, its root filesystem, the mounts on top (applied in order) and its network.
 *
 * @param network {@link Network#ISOLATED} (the default: its own network namespace with loopback only) or
 *                {@link Network#HOST}: the engine host's network namespace, so the process can reach services the
 *                engine listens on at 127.0.0.1 (module function runtimes reach their nested session this way)
 */
public record ExecRequest(ProcessSpec process, RootFs rootFs, List<Mount> mounts, Network network) {
    /** The network namespace a container gets. */
    public enum Network { ISOLATED, HOST }

    public ExecRequest {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(rootFs, "rootFs");
        Objects.requireNonNull(network, "network");
        mounts = List.copyOf(mounts);
    }

    public ExecRequest(ProcessSpec process, RootFs rootFs, List<Mount> mounts) {
        this(process, rootFs, mounts, Network.ISOLATED);
    }

    public ExecRequest(ProcessSpec process, RootFs rootFs) {
        this(process, rootFs, List.of());
    }
}
