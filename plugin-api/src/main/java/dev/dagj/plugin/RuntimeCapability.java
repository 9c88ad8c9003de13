package dev.dagj.plugin;

/**
 * Builds the container that runs a module's functions (Dagger's {@code moduleRuntime}); enables {@code call} and
 * {@code functions}. The recipe's entrypoint is the dispatcher: run with {@code /.daggermod} mounted and a nested
 * session, it registers types or calls one function, following Dagger's function-call protocol.
 */
public interface RuntimeCapability {
    Result moduleRuntime(Request request) throws SdkException;

    record Request(ModuleSourceView module, String introspectionJson) {
    }

    record Result(ContainerRecipe recipe) {
    }
}
