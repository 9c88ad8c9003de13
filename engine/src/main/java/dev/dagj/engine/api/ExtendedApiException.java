package dev.dagj.engine.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API error that carries GraphQL error extensions: a module function's {@code returnError} values, or
 * {@code _type: EXEC_ERROR} with {@code cmd}, {@code exitCode}, {@code stdout}, {@code stderr} for a failed process.
 */
public class ExtendedApiException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, Object> extensions;

    public ExtendedApiException(String message, Map<String, Object> extensions) {
        super(message);
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public Map<String, Object> extensions() {
        return Map.copyOf(extensions);
    }
}
