package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;

/**
 * A request the API cannot serve as asked: a bad path, a malformed or mistyped ID, a missing argument. The message
 * names the argument, path or ID at fault; it becomes the GraphQL error message as is.
 */
public class ApiException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ApiException(String message) {
        super(message);
    }

    public ApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
