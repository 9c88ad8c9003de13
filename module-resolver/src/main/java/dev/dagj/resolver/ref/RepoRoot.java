package dev.dagj.resolver.ref;

/**
 * The root of a git repository within a ref.
 *
 * @param root    the import-path form of the root, e.g. {@code github.com/owner/repo} (as written, {@code .git}
 *                kept; SCP-like roots use {@code host:owner/repo})
 * @param htmlUrl the repository's web address, e.g. {@code https://github.com/owner/repo}
 */
public record RepoRoot(String root, String htmlUrl) {
}
