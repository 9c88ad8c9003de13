package dev.dagj.engine.store;

import dev.dagj.engine.EngineException;

/** A content store read or write failed; the message names the blob, tree or path. */
public class StoreException extends EngineException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
