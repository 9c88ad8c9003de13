package dev.dagj.resolver.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code sdk} field: a built-in SDK name ({@code go}) or a module ref. A legacy string {@code "sdk": "go"} reads as
 * {@code {"source": "go"}}; the writer always writes the object form.
 *
 * @param source       the SDK ref; "" only when a config said {@code "sdk": ""}
 * @param config       free-form settings fed to the SDK's {@code withConfig}; JSON values as Java values (String,
 *                     Boolean, Double, null, List, Map), as Go's {@code map[string]any} holds them
 * @param debug        {@code "debug": true}
 * @param experimental experimental features by name, e.g. {@code SELF_CALLS -> true}
 */
public record SdkConfig(String source, Map<String, Object> config, boolean debug, Map<String, Boolean> experimental) {
    public SdkConfig {
        Objects.requireNonNull(source, "source");
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        experimental = experimental == null ? Map.of() : Map.copyOf(experimental);
    }

    /** An SDK with just a source. */
    public static SdkConfig of(String source) {
        return new SdkConfig(source, Map.of(), false, Map.of());
    }

    public SdkConfig withSource(String newSource) {
        return new SdkConfig(newSource, config, debug, experimental);
    }

    public SdkConfig withExperimental(Map<String, Boolean> features) {
        return new SdkConfig(source, config, debug, features);
    }
}
