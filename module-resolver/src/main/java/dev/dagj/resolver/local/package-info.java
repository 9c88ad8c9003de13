/**
 * Finding a module on the local file system: walking up from a path to the nearest {@code dagger.json} (the source
 * root) and the nearest {@code .git} (the context directory), as Dagger's {@code localModuleSource} does.
 */
package dev.dagj.resolver.local;
