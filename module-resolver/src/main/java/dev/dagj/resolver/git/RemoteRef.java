package dev.dagj.resolver.git;

/**
 * One ref of a remote repository.
 *
 * @param name   the full ref name ({@code refs/heads/main}, {@code refs/tags/v1.0.0}); for a bare commit, its SHA
 * @param commit the commit it points to (annotated tags peeled)
 */
public record RemoteRef(String name, String commit) {

    /** Dagger's short name: {@code main} for {@code refs/heads/main}, {@code sub/v1} for {@code refs/tags/sub/v1}. */
    public String shortName() {
        if (isCommitSha(name)) {
            return name;
        }
        for (String prefix : new String[] {"refs/heads/", "refs/tags/", "refs/remotes/", "refs/"}) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }

    /** Whether {@code s} is a full SHA-1 or SHA-256 commit id in lower-case hex. */
    public static boolean isCommitSha(String s) {
        return (s.length() == 40 || s.length() == 64) && s.chars().allMatch(c -> c >= '0' && c <= '9'
                || c >= 'a' && c <= 'f');
    }
}
