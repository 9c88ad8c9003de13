package dev.dagj.cli;

import dev.dagj.resolver.config.SdkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code --sdk} value of {@code init} and {@code develop}: a built-in SDK name or a module ref (git ref or local
 * path) of an external SDK. Built-ins take no version; the ones dagj does not ship yet say so.
 *
 * @param source the value to write as {@code sdk.source}
 */
record SdkChoice(String source) {
    /** The SDKs dagj ships as plugins. */
    static final Set<String> AVAILABLE = Set.of("go");
    /** Dagger's other built-in SDK names, which dagj does not ship (yet). */
    static final Set<String> NOT_YET = Set.of("python", "typescript", "php", "elixir", "java");

    static SdkChoice parse(String value) throws CliException {
        int at = value.indexOf('@');
        String base = at < 0 ? value : value.substring(0, at);
        if (AVAILABLE.contains(base)) {
            if (at >= 0) {
                throw new CliException("the " + base + " sdk does not currently support selecting a specific version");
            }
            return new SdkChoice(base);
        }
        if (NOT_YET.contains(base)) {
            throw new CliException("the " + base + " SDK is not available yet in this engine (built-in: "
                    + String.join(", ", AVAILABLE) + "); an SDK module can be given by git ref or local path instead");
        }
        return new SdkChoice(value);
    }

    SdkConfig config() {
        return SdkConfig.of(source);
    }

    boolean builtin() {
        return AVAILABLE.contains(source);
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
