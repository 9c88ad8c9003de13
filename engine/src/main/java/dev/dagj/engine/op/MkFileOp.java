package dev.dagj.engine.op;

import java.util.List;

/** {@code base} with a regular file at {@code path} holding {@code contents}, mode {@code mode}; parents are made 0755. */
public record MkFileOp(Vertex base, String path, String contents, int mode) implements Op {
    public MkFileOp {
        OpPaths.requireNormal(path);
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(base);
    }
}
