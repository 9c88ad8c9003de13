package dev.dagj.engine.module;

import dev.dagj.plugin.SdkPlugin;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the SDK plugin for a module's {@code sdk.source}, with Dagger's errors: a built-in name with a version
 * ({@code go@main}) is refused, a built-in that has no plugin yet says so, anything else that is not a module ref is
 * {@code invalid SDK: "foo-bar"}.
 */
public final class SdkSelection {
    /** Dagger's built-in SDK names. */
    static final List<String> BUILTIN = List.of("go", "python", "typescript", "php", "elixir", "java");
    private final SdkPluginSource plugins;

    public SdkSelection(SdkPluginSource plugins) {
        this.plugins = plugins;
    }

    public SdkPluginSource plugins() {
        return plugins;
    }

    /** The plugin for {@code source} (as written in dagger.json). */
    public SdkPlugin select(String source) throws ModuleException {
        String name = source;
        String version = "";
        int at = source.indexOf('@');
        if (at >= 0) {
            name = source.substring(0, at);
            version = source.substring(at + 1);
        }
        if (BUILTIN.contains(name)) {
            if (!version.isEmpty()) {
                throw new ModuleException("the " + name + " sdk does not currently support selecting a specific version");
            }
            Optional<SdkPlugin> p = plugins.find(name);
            if (p.isPresent()) {
                return p.get();
            }
            if (name.equals("go")) {
                throw new ModuleException("the built-in go SDK plugin is not installed: nothing named \"go\" in "
                        + plugins.describe());
            }
            throw new ModuleException("the " + name + " SDK is not available yet in this engine (only the go SDK is);"
                    + " use --sdk=go");
        }
        Optional<SdkPlugin> p = plugins.find(source);
        if (p.isPresent()) {
            return p.get();
        }
        if (looksLikeModuleRef(source)) {
            throw new ModuleException("SDK " + quote(source) + ": SDKs written as modules are not supported yet by"
                    + " this engine; use a built-in SDK (go)");
        }
        throw new ModuleException("invalid SDK: " + quote(source));
    }

    private static boolean looksLikeModuleRef(String s) {
        return s.startsWith(".") || s.startsWith("/") || s.contains("/");
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
