package dev.dagj.resolver.ref;

/**
 * A local module ref: a path as the user wrote it (relative to the caller's working directory, or a dependency name
 * to look up), not yet made absolute.
 */
public record LocalModuleRef(String path) implements ModuleRef {
    @Override
    public RefKind kind() {
        return RefKind.LOCAL;
    }
}
