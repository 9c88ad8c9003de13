package dev.dagj.engine.exec;

/** How a run ended. */
public enum Termination {
    /** The process exited (or died of a signal, or the kernel's OOM killer) on its own. */
    EXITED,
    /** The timeout passed and the executor killed the container. */
    TIMED_OUT,
    /** The caller cancelled and the executor killed the container. */
    CANCELLED
}
