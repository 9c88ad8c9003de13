package dev.dagj.engine.op;

import dev.dagj.engine.digest.Digest;

/**
 * An op together with its key. The key is computed once, when the vertex is made, from the op's fields and its
 * inputs' keys; equality and hashing use the key only, so comparing two large DAGs costs one digest comparison.
 */
public final class Vertex {
    private final Op op;
    private final Digest key;

    private Vertex(Op op, Digest key) {
        this.op = op;
        this.key = key;
    }

    public static Vertex of(Op op) {
        return new Vertex(op, OpKeys.key(op));
    }

    public Op op() {
        return op;
    }

    public Digest key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vertex v && v.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return OpLabels.label(op) + " " + key;
    }
}
