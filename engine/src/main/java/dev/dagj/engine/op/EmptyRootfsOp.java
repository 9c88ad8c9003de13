package dev.dagj.engine.op;

import java.util.List;

/** The root filesystem of {@code container()} before {@code from}: a chain of no layers (an empty directory). */
public record EmptyRootfsOp() implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of();
    }
}
