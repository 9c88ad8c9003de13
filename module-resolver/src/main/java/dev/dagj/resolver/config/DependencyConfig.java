package dev.dagj.resolver.config;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code dependencies}, {@code toolchains} or the {@code blueprint}. A legacy string entry reads as
 * {@code {"source": "<string>"}} with an empty name.
 *
 * @param name             the name the parent uses for it; "" until resolved (it defaults to the dependency's module name)
 * @param source           a path relative to the parent's source root, or a git ref {@code cloneRef[/subdir]@version}
 * @param pin              the commit a git source is pinned to; "" for none
 * @param customizations   toolchain argument overrides
 * @param ignoreChecks     toolchain check patterns to hide
 * @param ignoreGenerators toolchain generator patterns to hide
 */
public record DependencyConfig(String name, String source, String pin, List<ArgumentCustomization> customizations,
        List<String> ignoreChecks, List<String> ignoreGenerators) {
    public DependencyConfig {
        name = Objects.requireNonNullElse(name, "");
        source = Objects.requireNonNullElse(source, "");
        pin = Objects.requireNonNullElse(pin, "");
        customizations = customizations == null ? List.of() : List.copyOf(customizations);
        ignoreChecks = ignoreChecks == null ? List.of() : List.copyOf(ignoreChecks);
        ignoreGenerators = ignoreGenerators == null ? List.of() : List.copyOf(ignoreGenerators);
    }

    /** A plain dependency: name, source and pin. */
    public static DependencyConfig of(String name, String source, String pin) {
        return new DependencyConfig(name, source, pin, List.of(), List.of(), List.of());
    }

    public DependencyConfig withName(String newName) {
        return new DependencyConfig(newName, source, pin, customizations, ignoreChecks, ignoreGenerators);
    }

    public DependencyConfig withSource(String newSource, String newPin) {
        return new DependencyConfig(name, newSource, newPin, customizations, ignoreChecks, ignoreGenerators);
    }
}
