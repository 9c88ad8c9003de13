package dev.dagj.cli;

import dev.dagj.engine.EngineException;

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
}
