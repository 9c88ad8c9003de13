package dev.dagj.engine.op;

import java.util.List;

/** The layers stacked in order: a later layer's entries replace an earlier one's, directories merge. */
public record MergeOp(List<Vertex> layers) implements Op {
    public MergeOp {
        layers = List.copyOf(layers);
    }

    @Override
    public List<Vertex> inputs() {
        return layers;
    }
}
