package dev.dagj.engine.op;

/** Short human labels for progress output and error messages. Never part of a key. */
public final class OpLabels {
    private OpLabels() {
    }

    public static String label(Op op) {
        return switch (op) {
            case ScratchOp s -> "scratch";
            case LocalUploadOp u -> "upload " + u.tree();
            case MkFileOp m -> "mkfile /" + m.path();
            case MkDirOp m -> "mkdir /" + m.path();
            case CopyOp c -> "copy /" + c.sourcePath() + " to /" + c.destPath();
            case RmOp r -> "rm /" + r.path();
            case SubdirOp s -> "subdir /" + s.path();
            case MergeOp m -> "merge " + m.layers().size() + " layers";
            case DiffOp d -> "diff";
            case EmptyRootfsOp r -> "empty rootfs";
            case ImageRootfsOp i -> i.ref().isEmpty() ? "imported image " + i.manifest() : "pull " + i.ref();
            case TreeLayerOp t -> "add layer";
            case WhiteoutLayerOp w -> "remove /" + w.path();
            case RootfsTreeOp r -> "read /" + r.path();
            case ExecOp x -> "exec " + String.join(" ", x.args());
            case ExecRootfsOp r -> "exec rootfs";
            case ExecMountOp m -> "exec mount " + m.target();
        };
    }
}
