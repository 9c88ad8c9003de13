package dev.dagj.engine.solve;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;

/** Evaluating an op failed. Carries the failing op's key and label; the message says what went wrong there. */
public class SolveException extends EngineException {
    private static final long serialVersionUID = 1L;
    private final transient Digest opKey;
    private final String opLabel;

    public SolveException(String opLabel, Digest opKey, String message, Throwable cause) {
        super(message, cause);
        this.opKey = opKey;
        this.opLabel = opLabel;
    }

    public Digest opKey() {
        return opKey;
    }

    public String opLabel() {
        return opLabel;
    }
}
