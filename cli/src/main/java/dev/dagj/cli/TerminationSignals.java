package dev.dagj.cli;

/**
 * Lets a long-running command react to the process being asked to stop (SIGTERM, SIGINT) instead of dying with the
 * JVM's default exit status 143/130. The official SDKs stop {@code dagger session} with SIGTERM and treat any
 * non-zero exit as a crash, so the session command turns the signal into an orderly shutdown and exit 0.
 */
interface TerminationSignals {
    /**
     * Runs {@code action} (on some other thread) when the process is asked to terminate. Implementations MUST replace
     * the default behaviour of exiting the JVM; the action decides what happens next. Called at most once per command.
     */
    void onTerminate(Runnable action);

    /** For in-process use where nothing may touch process-wide signal handling: never fires. */
    TerminationSignals NONE = action -> { };
}
