package dev.dagj.resolver.config;

import java.util.List;
import java.util.Objects;

/**
 * A toolchain's override of a function argument's defaults ({@code toolchains[].customizations[]}). Empty strings and
 * empty lists mean "not set" and are not written.
 *
 * @param function       the function chain the argument belongs to; empty for the constructor
 * @param argument       the argument's name
 * @param defaultValue   written as {@code default}
 * @param defaultPath    default path for File or Directory arguments
 * @param defaultAddress default address for Container arguments
 * @param ignore         ignore patterns for Directory arguments
 */
public record ArgumentCustomization(List<String> function, String argument, String defaultValue, String defaultPath,
        String defaultAddress, List<String> ignore) {
    public ArgumentCustomization {
        function = function == null ? List.of() : List.copyOf(function);
        argument = Objects.requireNonNullElse(argument, "");
        defaultValue = Objects.requireNonNullElse(defaultValue, "");
        defaultPath = Objects.requireNonNullElse(defaultPath, "");
        defaultAddress = Objects.requireNonNullElse(defaultAddress, "");
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }
}
