/**
 * Parse, pin and fetch module references: local paths and git refs (through JGit). A leaf Maven module: it depends on
 * no other dagj module.
 *
 * <p>{@link dev.dagj.resolver.ModuleResolver} is the entry point: it turns a ref string (a local path, a dependency
 * name or a git ref) into a {@link dev.dagj.resolver.ModuleSource}: the module's context directory, source root and
 * parsed {@code dagger.json}. Subpackages: {@code config} (the {@code dagger.json} model, reader and writer),
 * {@code ref} (ref syntax and repo-root splitting), {@code git} (ls-remote, the commit cache and checkouts),
 * {@code local} (walking up to the source root and context directory) and {@code deps} (the dependency-list edits
 * behind {@code dagger install}, {@code uninstall}, {@code update} and {@code develop}).
 */
package dev.dagj.resolver;
