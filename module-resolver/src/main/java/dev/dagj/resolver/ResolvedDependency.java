package dev.dagj.resolver;

/**
 * A dependency as its parent sees it.
 *
 * @param name   the name the parent uses: the entry's {@code name}, else the dependency module's own name
 * @param source the loaded dependency module
 */
public record ResolvedDependency(String name, ModuleSource source) {
}
