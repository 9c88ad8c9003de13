package dev.dagj.resolver.ref;

import dev.dagj.resolver.SlashPaths;
import java.util.List;

/**
 * A parsed git module ref. For {@code https://user@github.com/owner/repo/sub/dir@v1.2.0}: scheme HTTPS, repo root
 * {@code github.com/owner/repo}, subdir {@code sub/dir}, version {@code v1.2.0}, source clone ref
 * {@code https://user@github.com/owner/repo}.
 *
 * @param refString      the ref as given
 * @param scheme         how it was written
 * @param repoRoot       the repository root
 * @param subdir         the cleaned path inside the repository, "." for its root (may still be walked up from)
 * @param version        what followed the first {@code @} of the path ("" for none)
 * @param hasVersion     whether there was an {@code @} at all
 * @param sourceCloneRef scheme, the user as written and the root (with port): what is stored and shown, and the base
 *                       of the symbolic ref
 * @param cloneRef       the same with the default user filled in ({@code git} for {@code ssh://}): what is cloned
 */
public record GitModuleRef(String refString, GitScheme scheme, RepoRoot repoRoot, String subdir, String version,
        boolean hasVersion, String sourceCloneRef, String cloneRef) implements ModuleRef {

    @Override
    public RefKind kind() {
        return RefKind.GIT;
    }

    /**
     * The URLs to fetch from, in the order to try them. A ref without a scheme tries {@code https://} and then
     * {@code ssh://} with user {@code git}; every other form has exactly one URL (SCP-like stays SCP-like).
     */
    public List<String> cloneUrls() {
        if (scheme == GitScheme.NONE) {
            String userless = cloneRef.contains("@") ? cloneRef.substring(cloneRef.indexOf('@') + 1) : cloneRef;
            String sshUser = cloneRef.contains("@") ? cloneRef.substring(0, cloneRef.indexOf('@') + 1) : "git@";
            return List.of("https://" + cloneRef, "ssh://" + sshUser + userless);
        }
        return List.of(cloneRef);
    }

    /**
     * The symbolic ref of a module at {@code sourceRootSubpath} in this repository: the source clone ref plus the
     * subpath, without a version. Cache volumes and dependency de-duplication are keyed by it.
     */
    public String symbolic(String sourceRootSubpath) {
        return format(sourceCloneRef, sourceRootSubpath, "");
    }

    /** This ref with another version (or none, for ""), keeping the subdir. */
    public String withVersion(String newVersion) {
        return format(sourceCloneRef, subdir, newVersion);
    }

    /**
     * Dagger's {@code GitRefString}: {@code cloneRef[/subpath][@version]}, the form stored in {@code dagger.json}.
     */
    public static String format(String cloneRef, String subpath, String version) {
        String sub = SlashPaths.join("/", subpath);
        String out = sub.equals("/") ? cloneRef : cloneRef + sub;
        return version.isEmpty() ? out : out + "@" + version;
    }
}
