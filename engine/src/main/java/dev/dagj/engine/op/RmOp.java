package dev.dagj.engine.op;

import java.util.List;

/** {@code base} without the entry at {@code path}; removing an absent entry is not an error. */
public record RmOp(Vertex base, String path) implements Op {
    public RmOp {
        OpPaths.requireNormal(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the root directory");
        }
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(base);
    }
}
