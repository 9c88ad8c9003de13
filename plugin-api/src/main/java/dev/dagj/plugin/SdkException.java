package dev.dagj.plugin;

/** A plugin could not describe the requested work; the message is shown to the user as is. */
public class SdkException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdkException(String message) {
        super(message);
    }

    public SdkException(String message, Throwable cause) {
        super(message, cause);
    }
}
