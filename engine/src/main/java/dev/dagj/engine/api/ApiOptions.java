package dev.dagj.engine.api;

import java.util.List;

/**
 * How a session's API differs from the main one. A function runtime's nested session has no {@code host} and carries
 * the call it serves ({@code currentModule}, {@code currentFunctionCall}).
 *
 * @param host whether {@code Query.host} exists
 * @param call the function call a nested session serves; null for a client session
 * @param dependencies the modules served from the start: a module's dependencies (namespaced) in its nested session
 */
public record ApiOptions(boolean host, FunctionCallContext call, List<ServedModule> dependencies) {
    /** A client's session: everything, no function call. */
    public static final ApiOptions MAIN = new ApiOptions(true, null);

    public ApiOptions {
        dependencies = List.copyOf(dependencies);
    }

    public ApiOptions(boolean host, FunctionCallContext call) {
        this(host, call, List.of());
    }

    static ApiOptions nested(FunctionCallContext call) {
        return new ApiOptions(false, call);
    }

    static ApiOptions nested(FunctionCallContext call, List<ServedModule> dependencies) {
        return new ApiOptions(false, call, dependencies);
    }
}
