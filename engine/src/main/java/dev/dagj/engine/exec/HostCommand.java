package dev.dagj.engine.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short host command the executors run for housekeeping ({@code runc kill}, {@code runc delete}, {@code runc list}).
 * It runs to completion even if the calling thread is interrupted (cleanup must finish); the interrupt flag is
 * restored afterwards.
 */
record HostCommand(int exitCode, String output) {
    static final ProcessBuilder.Redirect DEV_NULL = ProcessBuilder.Redirect.from(new java.io.File("/dev/null"));
    private static final Duration LIMIT = Duration.ofSeconds(30);

    boolean ok() {
        return exitCode == 0;
    }

    static HostCommand run(List<String> argv) throws ExecException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(DEV_NULL).start();
        } catch (IOException e) {
            throw new ExecException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            out = "";
        }
        return new HostCommand(waitUninterruptibly(p, LIMIT), out.strip());
    }

    /**
     * Waits for {@code p} for at most {@code limit}, ignoring interrupts (the flag is restored); kills it with
     * SIGKILL if it takes longer. Returns its exit code.
     */
    static int waitUninterruptibly(Process p, Duration limit) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                try {
                    long left = deadline - System.nanoTime();
                    if (p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                        return p.exitValue();
                    }
                    p.destroyForcibly();
                    deadline = System.nanoTime() + limit.toNanos();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
