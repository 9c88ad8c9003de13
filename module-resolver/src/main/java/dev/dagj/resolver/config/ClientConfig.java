package dev.dagj.resolver.config;

import java.util.Objects;

/** One entry of {@code clients}: a generated client and the directory it is generated in. */
public record ClientConfig(String generator, String directory) {
    public ClientConfig {
        generator = Objects.requireNonNullElse(generator, "");
        directory = Objects.requireNonNullElse(directory, "");
    }
}
