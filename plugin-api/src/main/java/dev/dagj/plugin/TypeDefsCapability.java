package dev.dagj.plugin;

/**
 * Registers a module's types without running its functions (Dagger's {@code moduleTypes}): the recipe's entrypoint
 * writes a JSON-encoded Module ID to {@code outputFilePath}.
 */
public interface TypeDefsCapability {
    Result moduleTypes(Request request) throws SdkException;

    record Request(ModuleSourceView module, String introspectionJson, String outputFilePath) {
    }

    record Result(ContainerRecipe recipe) {
    }
}
