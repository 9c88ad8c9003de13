package dev.dagj.engine.solve;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.op.OpLabels;
import dev.dagj.engine.op.Vertex;
import dev.dagj.engine.store.CacheIndex;
import dev.dagj.engine.store.ContentStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Evaluates vertices to result digests (for directory ops: the digest of the result tree).
 *
 * <p>Cache probing is top-down: a vertex whose key has a recorded result whose tree is still in the store is done
 * without looking at its inputs. The remaining vertices are evaluated bottom-up; each starts when its inputs are done,
 * on the engine's executor, so independent vertices run in parallel; a root whose inputs are all done when the solve
 * starts (a lone uncached exec on a cached image, say) is evaluated on the solving thread itself, which saves two
 * thread hand-offs. All solves of one engine share one map of in-flight evaluations, so equal keys are evaluated once
 * even when concurrent sessions ask for them. Failures are not cached: the next solve tries again.
 */
public final class Solver {
    private final ContentStore store;
    private final CacheIndex index;
    private final OpEvaluator evaluator;
    private final Executor executor;
    private final Map<Digest, CompletableFuture<Digest>> inFlight = new ConcurrentHashMap<>();

    public Solver(ContentStore store, CacheIndex index, OpEvaluator evaluator, Executor executor) {
        this.store = store;
        this.index = index;
        this.evaluator = evaluator;
        this.executor = executor;
    }

    public ContentStore store() {
        return store;
    }

    /** Evaluates {@code root} and returns its result digest. */
    public Digest solve(Vertex root, Progress progress) throws SolveException, InterruptedException {
        List<Runnable> onThisThread = new ArrayList<>(1);
        CompletableFuture<Digest> result = future(root, progress, onThisThread);
        for (Runnable r : onThisThread) {
            r.run();
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new SolveException(OpLabels.label(root.op()), root.key(), "the solve was cancelled", e);
        }
    }

    private static SolveException unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof SolveException se) {
            return se;
        }
        return new SolveException("?", null, "internal error while solving: " + c, c);
    }

    private Digest cached(Vertex v) {
        Digest r = index.get(v.key());
        if (r == null) {
            return null;
        }
        if (!store.has(r)) {
            index.forget(v.key());
            return null;
        }
        return r;
    }

    /**
     * Builds (or joins) the futures for every vertex reachable from {@code root} that is neither cached nor already
     * in flight, with an iterative post-order walk so deep chains need no deep stack.
     */
    private CompletableFuture<Digest> future(Vertex root, Progress progress, List<Runnable> onThisThread) {
        Map<Digest, CompletableFuture<Digest>> local = new HashMap<>();
        Deque<Vertex> stack = new ArrayDeque<>();
        Deque<Boolean> expanded = new ArrayDeque<>();
        stack.push(root);
        expanded.push(false);
        while (!stack.isEmpty()) {
            Vertex v = stack.pop();
            boolean exp = expanded.pop();
            if (local.containsKey(v.key())) {
                continue;
            }
            if (!exp) {
                CompletableFuture<Digest> running = inFlight.get(v.key());
                if (running != null) {
                    local.put(v.key(), running);
                    continue;
                }
                Digest hit = cached(v);
                if (hit != null) {
                    progress.vertex(v, Progress.Status.CACHED, 0);
                    local.put(v.key(), CompletableFuture.completedFuture(hit));
                    continue;
                }
                stack.push(v);
                expanded.push(true);
                for (Vertex in : v.op().inputs()) {
                    if (!local.containsKey(in.key())) {
                        stack.push(in);
                        expanded.push(false);
                    }
                }
                continue;
            }
            local.put(v.key(), schedule(v, local, progress, v == root ? onThisThread : null));
        }
        return local.get(root.key());
    }

    /**
     * Starts the evaluation of {@code v} once its inputs are done, on the executor; with {@code onThisThread}, when
     * they are done already, it is added there for the caller to run instead.
     */
    private CompletableFuture<Digest> schedule(Vertex v, Map<Digest, CompletableFuture<Digest>> local,
            Progress progress, List<Runnable> onThisThread) {
        CompletableFuture<Digest> mine = new CompletableFuture<>();
        CompletableFuture<Digest> existing = inFlight.putIfAbsent(v.key(), mine);
        if (existing != null) {
            return existing;
        }
        List<CompletableFuture<Digest>> ins = new ArrayList<>();
        for (Vertex in : v.op().inputs()) {
            ins.add(local.get(in.key()));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(ins.toArray(CompletableFuture[]::new));
        if (onThisThread != null && all.isDone()) {
            onThisThread.add(() -> finish(v, ins, all.isCompletedExceptionally() ? all.exceptionNow() : null,
                    progress, mine));
        } else {
            all.whenCompleteAsync((ok, err) -> finish(v, ins, err, progress, mine), executor);
        }
        return mine;
    }

    /** Evaluates {@code v} and completes {@code mine} with the result or the failure. */
    private void finish(Vertex v, List<CompletableFuture<Digest>> ins, Throwable err, Progress progress,
            CompletableFuture<Digest> mine) {
        Digest result = null;
        SolveException failure = null;
        try {
            result = evaluateOne(v, ins, err, progress);
        } catch (SolveException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new SolveException(OpLabels.label(v.op()), v.key(),
                    OpLabels.label(v.op()) + ": internal error: " + e, e);
        }
        // Leave the in-flight map before completing: a solve that starts once this one has returned must
        // neither reuse a failure (failures are not cached) nor miss a result (it is in the index by now).
        inFlight.remove(v.key(), mine);
        if (failure != null) {
            mine.completeExceptionally(failure);
        } else {
            mine.complete(result);
        }
    }

    private Digest evaluateOne(Vertex v, List<CompletableFuture<Digest>> ins, Throwable inputFailure,
            Progress progress) throws SolveException {
        if (inputFailure != null) {
            throw unwrap(inputFailure);
        }
        List<Digest> inputs = new ArrayList<>(ins.size());
        for (CompletableFuture<Digest> f : ins) {
            inputs.add(f.join());
        }
        String label = OpLabels.label(v.op());
        long t0 = System.nanoTime();
        try {
            Digest r = evaluator.evaluate(v.op(), inputs);
            index.put(v.key(), r);
            progress.vertex(v, Progress.Status.DONE, System.nanoTime() - t0);
            return r;
        } catch (EngineException e) {
            progress.vertex(v, Progress.Status.FAILED, System.nanoTime() - t0);
            throw new SolveException(label, v.key(), label + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SolveException(label, v.key(), label + ": interrupted", e);
        } catch (RuntimeException e) {
            progress.vertex(v, Progress.Status.FAILED, System.nanoTime() - t0);
            throw new SolveException(label, v.key(), label + ": internal error: " + e, e);
        }
    }
}
