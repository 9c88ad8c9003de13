package dev.dagj.resolver.ref;

/**
 * The scheme a git ref was written with. Dagger knows none, {@code http}, {@code https}, {@code ssh} and SCP-like
 * ({@code git@host:owner/repo}); dagj adds {@code git://} (the git daemon protocol) and {@code file://}, which tests and
 * air-gapped setups use.
 */
public enum GitScheme {
    NONE(""),
    HTTP("http://"),
    HTTPS("https://"),
    SSH("ssh://"),
    SCP_LIKE(""),
    GIT("git://"),
    FILE("file://");

    private final String prefix;

    GitScheme(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix written before the host ("" for none and SCP-like). */
    public String prefix() {
        return prefix;
    }

    /** The scheme a ref string starts with, or {@link #NONE}. SCP-like is decided later, from the rest. */
    static GitScheme of(String ref) {
        for (GitScheme s : values()) {
            if (!s.prefix.isEmpty() && ref.startsWith(s.prefix)) {
                return s;
            }
        }
        return NONE;
    }
}
