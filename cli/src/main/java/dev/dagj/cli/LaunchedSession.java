package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;

/** A session together with whatever was started to serve it; closing it closes both, session first. */
interface LaunchedSession extends AutoCloseable {
    Session session();

    @Override
    void close() throws EngineException;
}
