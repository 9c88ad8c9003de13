package dev.dagj.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Start-up profiling for one CLI run: with {@value #ENV} set (to anything but empty or {@code 0}), each
 * {@link #mark} prints {@code [trace] <ms since JVM start> (+<ms since last mark>) <phase>} on stderr. Off, marks cost
 * nothing. The JVM's start time comes from the OS (10 ms resolution), the gaps from {@link System#nanoTime()}.
 */
final class PhaseTrace {
    static final String ENV = "DAGJ_TRACE";
    static final PhaseTrace OFF = new PhaseTrace(null, 0, 0);

    private final PrintStream err;
    private final long startNanos;
    private final long jvmStartMillis;
    private long lastNanos;

    private PhaseTrace(PrintStream err, long startNanos, long jvmStartMillis) {
        this.err = err;
        this.startNanos = startNanos;
        this.jvmStartMillis = jvmStartMillis;
        this.lastNanos = startNanos;
    }

    /** On when {@code env} sets {@value #ENV}; the first mark is {@code main}, taken now. */
    static PhaseTrace from(Map<String, String> env, PrintStream err) {
        String v = env.get(ENV);
        if (v == null || v.isEmpty() || v.equals("0")) {
            return OFF;
        }
        long now = System.nanoTime();
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(null);
        long sinceStart = jvmStart == null ? 0 : Duration.between(jvmStart, Instant.now()).toMillis();
        PhaseTrace t = new PhaseTrace(err, now, sinceStart);
        t.mark("main");
        return t;
    }

    boolean on() {
        return err != null;
    }

    /** Reports that {@code phase} just ended. */
    void mark(String phase) {
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        long total = jvmStartMillis + (now - startNanos) / 1_000_000;
        err.printf("[trace] %5d ms (+%4d ms) %s%n", total, (now - lastNanos) / 1_000_000, phase);
        lastNanos = now;
    }
}
