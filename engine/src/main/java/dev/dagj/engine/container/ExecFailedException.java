package dev.dagj.engine.container;

import java.util.List;

/**
 * A process exited with a status its exec's {@code expect} does not allow. The message is Dagger's ({@code process
 * "cmd args" did not complete successfully: exit code: N}); the API adds the fields as {@code EXEC_ERROR} error
 * extensions. Output is already scrubbed of the exec's secrets.
 */
public final class ExecFailedException extends ContainerException {
    private static final long serialVersionUID = 1L;
    private final List<String> cmd;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public ExecFailedException(List<String> cmd, int exitCode, String stdout, String stderr, String message) {
        super(message);
        this.cmd = List.copyOf(cmd);
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public List<String> cmd() {
        return cmd;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}
