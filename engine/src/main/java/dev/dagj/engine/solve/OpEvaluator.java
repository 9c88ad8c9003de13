package dev.dagj.engine.solve;

import dev.dagj.engine.container.ContainerEvaluator;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.op.EmptyRootfsOp;
import dev.dagj.engine.op.ExecMountOp;
import dev.dagj.engine.op.ExecOp;
import dev.dagj.engine.op.ExecRootfsOp;
import dev.dagj.engine.op.ImageRootfsOp;
import dev.dagj.engine.op.RootfsTreeOp;
import dev.dagj.engine.op.TreeLayerOp;
import dev.dagj.engine.op.Vertex;
import dev.dagj.engine.op.WhiteoutLayerOp;
import dev.dagj.engine.op.CopyOp;
import dev.dagj.engine.op.DiffOp;
import dev.dagj.engine.op.LocalUploadOp;
import dev.dagj.engine.op.MergeOp;
import dev.dagj.engine.op.MkDirOp;
import dev.dagj.engine.op.MkFileOp;
import dev.dagj.engine.op.OpPaths;
import dev.dagj.engine.op.Op;
import dev.dagj.engine.op.RmOp;
import dev.dagj.engine.op.ScratchOp;
import dev.dagj.engine.op.SubdirOp;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.PathFilter;
import dev.dagj.engine.store.StoreException;
import dev.dagj.engine.store.TreeEditor;
import dev.dagj.engine.store.TreeEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Evaluates one op given its inputs' results. Every directory op evaluates to the digest of its result tree.
 * Implementations MUST be deterministic in (op, inputs) and MUST NOT depend on anything else: the result is cached
 * forever under the op's key.
 */
public interface OpEvaluator {
    Digest evaluate(Op op, List<Digest> inputs) throws dev.dagj.engine.EngineException, InterruptedException;

    /** The evaluator for the file-tree ops only: container ops fail (for tests of the solver and the tree ops). */
    static OpEvaluator forTrees(ContentStore store) throws StoreException {
        return forEngine(store, null);
    }

    /**
     * The evaluator of every op kind, the one place that maps each kind to its work; container ops go to
     * {@code containers} (null: they fail with a clear error).
     */
    static OpEvaluator forEngine(ContentStore store, ContainerEvaluator containers) throws StoreException {
        TreeEditor trees = new TreeEditor(store);
        return (op, in) -> switch (op) {
            case ScratchOp s -> trees.emptyTree();
            case LocalUploadOp u -> {
                if (!store.has(u.tree())) {
                    throw new StoreException("uploaded directory " + u.tree() + " is no longer in the content store;"
                            + " upload it again");
                }
                yield u.tree();
            }
            case MkFileOp m -> {
                byte[] bytes = m.contents().getBytes(StandardCharsets.UTF_8);
                Digest blob = store.putBytes(bytes);
                yield trees.put(in.get(0), m.path(), TreeEntry.file("x", m.mode(), bytes.length, blob));
            }
            case MkDirOp m -> trees.mkdirs(in.get(0), m.path(), m.mode());
            case CopyOp c -> copy(trees, c, in.get(0), in.get(1));
            case RmOp r -> trees.remove(in.get(0), r.path());
            case SubdirOp s -> trees.subdir(in.get(0), s.path());
            case MergeOp m -> {
                Digest acc = trees.emptyTree();
                for (Digest layer : in) {
                    acc = trees.merge(acc, layer);
                }
                yield acc;
            }
            case DiffOp d -> trees.diff(in.get(0), in.get(1));
            case EmptyRootfsOp r -> containers(containers).emptyRootfs();
            case ImageRootfsOp i -> containers(containers).image(i);
            case TreeLayerOp t -> containers(containers).treeLayer(in.get(0), in.get(1), t.owner(), t.ownerPath());
            case WhiteoutLayerOp w -> containers(containers).whiteout(in.get(0), w.path());
            case RootfsTreeOp r -> containers(containers).rootfsTree(in.get(0), r.path());
            case ExecOp x -> containers(containers).exec(x, in, Vertex.of(x).key());
            case ExecRootfsOp r -> containers(containers).execRootfs(in.get(0));
            case ExecMountOp m -> containers(containers).execMount(in.get(0), m.target());
        };
    }

    private static ContainerEvaluator containers(ContainerEvaluator c) throws SolveException {
        if (c == null) {
            throw new SolveException("container", null, "this evaluator runs no containers", null);
        }
        return c;
    }

    private static Digest copy(TreeEditor trees, CopyOp c, Digest dest, Digest source) throws StoreException {
        TreeEntry src = c.sourcePath().isEmpty() ? TreeEntry.dir("x", 0755, source) : trees.lookup(source, c.sourcePath());
        if (src == null) {
            throw new StoreException("no such file or directory: /" + c.sourcePath());
        }
        if (!src.isDir()) {
            TreeEntry e = c.mode() == null ? src : src.withMode(c.mode());
            TreeEntry at = c.destPath().isEmpty() ? null : trees.lookup(dest, c.destPath());
            // As Dagger: copying a file onto an existing directory puts it inside, under the file's own name.
            String target = c.destPath().isEmpty() || at != null && at.isDir()
                    ? OpPaths.join(c.destPath(), OpPaths.name(c.sourcePath()))
                    : c.destPath();
            return trees.put(dest, target, e);
        }
        Digest filtered = trees.filter(src.digest(), new PathFilter(c.include(), c.exclude()));
        TreeEntry existing = c.destPath().isEmpty() ? null : trees.lookup(dest, c.destPath());
        if (c.destPath().isEmpty()) {
            return trees.merge(dest, filtered);
        }
        Digest base = existing != null && existing.isDir() ? existing.digest() : trees.emptyTree();
        int mode = existing != null && existing.isDir() ? existing.mode() : src.mode();
        return trees.put(dest, c.destPath(), TreeEntry.dir("x", mode, trees.merge(base, filtered)));
    }
}
