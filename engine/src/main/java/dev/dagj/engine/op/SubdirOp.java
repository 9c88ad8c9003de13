package dev.dagj.engine.op;

import java.util.List;

/** The directory at {@code path} inside {@code base}; evaluating fails when there is no directory there. */
public record SubdirOp(Vertex base, String path) implements Op {
    public SubdirOp {
        OpPaths.requireNormal(path);
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(base);
    }
}
