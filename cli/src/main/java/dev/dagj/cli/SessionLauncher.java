package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import java.nio.file.Path;

/**
 * Starts an engine and opens one session on it for a command. Implementations MUST return a session that is already
 * serving (its port accepts connections) and MUST release everything they started when the returned handle is closed.
 */
interface SessionLauncher {
    LaunchedSession launch(SessionRequest request) throws EngineException;

    /**
     * Says that a command about to parse its arguments will launch a session: an implementation MAY start work that
     * does not depend on the request (an embedded engine parses its API schema), so it overlaps the CLI's own start.
     */
    default void prepare() {
    }

    /**
     * Like {@link #prepare()}, with the state and work directories the command will most likely ask for (read from its
     * arguments before picocli parses them): an implementation MAY also open the engine and a session for them, and
     * MUST then use them only for a request with the same directories.
     */
    default void prepare(Path stateDir, Path workdir) {
        prepare();
    }

    /** Releases whatever {@link #prepare} started and no {@link #launch} took (the command ended without a session). */
    default void discardPrepared() {
    }
}
