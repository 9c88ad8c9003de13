package dev.dagj.engine.api;

import java.util.List;

/**
 * How a session's API differs from the main one. A function runtime's nested session has no {@code host} and carries
 * the call it serves ({@code currentModule}, {@code currentFunctionCall}).
 *
 * @param host whether {@code Query.host} exists
 * @param call the function call a nested session serves; null for a client session
 * @param secrets the secrets the session may use: its caller's for a function call, null for a scope of its own
 * @param dependencies the modules served from the start: a module's dependencies (namespaced) in its nested session
 * @param interfaceOwner in a function call's session, the called module, whose interface types (only) are served
 *                       under the names its runtime registered; null otherwise
 * @param implementations the modules of the objects behind the call's interface-typed arguments
 */
public record ApiOptions(boolean host, FunctionCallContext call, SecretScope secrets, List<ServedModule> dependencies,
        ServedModule interfaceOwner, List<ServedModule> implementations) {
    /** A client's session: everything, no function call, its own secrets. */
    public static final ApiOptions MAIN = new ApiOptions(true, null, null, List.of());

    public ApiOptions {
        dependencies = List.copyOf(dependencies);
        implementations = List.copyOf(implementations);
    }

    public ApiOptions(boolean host, FunctionCallContext call, SecretScope secrets, List<ServedModule> dependencies) {
        this(host, call, secrets, dependencies, null, List.of());
    }

    /** These options serving {@code owner}'s interface types and knowing {@code impls} (see the parameters). */
    ApiOptions withInterfaces(ServedModule owner, List<ServedModule> impls) {
        return new ApiOptions(host, call, secrets, dependencies, owner, impls);
    }

    static ApiOptions nested(FunctionCallContext call) {
        return new ApiOptions(false, call, null, List.of());
    }

    /** A function call's session: sharing the calling session's secrets, serving the module's dependencies. */
    static ApiOptions nested(FunctionCallContext call, SecretScope secrets, List<ServedModule> dependencies) {
        return new ApiOptions(false, call, secrets, dependencies);
    }

    static ApiOptions nested(FunctionCallContext call, List<ServedModule> dependencies) {
        return new ApiOptions(false, call, null, dependencies);
    }
}
