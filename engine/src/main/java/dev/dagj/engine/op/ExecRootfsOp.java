package dev.dagj.engine.op;

import java.util.List;

/** The root filesystem chain an {@link ExecOp} left: its input chain plus the committed changes of the process. */
public record ExecRootfsOp(Vertex exec) implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of(exec);
    }
}
