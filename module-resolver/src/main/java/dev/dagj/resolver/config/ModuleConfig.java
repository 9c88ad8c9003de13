package dev.dagj.resolver.config;

import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code dagger.json}, as read (legacy forms already upgraded) or about to be written. Components follow the
 * order in which Dagger writes the keys.
 *
 * <p>Absent values: strings are "", lists are empty, objects and {@code disableDefaultFunctionCaching} are null. The
 * deprecated {@code exclude} has no component: the reader folds it into {@link #include()}. As in Dagger, a config with
 * an SDK and no {@code source} reads with {@code source} "." (and "." is not written back).
 *
 * @param schema                        {@code $schema}, kept as is
 * @param name                          the module's original name
 * @param engineVersion                 as written in the file ("" when absent; see {@link EngineVersion})
 * @param sdk                           null for a module without an SDK
 * @param blueprint                     null when none
 * @param toolchains                    toolchain modules
 * @param include                       globs relative to the config dir; {@code !x} excludes
 * @param dependencies                  dependency modules
 * @param source                        SDK source dir relative to the source root
 * @param codegen                       null when absent
 * @param clients                       generated clients
 * @param disableDefaultFunctionCaching null when absent; only {@code true} is ever written back
 */
public record ModuleConfig(String schema, String name, String engineVersion, SdkConfig sdk, DependencyConfig blueprint,
        List<DependencyConfig> toolchains, List<String> include, List<DependencyConfig> dependencies, String source,
        CodegenConfig codegen, List<ClientConfig> clients, Boolean disableDefaultFunctionCaching) {

    public ModuleConfig {
        schema = Objects.requireNonNullElse(schema, "");
        name = Objects.requireNonNullElse(name, "");
        engineVersion = Objects.requireNonNullElse(engineVersion, "");
        toolchains = toolchains == null ? List.of() : List.copyOf(toolchains);
        include = include == null ? List.of() : List.copyOf(include);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        source = Objects.requireNonNullElse(source, "");
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** A new module's config, as {@code dagger init} starts it. {@code sdk} may be null. */
    public static ModuleConfig init(String name, String engineVersion, SdkConfig sdk, String source) {
        return new ModuleConfig("", name, engineVersion, sdk, null, List.of(), List.of(), List.of(), source, null,
                List.of(), null);
    }

    /** The dependency with this name, if any. */
    public Optional<DependencyConfig> dependencyByName(String depName) {
        return dependencies.stream().filter(d -> d.name().equals(depName)).findFirst();
    }

    /** The SDK source, or "" for a module without an SDK. */
    public String sdkSource() {
        return sdk == null ? "" : sdk.source();
    }

    public ModuleConfig withName(String v) {
        return new ModuleConfig(schema, v, engineVersion, sdk, blueprint, toolchains, include, dependencies, source,
                codegen, clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withEngineVersion(String v) {
        return new ModuleConfig(schema, name, v, sdk, blueprint, toolchains, include, dependencies, source, codegen,
                clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withSdk(SdkConfig v) {
        return new ModuleConfig(schema, name, engineVersion, v, blueprint, toolchains, include, dependencies, source,
                codegen, clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withBlueprint(DependencyConfig v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, v, toolchains, include, dependencies, source,
                codegen, clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withToolchains(List<DependencyConfig> v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, blueprint, v, include, dependencies, source, codegen,
                clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withInclude(List<String> v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, blueprint, toolchains, v, dependencies, source,
                codegen, clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withDependencies(List<DependencyConfig> v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, blueprint, toolchains, include, v, source, codegen,
                clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withSource(String v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, blueprint, toolchains, include, dependencies, v,
                codegen, clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withCodegen(CodegenConfig v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, blueprint, toolchains, include, dependencies, source,
                v, clients, disableDefaultFunctionCaching);
    }

    public ModuleConfig withClients(List<ClientConfig> v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, blueprint, toolchains, include, dependencies, source,
                codegen, v, disableDefaultFunctionCaching);
    }

    public ModuleConfig withDisableDefaultFunctionCaching(Boolean v) {
        return new ModuleConfig(schema, name, engineVersion, sdk, blueprint, toolchains, include, dependencies, source,
                codegen, clients, v);
    }

    /**
     * The checks Dagger makes when it loads a config (beyond types and engine version, which the reader checks):
     * blueprint exclusivity, the {@code source} path, and unique explicit dependency names.
     *
     * @param origin the config file, for {@link ResolverException#ref()}
     */
    public void validate(String origin) throws ResolverException {
        if (blueprint != null) {
            if (sdk != null) {
                throw new ResolverException(origin, "blueprint and sdk can't both be set");
            }
            if (!dependencies.isEmpty()) {
                throw new ResolverException(origin, "blueprint and dependencies can't both be set");
            }
            if (!source.isEmpty()) {
                throw new ResolverException(origin, "blueprint and source can't both be set");
            }
        }
        if (!source.isEmpty() && !SlashPaths.isLocal(source)) {
            throw new ResolverException(origin,
                    "source path " + GoQuote.quote(source) + " contains parent directory components");
        }
        if (sdkSource().isEmpty() && !source.isEmpty()) {
            throw new ResolverException(origin, "source path " + GoQuote.quote(source) + " specified without sdk");
        }
        Set<String> names = new HashSet<>();
        for (DependencyConfig dep : dependencies) {
            if (!dep.name().isEmpty() && !names.add(dep.name())) {
                throw new ResolverException(origin, "duplicate dependency name " + GoQuote.quote(dep.name()));
            }
        }
    }
}
