package dev.dagj.engine.exec;

import java.util.List;
import java.util.Objects;

/** One container run: the process, its root filesystem and the mounts on top, applied in order. */
public record ExecRequest(ProcessSpec process, RootFs rootFs, List<Mount> mounts) {
    public ExecRequest {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(rootFs, "rootFs");
        mounts = List.copyOf(mounts);
    }

    public ExecRequest(ProcessSpec process, RootFs rootFs) {
        this(process, rootFs, List.of());
    }
}
