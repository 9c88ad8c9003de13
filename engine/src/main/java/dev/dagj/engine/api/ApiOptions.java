package dev.dagj.engine.api;

/**
 * How a session's API differs from the main one. A function runtime's nested session has no {@code host} and carries
 * the call it serves ({@code currentModule}, {@code currentFunctionCall}).
 *
 * @param host whether {@code Query.host} exists
 * @param call the function call a nested session serves; null for a client session
 */
public record ApiOptions(boolean host, FunctionCallContext call) {
    /** A client's session: everything, no function call. */
    public static final ApiOptions MAIN = new ApiOptions(true, null);

    static ApiOptions nested(FunctionCallContext call) {
        return new ApiOptions(false, call);
    }
}
