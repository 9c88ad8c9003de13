package dev.dagj.plugin;

/** Generates a standalone client for a module's API (Dagger's {@code generateClient}). */
public interface ClientGenCapability {
    Result generateClient(Request request) throws SdkException;

    record Request(ModuleSourceView module, String introspectionJson, String outputDir) {
    }

    record Result(ContainerRecipe recipe, String outputPath) {
    }
}
