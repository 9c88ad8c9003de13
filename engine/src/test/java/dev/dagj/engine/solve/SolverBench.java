package dev.dagj.engine.solve;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.op.MergeOp;
import dev.dagj.engine.op.MkFileOp;
import dev.dagj.engine.op.Op;
import dev.dagj.engine.op.ScratchOp;
import dev.dagj.engine.op.Vertex;
import dev.dagj.engine.store.CacheIndex;
import dev.dagj.engine.store.ContentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Benchmark: a 10,000-vertex DAG (file ops and merges, each vertex reading one or two earlier ones).
 * <ol>
 * <li>Solver overhead: the solver with an evaluator that does no work, against a plain loop calling that evaluator
 * once per vertex in topological order. (solver - loop) / vertices is the per-vertex overhead; target under 20 us.</li>
 * <li>Real ops: the solver with the real tree evaluator against the same evaluator called in a plain topological loop.
 * </li>
 * <li>Fully cached re-solve: a new solver over the same state directory (as after a restart), solving the root;
 * target under 50 ms. Also reported: loading the cache index, and probing every vertex one by one.</li>
 * </ol>
 */
public final class SolverBench {
    private static final int VERTICES = 10_000;
    private static final int ROUNDS = 3;

    private SolverBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Vertex> dag = buildDag(VERTICES, new Random(42));
        Vertex root = dag.get(dag.size() - 1);
        System.out.printf("DAG: %d vertices, %d distinct keys%n", dag.size(),
                dag.stream().map(Vertex::key).distinct().count());

        double[] solverNoop = new double[ROUNDS];
        double[] loopNoop = new double[ROUNDS];
        double[] solverReal = new double[ROUNDS];
        double[] loopReal = new double[ROUNDS];
        double[] cachedRoot = new double[ROUNDS];
        double[] indexLoad = new double[ROUNDS];
        double[] probeAll = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            // 1. Overhead with a no-op evaluator.
            Path s1 = Files.createTempDirectory("dagj-bench-solver");
            try (Fixture f = new Fixture(s1)) {
                Digest empty = f.store.putTree(dev.dagj.engine.store.Tree.EMPTY);
                OpEvaluator noop = (op, in) -> empty;
                loopNoop[r] = time(() -> loop(dag, noop));
                Solver s = new Solver(f.store, f.index, noop, f.executor);
                solverNoop[r] = time(() -> solve(s, root));
            } finally {
                delete(s1);
            }
            // 2. Real tree ops, loop vs solver (separate state dirs, both cold).
            Path s2 = Files.createTempDirectory("dagj-bench-solver");
            Path s3 = Files.createTempDirectory("dagj-bench-solver");
            try (Fixture loopF = new Fixture(s2); Fixture solverF = new Fixture(s3)) {
                OpEvaluator realLoop = OpEvaluator.forTrees(loopF.store);
                Solver s = new Solver(solverF.store, solverF.index, OpEvaluator.forTrees(solverF.store), solverF.executor);
                // Alternate the order so neither side always runs on a cold page cache.
                if (r % 2 == 0) {
                    loopReal[r] = time(() -> loop(dag, realLoop));
                    solverReal[r] = time(() -> solve(s, root));
                } else {
                    solverReal[r] = time(() -> solve(s, root));
                    loopReal[r] = time(() -> loop(dag, realLoop));
                }
                System.out.printf("  round %d: real ops solver %.0f ms, loop %.0f ms%n", r, solverReal[r], loopReal[r]);
            }
            // 3. Restart over s3: reload the index, then re-solve the root and probe every vertex.
            long t0 = System.nanoTime();
            try (Fixture again = new Fixture(s3)) {
                indexLoad[r] = (System.nanoTime() - t0) / 1e6;
                Solver s = new Solver(again.store, again.index, OpEvaluator.forTrees(again.store), again.executor);
                cachedRoot[r] = time(() -> solve(s, root));
                probeAll[r] = time(() -> {
                    for (Vertex v : dag) {
                        solve(s, v);
                    }
                });
            } finally {
                delete(s2);
                delete(s3);
            }
        }
        double overheadUs = (median(solverNoop) - median(loopNoop)) * 1000.0 / VERTICES;
        System.out.printf("no-op ops:   solver %.1f ms, plain loop %.1f ms -> solver overhead %.2f us/vertex (target < 20)%n",
                median(solverNoop), median(loopNoop), overheadUs);
        System.out.printf("real ops:    solver %.1f ms, plain loop %.1f ms -> ratio solver/loop %.2fx%n",
                median(solverReal), median(loopReal), median(solverReal) / median(loopReal));
        System.out.printf("cached:      re-solve of the root after a restart %.3f ms (target < 50);"
                + " index load %.1f ms; probing all %d vertices %.1f ms%n",
                median(cachedRoot), median(indexLoad), VERTICES, median(probeAll));
        System.out.printf("RESULT solver_overhead_us_per_vertex=%.2f cached_resolve_ms=%.3f real_ratio=%.2f%n",
                overheadUs, median(cachedRoot), median(solverReal) / median(loopReal));
    }

    static List<Vertex> buildDag(int n, Random rnd) {
        List<Vertex> out = new ArrayList<>(n);
        out.add(Vertex.of(new ScratchOp()));
        while (out.size() < n) {
            int i = out.size();
            Vertex a = out.get(i - 1);
            Vertex b = out.get(rnd.nextInt(i));
            Op op = i % 4 == 0 && !a.equals(b)
                    ? new MergeOp(List.of(b, a))
                    : new MkFileOp(a, "d" + (i % 16) + "/f" + (i % 64), "content " + i, 0644);
            out.add(Vertex.of(op));
        }
        return out;
    }

    private static void loop(List<Vertex> topo, OpEvaluator eval) {
        Map<Digest, Digest> results = new HashMap<>();
        try {
            for (Vertex v : topo) {
                List<Digest> in = new ArrayList<>();
                for (Vertex i : v.op().inputs()) {
                    in.add(results.get(i.key()));
                }
                results.put(v.key(), eval.evaluate(v.op(), in));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void solve(Solver s, Vertex v) {
        try {
            s.solve(v, Progress.NONE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static void delete(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }

    private static final class Fixture implements AutoCloseable {
        final ContentStore store;
        final CacheIndex index;
        final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

        Fixture(Path dir) throws Exception {
            store = ContentStore.open(dir);
            index = CacheIndex.open(dir);
        }

        @Override
        public void close() throws Exception {
            executor.shutdownNow();
            index.close();
        }
    }
}
