package dev.dagj.engine.op;

import java.util.List;

/** {@code rootfs} (a root filesystem chain) with the entry at container path {@code path} deleted by a whiteout layer. */
public record WhiteoutLayerOp(Vertex rootfs, String path) implements Op {
    public WhiteoutLayerOp {
        OpPaths.requireNormal(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the root directory");
        }
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(rootfs);
    }
}
