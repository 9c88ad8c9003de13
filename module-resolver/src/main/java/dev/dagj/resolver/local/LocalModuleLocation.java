package dev.dagj.resolver.local;

import java.nio.file.Path;

/**
 * Where a local module lives.
 *
 * @param contextDir        the nearest directory holding {@code .git}, or the source root when there is none
 * @param sourceRoot        the directory holding (or to hold) {@code dagger.json}
 * @param requestedPath     the absolute path the lookup started from
 * @param configExists      whether {@code sourceRoot/dagger.json} exists
 */
public record LocalModuleLocation(Path contextDir, Path sourceRoot, Path requestedPath, boolean configExists) {

    /** The source root relative to the context dir ("." when they are the same). */
    public String sourceRootSubpath() {
        return LocalModuleLocator.slashRelative(contextDir, sourceRoot);
    }

    /** The requested path relative to the context dir. */
    public String originalSubpath() {
        return LocalModuleLocator.slashRelative(contextDir, requestedPath);
    }
}
