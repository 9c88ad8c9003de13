package dev.dagj.plugin;

import java.util.List;

/** Generates a module's code (Dagger's {@code codegen}); enables {@code dagger init} and {@code dagger develop}. */
public interface CodegenCapability {
    /**
     * Describes the code generation. The engine runs {@code recipe()}'s steps; what they leave under the recipe's
     * {@link RecipeMount.Output} directory, relative to the module source directory, is the generated code.
     */
    Result codegen(Request request) throws SdkException;

    record Request(ModuleSourceView module, String introspectionJson) {
    }

    record Result(ContainerRecipe recipe, String outputPath, List<String> vcsGeneratedPaths,
            List<String> vcsIgnoredPaths) {
        public Result {
            vcsGeneratedPaths = List.copyOf(vcsGeneratedPaths);
            vcsIgnoredPaths = List.copyOf(vcsIgnoredPaths);
        }
    }
}
