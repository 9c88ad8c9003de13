/**
 * The {@code dagger.json} model ({@link dev.dagj.resolver.config.ModuleConfig} and its parts), the strict
 * {@link dev.dagj.resolver.config.ModuleConfigReader} (legacy forms upgraded on read, errors naming file, line and
 * column) and the {@link dev.dagj.resolver.config.ModuleConfigWriter}, which writes byte for byte what Dagger v0.19.11
 * writes: Dagger's key order, 2-space indent, Go's string escaping and a trailing newline.
 */
package dev.dagj.resolver.config;
