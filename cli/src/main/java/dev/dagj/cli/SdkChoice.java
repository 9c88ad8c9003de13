package dev.dagj.cli;

import dev.dagj.resolver.config.SdkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code --sdk} value of {@code init} and {@code develop}: a built-in SDK name or a module ref (git ref or local
 * path) of an external SDK. Built-ins take no version. Whether the engine has a built-in SDK's plugin is the engine's
 * answer (for example "the python SDK is not available yet in this engine"), given when it is asked for codegen.
 *
 * @param source the value to write as {@code sdk.source}
 */
record SdkChoice(String source) {
    /** Dagger's built-in SDK names. */
    static final Set<String> BUILTIN = Set.of("go", "python", "typescript", "php", "elixir", "java");

    static SdkChoice parse(String value) throws CliException {
        int at = value.indexOf('@');
        String base = at < 0 ? value : value.substring(0, at);
        if (BUILTIN.contains(base) && at >= 0) {
            throw new CliException("the " + base + " sdk does not currently support selecting a specific version");
        }
        return new SdkChoice(value);
    }

    SdkConfig config() {
        return SdkConfig.of(source);
    }

    boolean builtin() {
        return BUILTIN.contains(source);
    }

    /**
     * Whether the engine can be asked for code generation: built-ins always; an external SDK unless it is a local
     * path that does not exist (such a module is written anyway and fails when loaded, with the engine's
     * {@code invalid SDK} error, as Dagger's does).
     */
    boolean canGenerate(Path sourceRoot) {
        if (builtin()) {
            return true;
        }
        boolean local = source.startsWith(".") || source.startsWith("/") || !source.contains(".");
        return !local || Files.isDirectory(sourceRoot.resolve(source));
    }
}
