package dev.dagj.resolver.local;

import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import dev.dagj.resolver.config.ModuleConfigReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates local modules. From an absolute path P, walks up to the nearest directory with {@code dagger.json} (the
 * source root) and the nearest with {@code .git} (a directory or, in worktrees, a file; the context dir). With
 * find-up off ({@code dagger init}, local dependencies) the source root is P itself and the config exists only when
 * P holds it. Without a {@code .git} the context dir is the source root. P need not exist (init of a new dir).
 */
public final class LocalModuleLocator {

    /**
     * Locates the module at {@code path}.
     *
     * @param path   an absolute path
     * @param findUp whether to walk up to a {@code dagger.json} in a parent directory
     */
    public LocalModuleLocation locate(Path path, boolean findUp) throws ResolverException {
        Path requested = path.toAbsolutePath().normalize();
        Optional<Path> configDir = findUp(requested, ModuleConfigReader.FILENAME);
        Optional<Path> gitDir = findUp(requested, ".git");
        Path sourceRoot;
        boolean configExists;
        if (findUp && configDir.isPresent()) {
            sourceRoot = configDir.get();
            configExists = true;
        } else {
            sourceRoot = requested;
            configExists = configDir.isPresent() && configDir.get().equals(requested);
        }
        Path contextDir = gitDir.orElse(sourceRoot);
        String rel = slashRelative(contextDir, sourceRoot);
        if (!SlashPaths.isLocal(rel)) {
            throw new ResolverException(sourceRoot.toString(), "source root path " + GoQuote.quote(rel)
                    + " escapes context " + GoQuote.quote(contextDir.toString()));
        }
        return new LocalModuleLocation(contextDir, sourceRoot, requested, configExists);
    }

    /** The nearest directory at or above {@code start} that contains {@code name}. */
    public Optional<Path> findUp(Path start, String name) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    static String slashRelative(Path base, Path target) {
        return SlashPaths.relative(base.toString().replace('\\', '/'), target.toString().replace('\\', '/'));
    }
}
