package dev.dagj.resolver;

import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.git.ResolvedGitSource;
import dev.dagj.resolver.ref.GitModuleRef;
import dev.dagj.resolver.ref.RefKind;
import java.nio.file.Path;

/**
 * A module in a git repository at a pinned commit.
 *
 * @param git               the resolved ref and its checkout (the context directory)
 * @param sourceRootSubpath where {@code dagger.json} was found, relative to the repository root
 * @param config            the module's config
 */
public record GitModuleSource(ResolvedGitSource git, String sourceRootSubpath, ModuleConfig config)
        implements ModuleSource {

    @Override
    public RefKind kind() {
        return RefKind.GIT;
    }

    @Override
    public Path contextDir() {
        return git.checkoutDir();
    }

    @Override
    public boolean configExists() {
        return true;
    }

    @Override
    public String symbolic() {
        return GitModuleRef.format(git.cloneRef(), sourceRootSubpath, "");
    }

    @Override
    public String asString() {
        return GitModuleRef.format(git.cloneRef(), sourceRootSubpath, git.version());
    }

    @Override
    public String pin() {
        return git.commit();
    }

    /** The resolved version's short name (branch, tag or SHA). */
    public String version() {
        return git.version();
    }
}
