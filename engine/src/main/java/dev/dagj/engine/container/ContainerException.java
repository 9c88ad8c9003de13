package dev.dagj.engine.container;

import dev.dagj.engine.EngineException;

/** A container op could not be evaluated: a missing layer, a bad user, a volume or secret problem. */
public class ContainerException extends EngineException {
    private static final long serialVersionUID = 1L;

    public ContainerException(String message) {
        super(message);
    }

    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
