package dev.dagj.plugin;

import java.util.Map;

/**
 * Builds the container that runs a module's functions (Dagger's {@code moduleRuntime}); enables {@code call} and
 * {@code functions}.
 *
 * <p>The engine runs {@code build} (typically: compile the module with its generated code) and keeps its
 * {@link RecipeMount.Output}; then, for every registration and call, it runs {@code runtime}: a recipe without steps
 * whose {@link RecipeMount.BuildOutput} mounts expose the build's output and whose entrypoint is the dispatcher. Run
 * with {@code /.daggermod} mounted, working directory {@code /scratch} and a nested session
 * ({@code DAGGER_SESSION_PORT}, {@code DAGGER_SESSION_TOKEN}), the dispatcher registers types or calls one function,
 * following Dagger's function-call protocol.
 */
public interface RuntimeCapability {
    Result moduleRuntime(Request request) throws SdkException;

    /**
     * @param settings engine configuration for the plugin (see {@link CodegenCapability.Request#settings()})
     */
    record Request(ModuleSourceView module, String introspectionJson, Map<String, String> settings) {
        public Request {
            settings = Map.copyOf(settings);
        }
    }

    record Result(ContainerRecipe build, ContainerRecipe runtime) {
    }
}
