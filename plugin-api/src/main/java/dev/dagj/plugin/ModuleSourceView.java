package dev.dagj.plugin;

import java.util.List;
import java.util.Map;

/**
 * What a plugin may know about the module it works for. The files themselves are not here: recipes refer to them
 * through {@link RecipeMount.ModuleSource}, and the engine mounts the module's context directory there.
 *
 * @param moduleName the module's name from dagger.json
 * @param sourceSubpath the SDK source directory relative to the context directory ("" for the root)
 * @param sourceRootSubpath the directory holding dagger.json, relative to the context directory
 * @param sdkConfig the {@code sdk.config} object from dagger.json (values are JSON-compatible)
 * @param fileNames every file path under the source directory, relative to it, '/'-separated (lets a plugin decide
 *     e.g. whether to write an init template without reading files)
 * @param engineVersion the engineVersion the module asked for
 */
public record ModuleSourceView(String moduleName, String sourceSubpath, String sourceRootSubpath,
        Map<String, Object> sdkConfig, List<String> fileNames, String engineVersion) {
    public ModuleSourceView {
        sdkConfig = Map.copyOf(sdkConfig);
        fileNames = List.copyOf(fileNames);
    }
}
