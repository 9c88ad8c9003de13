package dev.dagj.engine.op;

import java.util.List;

/** {@code base} with a directory at {@code path} (parents included); an existing directory is kept as is. */
public record MkDirOp(Vertex base, String path, int mode) implements Op {
    public MkDirOp {
        OpPaths.requireNormal(path);
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(base);
    }
}
