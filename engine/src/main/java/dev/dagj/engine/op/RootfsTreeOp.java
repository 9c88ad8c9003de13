package dev.dagj.engine.op;

import java.util.List;

/**
 * The directory at {@code path} of the merged view of {@code rootfs} (a root filesystem chain), as a tree: layers read
 * top first, whiteouts and opaque directories honoured. Fails when there is no directory there.
 */
public record RootfsTreeOp(Vertex rootfs, String path) implements Op {
    public RootfsTreeOp {
        OpPaths.requireNormal(path);
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(rootfs);
    }
}
