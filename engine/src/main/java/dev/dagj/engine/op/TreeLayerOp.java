package dev.dagj.engine.op;

import java.util.List;

/**
 * {@code rootfs} (a root filesystem chain) with one more layer on top: the tree {@code tree}, whose paths are
 * container paths. Directories merge with the ones below; files replace them.
 */
public record TreeLayerOp(Vertex rootfs, Vertex tree) implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of(rootfs, tree);
    }
}
