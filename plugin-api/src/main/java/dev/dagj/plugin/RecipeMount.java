package dev.dagj.plugin;

import java.util.Map;

/** Something the engine mounts into a recipe's container at {@link #path()}. */
public sealed interface RecipeMount {
    String path();

    /** The module's context directory, read-only (the source directory is at {@code sourceSubpath} inside it). */
    record ModuleSource(String path) implements RecipeMount {
    }

    /** The GraphQL introspection JSON of the module's API view, as a read-only file. */
    record Introspection(String path) implements RecipeMount {
    }

    /** Files the plugin ships (e.g. a code generator's sources), read-only; keys are '/'-separated relative paths. */
    record PluginFiles(String path, Map<String, byte[]> files) implements RecipeMount {
        public PluginFiles {
            files = Map.copyOf(files);
        }
    }

    /** A persistent cache volume in the engine's {@code internal} namespace. */
    record Cache(String path, String key, Sharing sharing) implements RecipeMount {
        public enum Sharing { SHARED, PRIVATE, LOCKED }
    }

    /**
     * A directory of the engine's host mounted read-only, for toolchains (the Go SDK mounts GOROOT). The engine MAY
     * refuse paths it does not allow.
     */
    record HostPath(String path, String hostPath) implements RecipeMount {
    }

    /** An empty writable directory whose contents are the recipe's output (generated code, a type-defs file). */
    record Output(String path) implements RecipeMount {
    }
}
