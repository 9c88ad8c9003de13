package dev.dagj.engine.exec;

/**
 * The container was set up but its process could not be started: the executable does not exist, is not executable,
 * or the working directory is unusable. No exit code exists. The message has runc's shape, e.g.
 * {@code exec "nope": executable file not found in $PATH}, whichever backend ran it.
 */
public final class ProcessStartException extends ExecException {
    private static final long serialVersionUID = 1L;
    private final String executable;

    public ProcessStartException(String executable, String message) {
        super(message);
        this.executable = executable;
    }

    /** {@code args[0]} of the process that could not start. */
    public String executable() {
        return executable;
    }
}
