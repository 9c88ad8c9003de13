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
     * Says that a command about to parse its arguments will launch a session, most likely for these state and work
     * directories (read from its arguments before picocli parses them): an implementation MAY start work so that it
     * overlaps the CLI's own start (the embedded engine opens itself and a session), and MUST then use what it opened
     * only for a request with the same directories. {@code schemaAhead} says whether the command will most likely
     * generate the API schema (a query or a function call does; a warm {@code functions} reads its kept
     * introspection), so that its core schema is worth parsing ahead on a spare core.
     */
    default void prepare(Path stateDir, Path workdir, boolean schemaAhead) {
    }

    /** Releases whatever {@link #prepare} started and no {@link #launch} took (the command ended without a session). */
    default void discardPrepared() {
    }
}
