package dev.dagj.engine.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.op.MergeOp;
import dev.dagj.engine.op.MkFileOp;
import dev.dagj.engine.op.Op;
import dev.dagj.engine.op.ScratchOp;
import dev.dagj.engine.op.SubdirOp;
import dev.dagj.engine.op.Vertex;
import dev.dagj.engine.store.CacheIndex;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import dev.dagj.engine.store.TreeEditor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolverTest {
    @TempDir
    Path state;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<CacheIndex> indexes = new ArrayList<>();

    @AfterEach
    void close() throws StoreException {
        executor.shutdownNow();
        for (CacheIndex i : indexes) {
            i.close();
        }
    }

    /** Wraps the real tree evaluator, counting evaluations per op key and letting a test intercept an op. */
    private static final class CountingEvaluator implements OpEvaluator {
        final OpEvaluator real;
        final Map<Digest, AtomicInteger> counts = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        volatile Hook hook = op -> { };

        interface Hook {
            void before(Op op) throws EngineException, InterruptedException;
        }

        CountingEvaluator(ContentStore store) throws StoreException {
            this.real = OpEvaluator.forTrees(store);
        }

        @Override
        public Digest evaluate(Op op, List<Digest> inputs) throws EngineException, InterruptedException {
            counts.computeIfAbsent(Vertex.of(op).key(), k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            hook.before(op);
            return real.evaluate(op, inputs);
        }

        int count(Vertex v) {
            AtomicInteger c = counts.get(v.key());
            return c == null ? 0 : c.get();
        }
    }

    private record Fixture(ContentStore store, CountingEvaluator eval, Solver solver) {
    }

    private Fixture open() throws StoreException {
        ContentStore store = ContentStore.open(state);
        CacheIndex index = CacheIndex.open(state);
        indexes.add(index);
        CountingEvaluator eval = new CountingEvaluator(store);
        return new Fixture(store, eval, new Solver(store, index, eval, executor));
    }

    private static Vertex file(Vertex base, String path, String contents) {
        return Vertex.of(new MkFileOp(base, path, contents, 0644));
    }

    @Test
    void diamondEvaluatesSharedVertexOnce() throws Exception {
        Fixture f = open();
        Vertex root = Vertex.of(new ScratchOp());
        Vertex shared = file(root, "shared", "s");
        Vertex left = file(shared, "left", "l");
        Vertex right = file(shared, "right", "r");
        Vertex top = Vertex.of(new MergeOp(List.of(left, right)));
        Digest result = f.solver.solve(top, Progress.NONE);
        TreeEditor trees = new TreeEditor(f.store);
        assertThat(trees.lookup(result, "shared")).isNotNull();
        assertThat(trees.lookup(result, "left")).isNotNull();
        assertThat(trees.lookup(result, "right")).isNotNull();
        assertThat(f.eval.count(shared)).isEqualTo(1);
        assertThat(f.eval.count(root)).isEqualTo(1);
        assertThat(f.eval.total.get()).isEqualTo(5);
    }

    @Test
    void equalKeysFromSeparatelyBuiltDagsShareOneEvaluation() throws Exception {
        Fixture f = open();
        Vertex a = file(Vertex.of(new ScratchOp()), "x", "1");
        Vertex b = file(Vertex.of(new ScratchOp()), "x", "1");
        assertThat(f.solver.solve(a, Progress.NONE)).isEqualTo(f.solver.solve(b, Progress.NONE));
        assertThat(f.eval.count(a)).isEqualTo(1);
    }

    @Test
    void concurrentSolvesOfTheSameKeyEvaluateOnce() throws Exception {
        Fixture f = open();
        Vertex slow = file(Vertex.of(new ScratchOp()), "slow", "z");
        assertFourConcurrentSolvesEvaluateOnce(f, slow);
    }

    @Test
    void aLoneUncachedRootOverCachedInputsIsEvaluatedOnTheSolvingThread() throws Exception {
        Fixture f = open();
        Vertex base = file(Vertex.of(new ScratchOp()), "base", "b");
        f.solver.solve(base, Progress.NONE);
        Map<String, Thread> threads = new ConcurrentHashMap<>();
        f.eval.hook = op -> {
            if (op instanceof MkFileOp m) {
                threads.put(m.path(), Thread.currentThread());
            }
        };
        f.solver.solve(file(base, "top", "t"), Progress.NONE);
        assertThat(threads.get("top")).isSameAs(Thread.currentThread());
        // Inputs still to be evaluated go to the executor, as before.
        f.solver.solve(file(file(base, "mid", "m"), "top2", "t"), Progress.NONE);
        assertThat(threads.get("mid")).isNotSameAs(Thread.currentThread());
    }

    @Test
    void concurrentSolvesOfALoneRootOverCachedInputsEvaluateOnce() throws Exception {
        Fixture f = open();
        Vertex base = file(Vertex.of(new ScratchOp()), "base", "b");
        f.solver.solve(base, Progress.NONE);
        Vertex slow = file(base, "slow", "z");
        assertFourConcurrentSolvesEvaluateOnce(f, slow);
    }

    /**
     * Four threads solve {@code slow} (whose MkFileOp blocks until all of them are waiting on it): they all get the
     * same digest and the op is evaluated once.
     */
    private static void assertFourConcurrentSolvesEvaluateOnce(Fixture f, Vertex slow) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        f.eval.hook = op -> {
            if (op instanceof MkFileOp) {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
        };
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Digest>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(clients.submit(() -> f.solver.solve(slow, Progress.NONE)));
            }
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            release.countDown();
            Digest first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Digest> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(first);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(f.eval.count(slow)).isEqualTo(1);
    }

    @Test
    void independentVerticesRunInParallel() throws Exception {
        Fixture f = open();
        Vertex root = Vertex.of(new ScratchOp());
        Vertex left = file(root, "left", "l");
        Vertex right = file(root, "right", "r");
        CountDownLatch both = new CountDownLatch(2);
        // Each branch waits until the other has started: this finishes only if they run at the same time.
        f.eval.hook = op -> {
            if (op instanceof MkFileOp) {
                both.countDown();
                if (!both.await(10, TimeUnit.SECONDS)) {
                    throw new EngineException("the two independent branches did not run concurrently");
                }
            }
        };
        Digest d = f.solver.solve(Vertex.of(new MergeOp(List.of(left, right))), Progress.NONE);
        assertThat(new TreeEditor(f.store).lookup(d, "left")).isNotNull();
    }

    @Test
    void errorNamesTheFailingOpAndIsNotCached() throws Exception {
        Fixture f = open();
        Vertex missing = Vertex.of(new SubdirOp(file(Vertex.of(new ScratchOp()), "a", "x"), "nope/deeper"));
        Vertex top = file(missing, "b", "y");
        assertThatThrownBy(() -> f.solver.solve(top, Progress.NONE))
                .isInstanceOf(SolveException.class)
                .hasMessageContaining("subdir /nope/deeper")
                .hasMessageContaining("no such file or directory: /nope/deeper")
                .satisfies(e -> assertThat(((SolveException) e).opKey()).isEqualTo(missing.key()));
        int before = f.eval.count(missing);
        assertThatThrownBy(() -> f.solver.solve(top, Progress.NONE)).isInstanceOf(SolveException.class);
        assertThat(f.eval.count(missing)).isEqualTo(before + 1);
        assertThat(f.eval.count(top)).isZero();
    }

    @Test
    void resultsSurviveARestartAndAreProbedTopDown() throws Exception {
        Vertex top = file(file(Vertex.of(new ScratchOp()), "a", "1"), "b", "2");
        Fixture first = open();
        Digest r1 = first.solver.solve(top, Progress.NONE);
        assertThat(first.eval.total.get()).isEqualTo(3);

        Fixture second = open();
        List<Progress.Status> events = new ArrayList<>();
        Digest r2 = second.solver.solve(top, (v, s, n) -> events.add(s));
        assertThat(r2).isEqualTo(r1);
        assertThat(second.eval.total.get()).isZero();
        assertThat(events).containsExactly(Progress.Status.CACHED);
    }

    @Test
    void aCachedResultWhoseTreeIsGoneIsEvaluatedAgain() throws Exception {
        Vertex top = file(Vertex.of(new ScratchOp()), "gone", "bye");
        Fixture first = open();
        Digest r1 = first.solver.solve(top, Progress.NONE);
        Files.delete(dev.dagj.engine.store.StoreTestFiles.looseBlob(first.store, r1));

        Fixture second = open();
        assertThat(second.solver.solve(top, Progress.NONE)).isEqualTo(r1);
        assertThat(second.eval.count(top)).isEqualTo(1);
        assertThat(second.store.has(r1)).isTrue();
    }

    @Test
    void aDeepChainNeedsNoDeepStack() throws Exception {
        Fixture f = open();
        Vertex v = Vertex.of(new ScratchOp());
        for (int i = 0; i < 5000; i++) {
            v = file(v, "f" + (i % 7), Integer.toString(i));
        }
        Digest d = f.solver.solve(v, Progress.NONE);
        assertThat(new TreeEditor(f.store).lookup(d, "f0")).isNotNull();
    }
}
