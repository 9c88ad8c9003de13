package dev.dagj.engine.op;

import java.util.List;

/**
 * {@code rootfs} (a root filesystem chain) with one more layer on top: the tree {@code tree}, whose paths are
 * container paths. Directories merge with the ones below; files replace them. With an {@code owner} ("" for none;
 * a user, {@code uid}, or either with {@code :group}, resolved against the container's {@code /etc/passwd} and
 * {@code /etc/group}), everything at and under container path {@code ownerPath} (normalized, no leading slash) is
 * owned by it in the layer.
 */
public record TreeLayerOp(Vertex rootfs, Vertex tree, String owner, String ownerPath) implements Op {
    public TreeLayerOp {
        if (owner == null || ownerPath == null) {
            throw new IllegalArgumentException("owner and ownerPath must not be null");
        }
    }

    public TreeLayerOp(Vertex rootfs, Vertex tree) {
        this(rootfs, tree, "", "");
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(rootfs, tree);
    }
}
