package dev.dagj.engine.module;

/**
 * A recipe step exited non-zero. The message is the step's own error output (for a Go build: the compiler's
 * {@code file:line:col} messages), which is what the user needs; {@link #what()} says which recipe it was.
 */
public final class RecipeFailedException extends ModuleException {
    private static final long serialVersionUID = 1L;
    private final String what;
    private final int exitCode;

    public RecipeFailedException(String what, int exitCode, boolean killed, String stderr) {
        super(stderr.isEmpty() ? what + " failed with exit code " + exitCode + (killed ? " (killed)" : "") : stderr);
        this.what = what;
        this.exitCode = exitCode;
    }

    public String what() {
        return what;
    }

    public int exitCode() {
        return exitCode;
    }
}
