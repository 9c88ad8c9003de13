package dev.dagj.resolver;

import java.util.Objects;

/**
 * The checked root of every error the module resolver reports. The message is written for the user and matches
 * Dagger's wording where tests compare it; {@link #ref()} names the module ref, path or file at fault ("" when there
 * is none).
 */
public class ResolverException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String ref;

    public ResolverException(String ref, String message) {
        super(message);
        this.ref = Objects.requireNonNullElse(ref, "");
    }

    public ResolverException(String ref, String message, Throwable cause) {
        super(message, cause);
        this.ref = Objects.requireNonNullElse(ref, "");
    }

    /** The module ref, path or file this error is about; "" when there is none. */
    public String ref() {
        return ref;
    }
}
