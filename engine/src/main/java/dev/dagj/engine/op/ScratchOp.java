package dev.dagj.engine.op;

import java.util.List;

/** The empty directory. */
public record ScratchOp() implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of();
    }
}
