package dev.dagj.engine.exec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * When an executor is done with a run's directories ({@link ContainerExecutor#runDeferringCleanup}): its overlays
 * unmounted and its scratch dirs removed. Until then the caller must not remove, move or mount again the upper and
 * work dirs of the request's overlays; reading them is fine. A failed clean-up counts as done: what it left is
 * removed by the next engine's {@link StaleStateCleaner}.
 */
public final class Release {
    static final Release DONE = new Release(CompletableFuture.completedFuture(null));
    private final CompletableFuture<Void> done;

    Release(CompletableFuture<Void> done) {
        this.done = done.handle((v, t) -> null);
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** Waits until the executor is done with the run's directories. */
    public void await() throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: failures count as done", e);
        }
    }

    /** Runs {@code action} once the executor is done with the run's directories: now, or on the releasing thread. */
    public void then(Runnable action) {
        done.thenRun(action);
    }
}
