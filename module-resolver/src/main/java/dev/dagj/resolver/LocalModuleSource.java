package dev.dagj.resolver;

import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.ref.RefKind;
import java.nio.file.Path;

/**
 * A module on the local file system.
 *
 * @param contextDir        absolute context directory
 * @param sourceRootSubpath the source root relative to it
 * @param originalSubpath   the path the user asked for, relative to the context dir
 * @param config            null when there is no {@code dagger.json} yet
 */
public record LocalModuleSource(Path contextDir, String sourceRootSubpath, String originalSubpath,
        ModuleConfig config) implements ModuleSource {

    @Override
    public RefKind kind() {
        return RefKind.LOCAL;
    }

    @Override
    public boolean configExists() {
        return config != null;
    }

    @Override
    public String symbolic() {
        return sourceRootSubpath;
    }

    @Override
    public String asString() {
        return sourceRootDir().toString();
    }

    @Override
    public String pin() {
        return "";
    }
}
