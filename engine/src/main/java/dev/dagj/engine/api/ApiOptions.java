package dev.dagj.engine.api;

/**
 * How a session's API differs from the main one. A function runtime's nested session has no {@code host} and carries
 * the call it serves ({@code currentModule}, {@code currentFunctionCall}).
 *
 * @param host whether {@code Query.host} exists
 * @param call the function call a nested session serves; null for a client session
 * @param secrets the secrets the session may use: its caller's for a function call, null for a scope of its own
 */
public record ApiOptions(boolean host, FunctionCallContext call, SecretScope secrets) {
    /** A client's session: everything, no function call, its own secrets. */
    public static final ApiOptions MAIN = new ApiOptions(true, null, null);

    static ApiOptions nested(FunctionCallContext call) {
        return new ApiOptions(false, call, null);
    }

    /** A function call's session, sharing the calling session's secrets. */
    static ApiOptions nested(FunctionCallContext call, SecretScope secrets) {
        return new ApiOptions(false, call, secrets);
    }
}
