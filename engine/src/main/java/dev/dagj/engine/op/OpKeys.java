package dev.dagj.engine.op;

import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;

/**
 * The key of an op: SHA-256 over the encoding "dagj-op/v1", the op kind, its semantic fields in declaration order,
 * then its inputs' keys. This is a forever contract (cached results are found by it); golden tests pin it. A change
 * to what an op means requires a new kind name or a new domain version, never a silent change here.
 */
public final class OpKeys {
    static final String DOMAIN = "dagj-op/v1";

    private OpKeys() {
    }

    static Digest key(Op op) {
        CanonicalEncoder e = new CanonicalEncoder(DOMAIN);
        switch (op) {
            case ScratchOp s -> e.string("scratch");
            case LocalUploadOp u -> e.string("local").digest(u.tree());
            case MkFileOp m -> e.string("mkfile").string(m.path()).string(m.contents()).number(m.mode());
            case MkDirOp m -> e.string("mkdir").string(m.path()).number(m.mode());
            case CopyOp c -> e.string("copy").string(c.destPath()).string(c.sourcePath()).strings(c.include())
                    .strings(c.exclude()).number(c.mode() == null ? -1 : c.mode());
            case RmOp r -> e.string("rm").string(r.path());
            case SubdirOp s -> e.string("subdir").string(s.path());
            case MergeOp m -> e.string("merge");
            case DiffOp d -> e.string("diff");
            case EmptyRootfsOp r -> e.string("rootfs-empty");
            case ImageRootfsOp i -> e.string("image").string(i.ref()).string(i.platform()).digest(i.manifest());
            case TreeLayerOp t when t.owner().isEmpty() -> e.string("rootfs-tree-layer");
            case TreeLayerOp t -> e.string("rootfs-tree-layer-owned").string(t.owner()).string(t.ownerPath());
            case WhiteoutLayerOp w -> e.string("rootfs-whiteout").string(w.path());
            case RootfsTreeOp r -> e.string("rootfs-read").string(r.path());
            case ExecOp x -> exec(e, x);
            case ExecRootfsOp r -> e.string("exec-rootfs");
            case ExecMountOp m -> e.string("exec-mount").string(m.target());
        }
        e.digests(op.inputs().stream().map(Vertex::key).toList());
        return e.digest();
    }

    /** Mount sources are keyed by the input list; each mount records its kind, target and identity fields. */
    private static void exec(CanonicalEncoder e, ExecOp x) {
        if (x.redirectStdin().isEmpty()) {
            e.string("exec");
        } else {
            e.string("exec-redirect-stdin").string(x.redirectStdin());
        }
        e.strings(x.args()).strings(x.env()).string(x.workdir()).string(x.user()).string(x.stdin())
                .string(x.redirectStdout()).string(x.redirectStderr()).string(x.expect());
        e.number(x.secretEnv().size());
        for (ExecOp.SecretEnv s : x.secretEnv()) {
            e.string(s.name()).digest(s.secret());
        }
        e.number(x.mounts().size());
        for (ExecMount m : x.mounts()) {
            switch (m) {
                case ExecMount.Tree t when t.owner().isEmpty() -> e.string("tree").string(t.target())
                        .string(t.sourcePath()).bool(t.file());
                case ExecMount.Tree t -> e.string("tree-owned").string(t.target()).string(t.sourcePath())
                        .bool(t.file()).string(t.owner());
                case ExecMount.Cache c -> e.string("cache").string(c.target()).string(c.volume()).string(c.sharing())
                        .bool(c.source() != null).string(c.owner());
                case ExecMount.Tmpfs t -> e.string("tmpfs").string(t.target()).number(t.sizeBytes());
                case ExecMount.Secret s -> e.string("secret").string(s.target()).digest(s.secret()).number(s.mode())
                        .string(s.owner());
            }
        }
    }
}
