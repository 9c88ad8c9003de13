package dev.dagj.resolver.config;

/**
 * The {@code codegen} object. {@code automaticGitignore} is null when the key is absent (which means true).
 */
public record CodegenConfig(Boolean automaticGitignore) {
    /** Whether codegen writes {@code .gitignore} entries for generated files (default true). */
    public boolean automaticGitignoreEnabled() {
        return automaticGitignore == null || automaticGitignore;
    }
}
