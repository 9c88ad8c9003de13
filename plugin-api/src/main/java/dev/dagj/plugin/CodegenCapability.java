package dev.dagj.plugin;

import java.util.List;
import java.util.Map;

/** Generates a module's code (Dagger's {@code codegen}); enables {@code dagger init} and {@code dagger develop}. */
public interface CodegenCapability {
    /**
     * Describes the code generation. The engine runs {@code recipe()}'s steps; what they leave under the recipe's
     * {@link RecipeMount.Output} directory at {@code outputPath}, relative to the module's SDK source directory, is the
     * generated code. A step that fails is reported with its stderr, which should name the user's file and line.
     */
    Result codegen(Request request) throws SdkException;

    /**
     * @param settings engine configuration meant for plugins, by key (e.g. {@code go.root}: the Go toolchain to
     *     use); a plugin MUST ignore keys it does not know
     */
    record Request(ModuleSourceView module, String introspectionJson, Map<String, String> settings) {
        public Request {
            settings = Map.copyOf(settings);
        }
    }

    /**
     * @param vcsGeneratedPaths paths (globs) of generated files, relative to the SDK source directory, marked
     *     {@code linguist-generated} in {@code .gitattributes}
     * @param vcsIgnoredPaths paths of generated files that are not committed, added to {@code .gitignore}; the
     *     engine also leaves them out of the module's source when it digests or mounts it
     */
    record Result(ContainerRecipe recipe, String outputPath, List<String> vcsGeneratedPaths,
            List<String> vcsIgnoredPaths) {
        public Result {
            vcsGeneratedPaths = List.copyOf(vcsGeneratedPaths);
            vcsIgnoredPaths = List.copyOf(vcsIgnoredPaths);
        }
    }
}
