package dev.dagj.engine.exec;

import java.util.concurrent.CompletableFuture;

/**
 * A cancel signal from the caller to a running exec. Any thread may call {@link #cancel()}; a run that sees it kills
 * its container and returns with {@link Termination#CANCELLED}. One instance may be shared by many runs (a session
 * cancelling all its execs).
 */
public final class Cancellation {
    private final CompletableFuture<Void> signal = new CompletableFuture<>();

    /** A new, not yet cancelled signal. */
    public Cancellation() {
    }

    /** A signal nobody else holds, so it is never cancelled. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        signal.complete(null);
    }

    public boolean isCancelled() {
        return signal.isDone();
    }

    /** Completes when cancelled. Package-private so callers cannot complete it another way. */
    CompletableFuture<Void> signal() {
        return signal;
    }
}
