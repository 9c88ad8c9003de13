package dev.dagj.engine.solve;

import dev.dagj.engine.op.Vertex;

/**
 * Receives one event per vertex a solve touches. Implementations MUST be thread-safe and MUST NOT block for long:
 * they are called from evaluation threads.
 */
public interface Progress {
    enum Status { CACHED, DONE, FAILED }

    void vertex(Vertex v, Status status, long nanos);

    Progress NONE = (v, s, n) -> { };
}
