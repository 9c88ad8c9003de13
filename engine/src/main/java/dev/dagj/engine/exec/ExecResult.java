package dev.dagj.engine.exec;

import java.time.Duration;

/**
 * What a run produced. A non-zero exit is a result, not an exception.
 *
 * @param exitCode    the process's exit status; 128 + signal number when it died of a signal (137 for SIGKILL, which
 *                    is also what a timeout, a cancel or the OOM killer give)
 * @param stdout      captured stdout, capped
 * @param stderr      captured stderr, capped
 * @param duration    wall time from starting the sandbox to its exit
 * @param termination whether the executor killed it (timeout, cancel) or it ended on its own
 * @param backend     which backend ran it
 * @param release     when the executor is done with the run's directories: at once, except for
 *                    {@link ContainerExecutor#runDeferringCleanup}
 */
public record ExecResult(int exitCode, CapturedOutput stdout, CapturedOutput stderr, Duration duration,
        Termination termination, BackendKind backend, Release release) {

    public ExecResult(int exitCode, CapturedOutput stdout, CapturedOutput stderr, Duration duration,
            Termination termination, BackendKind backend) {
        this(exitCode, stdout, stderr, duration, termination, backend, Release.DONE);
    }

    ExecResult withRelease(Release r) {
        return new ExecResult(exitCode, stdout, stderr, duration, termination, backend, r);
    }

    public boolean killed() {
        return termination != Termination.EXITED;
    }

    public boolean succeeded() {
        return termination == Termination.EXITED && exitCode == 0;
    }
}
