package dev.dagj.resolver.ref;

/**
 * Answers whether a git repository can be listed at a clone URL. Used to find the repository root of refs on hosts no
 * static rule knows (Dagger uses {@code ?go-get=1} meta tags there; dagj asks the git server directly).
 *
 * <p>Implementations MUST return false (not throw) when the URL is unreachable, refuses access or is not a repository,
 * and MUST propagate interruption.
 */
@FunctionalInterface
public interface RepositoryProbe {
    /** A probe that never finds a repository: only the static rules apply. */
    RepositoryProbe NONE = url -> false;

    boolean isRepository(String cloneUrl) throws InterruptedException;
}
