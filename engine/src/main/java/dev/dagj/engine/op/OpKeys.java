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
        }
        e.digests(op.inputs().stream().map(Vertex::key).toList());
        return e.digest();
    }
}
