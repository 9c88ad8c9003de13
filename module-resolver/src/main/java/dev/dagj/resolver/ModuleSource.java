package dev.dagj.resolver;

import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.ref.RefKind;
import java.nio.file.Path;

/**
 * A located module: its context directory (what is uploaded, filtered by includes), its source root inside it and
 * its {@code dagger.json}.
 */
public sealed interface ModuleSource permits LocalModuleSource, GitModuleSource {
    RefKind kind();

    /** The context directory: the git root (for git sources, the checked-out tree), else the source root. */
    Path contextDir();

    /** The source root relative to the context dir, "." when they are the same. */
    String sourceRootSubpath();

    /** Whether {@code dagger.json} exists at the source root (always true for git sources). */
    boolean configExists();

    /** The module's config; null exactly when {@link #configExists()} is false. */
    ModuleConfig config();

    /**
     * The identity cache volumes and de-duplication use: for git {@code cloneRef[/subdir]} with no version; for local
     * the source-root subpath within the context dir.
     */
    String symbolic();

    /** Dagger's {@code asString}: the source root's absolute path, or {@code cloneRef[/subdir]@version}. */
    String asString();

    /** The pinned commit of a git source; "" for local. */
    String pin();

    /** The directory holding {@code dagger.json}. */
    default Path sourceRootDir() {
        return sourceRootSubpath().equals(".") ? contextDir() : contextDir().resolve(sourceRootSubpath());
    }

    /**
     * The {@code source} value for an SDK source dir at {@code path} (relative to the source root), as
     * {@code withSourceSubpath} checks it: it must not leave the source root.
     */
    default String sourceSubpathFor(String path) throws ResolverException {
        String rel = SlashPaths.relative("/" + sourceRootSubpath(), SlashPaths.join("/" + sourceRootSubpath(), path));
        if (!SlashPaths.isLocal(rel)) {
            throw new ResolverException(path, "local module source subpath " + GoQuote.quote(rel)
                    + " escapes source root " + GoQuote.quote(sourceRootSubpath()));
        }
        return rel;
    }

    /** The module's name from its config ("" without a config). */
    default String moduleName() {
        return config() == null ? "" : config().name();
    }
}
