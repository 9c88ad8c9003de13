package dev.dagj.engine.op;

import java.util.List;

/**
 * The entries of {@code upper} that are absent from or different in {@code lower} (as Dagger's
 * {@code Directory.diff}); directories that differ are kept with only their differing entries. Deletions are not
 * represented.
 */
public record DiffOp(Vertex lower, Vertex upper) implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of(lower, upper);
    }
}
