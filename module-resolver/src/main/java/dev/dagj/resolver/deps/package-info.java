/**
 * The dependency-list edits behind {@code dagger install}, {@code uninstall}, {@code update} and {@code develop}:
 * computing the stored form of a dependency, de-duplicating by symbolic ref, sorting by name, and Dagger's exact
 * error messages. Edits return a new {@link dev.dagj.resolver.config.ModuleConfig}; writing it is the caller's step.
 */
package dev.dagj.resolver.deps;
