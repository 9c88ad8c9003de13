package dev.dagj.engine.op;

import java.util.List;

/** The tree of the writable directory mounted at {@code target} of an {@link ExecOp} after the process ran. */
public record ExecMountOp(Vertex exec, String target) implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of(exec);
    }
}
