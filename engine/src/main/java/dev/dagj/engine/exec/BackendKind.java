package dev.dagj.engine.exec;

/** The backends that exist. */
public enum BackendKind {
    RUNC,
    BWRAP
}
