package dev.dagj.engine;

/**
 * The checked root of every error the engine reports. Messages are written for the user: they name the thing at
 * fault (an op, a path, an ID) and, where there is one, what to do about it.
 */
public class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
