package dev.dagj.cli;

import dev.dagj.engine.op.OpLabels;
import dev.dagj.engine.op.Vertex;
import dev.dagj.engine.solve.Progress;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints the engine's per-vertex events to stderr: one line per vertex ({@code CACHED mkfile /a.txt},
 * {@code DONE mkfile /a.txt (3ms)}, {@code FAILED ...}) or, in dots mode, one character per vertex.
 */
final class ProgressPrinter implements Progress {
    private final PrintStream err;
    private final boolean dots;
    private final AtomicBoolean printedDot = new AtomicBoolean();

    private ProgressPrinter(PrintStream err, boolean dots) {
        this.err = err;
        this.dots = dots;
    }

    static ProgressPrinter lines(PrintStream err) {
        return new ProgressPrinter(err, false);
    }

    static ProgressPrinter dots(PrintStream err) {
        return new ProgressPrinter(err, true);
    }

    @Override
    public void vertex(Vertex v, Status status, long nanos) {
        if (dots) {
            err.print(status == Status.FAILED ? 'x' : '.');
            err.flush();
            printedDot.set(true);
            return;
        }
        String label = OpLabels.label(v.op());
        err.println(switch (status) {
            case CACHED -> "CACHED " + label;
            case DONE -> "DONE " + label + " (" + nanos / 1_000_000 + "ms)";
            case FAILED -> "FAILED " + label + " (" + nanos / 1_000_000 + "ms)";
        });
    }

    /** Ends the dots line, if any was started. */
    void finish() {
        if (printedDot.getAndSet(false)) {
            err.println();
        }
    }
}
