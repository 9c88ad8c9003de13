package dev.dagj.engine.exec;

/** A program the executors need on the host ({@code runc}, {@code bwrap}, {@code unshare} ...) is not installed. */
public final class HostToolMissingException extends ExecException {
    private static final long serialVersionUID = 1L;
    private final String tool;

    public HostToolMissingException(String tool, String path) {
        super(tool + " is not installed on this host (looked for " + path
                + "); install it with: apt-get install runc bubblewrap");
        this.tool = tool;
    }

    public String tool() {
        return tool;
    }
}
