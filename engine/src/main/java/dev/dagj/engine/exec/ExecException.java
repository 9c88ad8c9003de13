package dev.dagj.engine.exec;

import dev.dagj.engine.EngineException;

/**
 * Running a container failed before or around the process: the sandbox could not be set up, the runtime failed, or
 * waiting was interrupted by an I/O error. A process that ran and exited non-zero is not an exception but an
 * {@link ExecResult}. The subclasses are the cases an API layer maps to distinct errors.
 */
public sealed class ExecException extends EngineException
        permits ProcessStartException, HostToolMissingException, UnsupportedRequestException {
    private static final long serialVersionUID = 1L;

    public ExecException(String message) {
        super(message);
    }

    public ExecException(String message, Throwable cause) {
        super(message, cause);
    }
}
