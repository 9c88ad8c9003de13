package dev.dagj.cli;

/**
 * The checked root of every error the CLI reports itself (as opposed to errors the engine reports). The message is
 * printed to the user as one line, prefixed with {@code Error: }, so it must say what was wrong and, where possible,
 * what to do instead.
 */
public class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
