package dev.dagj.engine.exec;

/**
 * The chosen backend cannot honour the request as asked (for example bwrap with a uid switch or limits), and
 * running it anyway would silently change its meaning. Choose another backend.
 */
public final class UnsupportedRequestException extends ExecException {
    private static final long serialVersionUID = 1L;

    public UnsupportedRequestException(String message) {
        super(message);
    }
}
