package dev.dagj.resolver.ref;

/** A parsed module ref: a local path or a git ref. */
public sealed interface ModuleRef permits LocalModuleRef, GitModuleRef {
    RefKind kind();
}
