package dev.dagj.engine.op;

import java.util.List;

/**
 * One step of work in the DAG. Implementations are immutable records holding only semantic fields and their input
 * vertices; every kind is handled in exactly one switch per concern (keys, labels, evaluation), so adding a kind
 * fails to compile until each place handles it.
 */
public sealed interface Op permits ScratchOp, LocalUploadOp, MkFileOp, MkDirOp, CopyOp, RmOp, SubdirOp, MergeOp, DiffOp,
        EmptyRootfsOp, ImageRootfsOp, TreeLayerOp, WhiteoutLayerOp, RootfsTreeOp, ExecOp, ExecRootfsOp, ExecMountOp {
    /** The vertices this op reads, in a fixed order that is part of the key. */
    List<Vertex> inputs();
}
