package dev.dagj.resolver.ref;

/** Where a module comes from. */
public enum RefKind {
    /** A directory on the caller's file system. */
    LOCAL,
    /** A directory in a git repository at some commit. */
    GIT;

    /** Dagger's human string: {@code local} or {@code git}. */
    public String humanName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
