package dev.dagj.engine.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One started sandbox process (the {@code unshare}/{@code sh} wrapper that becomes runc or bwrap): feeds stdin,
 * captures stdout and stderr up to a cap, and waits for it under a timeout and a cancellation, killing the container
 * through the backend's {@link TreeKiller} when either fires.
 */
final class SupervisedRun {
    /** Kills everything in the container started by {@code process}, then returns; called at most once. */
    interface TreeKiller {
        void kill(Process process) throws ExecException;
    }

    /** What the wait produced; {@code interrupted} means the caller's thread was interrupted (and the run killed). */
    record Outcome(int exitCode, CapturedOutput stdout, CapturedOutput stderr, Duration duration,
            Termination termination, boolean interrupted) {
    }

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

    private final Process process;
    private final long startNanos;
    /**
     * Threads that copy the sandbox's stdout and stderr (and feed its stdin), reused across runs: starting two
     * platform threads per exec cost about 2 ms on a busy host (the starter waits until each new thread runs).
     */
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dagj-exec-io");
        t.setDaemon(true);
        return t;
    });

    /**
     * The one thread that starts every sandbox process. Linux delivers a parent-death signal (bwrap's
     * {@code --die-with-parent}) when the <em>thread</em> that forked the process ends, and the JVM forks from the
     * thread that calls {@link ProcessBuilder#start}: from a virtual thread that is a carrier of the scheduler, which
     * retires after 30 s idle and so SIGKILLed long builds started from an HTTP request. This thread lives as long as
     * the JVM, so the signal means what it should: the engine died.
     */
    private static final ExecutorService SPAWNER = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "dagj-exec-spawner");
                t.setDaemon(true);
                return t;
            });

    private final Future<?> stdoutReader;
    private final Future<?> stderrReader;
    private final CappedSink stdout;
    private final CappedSink stderr;

    private SupervisedRun(Process process, long startNanos, int cap) {
        this.process = process;
        this.startNanos = startNanos;
        this.stdout = new CappedSink(cap);
        this.stderr = new CappedSink(cap);
        this.stdoutReader = drain(process.getInputStream(), stdout);
        this.stderrReader = drain(process.getErrorStream(), stderr);
    }

    static SupervisedRun start(ProcessBuilder pb, byte[] stdin, int outputCap, String name) throws ExecException {
        pb.redirectInput(stdin.length == 0 ? HostCommand.DEV_NULL : ProcessBuilder.Redirect.PIPE);
        long t0 = System.nanoTime();
        Process p = spawn(pb);
        SupervisedRun run = new SupervisedRun(p, t0, outputCap);
        if (stdin.length > 0) {
            IO.execute(() -> feed(p.getOutputStream(), stdin));
        }
        return run;
    }

    /** {@code pb.start()} on {@link #SPAWNER}, waiting for it even if interrupted (the flag is kept for the caller). */
    static Process spawn(ProcessBuilder pb) throws ExecException {
        Future<Process> f = SPAWNER.submit(pb::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw new ExecException("cannot start " + pb.command().get(0) + ": " + c.getMessage(), c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Process process() {
        return process;
    }

    /**
     * Waits until the process exits, the timeout passes or {@code cancellation} fires; in the last two cases (and on
     * interrupt) kills the container with {@code killer}. Always returns with the process gone and its output read.
     */
    Outcome await(Optional<Duration> timeout, Cancellation cancellation, TreeKiller killer) throws ExecException {
        Termination termination = Termination.EXITED;
        boolean interrupted = false;
        CompletableFuture<Object> exitOrCancel = CompletableFuture.anyOf(process.onExit(), cancellation.signal());
        try {
            if (timeout.isPresent()) {
                exitOrCancel.get(timeout.get().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                exitOrCancel.get();
            }
        } catch (TimeoutException e) {
            termination = Termination.TIMED_OUT;
        } catch (InterruptedException e) {
            interrupted = true;
            termination = Termination.CANCELLED;
        } catch (ExecutionException e) {
            throw new ExecException("waiting for the container failed: " + e.getCause(), e.getCause());
        }
        if (termination == Termination.EXITED && cancellation.isCancelled() && process.isAlive()) {
            termination = Termination.CANCELLED;
        }
        if (termination != Termination.EXITED && process.isAlive()) {
            killer.kill(process);
        } else {
            termination = Termination.EXITED;
        }
        int exit = HostCommand.waitUninterruptibly(process, Duration.ofDays(1));
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        interrupted |= joinUninterruptibly(stdoutReader) | joinUninterruptibly(stderrReader);
        if (interrupted) {
            Thread.interrupted();
        }
        return new Outcome(exit, stdout.captured(), stderr.captured(), took, termination, interrupted);
    }

    private static boolean joinUninterruptibly(Future<?> reader) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (!reader.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                reader.get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException e) {
                break;
            }
        }
        return interrupted;
    }

    private static void feed(OutputStream out, byte[] bytes) {
        try (out) {
            out.write(bytes);
        } catch (IOException e) {
            // The process exited or closed stdin before reading everything; that is its business.
        }
    }

    private static Future<?> drain(InputStream in, CappedSink sink) {
        return IO.submit(() -> {
            byte[] buf = new byte[16384];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0;) {
                    sink.write(buf, n);
                }
            } catch (IOException e) {
                // The pipe closed under us (process killed); keep what was read.
            }
        });
    }

    /** Keeps the first {@code cap} bytes and counts the rest. Written by one thread, read after it ends. */
    static final class CappedSink {
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;

        CappedSink(int cap) {
            this.cap = cap;
        }

        synchronized void write(byte[] buf, int n) {
            int keep = (int) Math.max(0, Math.min(n, cap - total));
            kept.write(buf, 0, keep);
            total += n;
        }

        synchronized CapturedOutput captured() {
            return new CapturedOutput(kept.toByteArray(), total);
        }
    }
}
