package dev.dagj.resolver.git;

import java.nio.file.Path;

/**
 * A git ref resolved to a commit and checked out.
 *
 * @param cloneRef    the source clone ref (scheme, user as written, root): what stored refs start with
 * @param cloneUrl    the URL the commit was (or would have been) fetched from
 * @param subdir      the ref's path inside the repository, "." for the root (before any walk-up to dagger.json)
 * @param version     the resolved version's short name ({@code main}, {@code sub/v1.0.0}) or the commit SHA
 * @param refName     the full ref name the version resolved to ("" for a bare commit or an offline pin)
 * @param commit      the commit SHA
 * @param checkoutDir the checked-out tree of the commit ({@code <cache>/checkouts/<commit>}): the context directory
 */
public record ResolvedGitSource(String cloneRef, String cloneUrl, String subdir, String version, String refName,
        String commit, Path checkoutDir) {

    /** The directory of {@link #subdir()} inside the checkout. */
    public Path subdirPath() {
        return subdir.equals(".") ? checkoutDir : checkoutDir.resolve(subdir);
    }
}
