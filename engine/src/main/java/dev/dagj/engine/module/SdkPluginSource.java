package dev.dagj.engine.module;

import dev.dagj.plugin.SdkPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine gets its built-in SDK plugins from. Implementations MUST return a plugin by its
 * {@link SdkPlugin#name()} and MUST report a plugin that is present but cannot be loaded as a {@link ModuleException}
 * naming it (not as absent). They MAY load lazily and MUST be thread-safe.
 */
public interface SdkPluginSource {
    /** The plugin named {@code name} ("go"), or empty if none is installed under that name. */
    Optional<SdkPlugin> find(String name) throws ModuleException;

    /** Where plugins come from, for error messages ("plugins directory /opt/dagj/plugins"). */
    String describe();

    /**
     * Loads the plugins now, ahead of the first {@link #find} (the CLI does this on a spare core while it parses its
     * arguments). Failures are kept for {@code find} to report.
     */
    default void preload() {
    }

    /** No plugins at all. */
    static SdkPluginSource none() {
        return of();
    }

    /** A fixed set of plugin instances (tests, or plugins already on the class path). */
    static SdkPluginSource of(SdkPlugin... plugins) {
        Map<String, SdkPlugin> byName = new LinkedHashMap<>();
        for (SdkPlugin p : plugins) {
            byName.put(p.name(), p);
        }
        List<String> names = List.copyOf(byName.keySet());
        return new SdkPluginSource() {
            @Override
            public Optional<SdkPlugin> find(String name) {
                return Optional.ofNullable(byName.get(name));
            }

            @Override
            public String describe() {
                return "built-in plugins " + names;
            }
        };
    }
}
