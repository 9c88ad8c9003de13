package dev.dagj.engine.api;

import dev.dagj.engine.Engine;
import dev.dagj.resolver.ModuleSource;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.config.SdkConfig;
import dev.dagj.resolver.ref.RefKind;
import java.nio.file.Path;

/**
 * A module source as the API sees it: where the resolver found it, plus the edits made with {@code with*} fields and
 * not yet written ({@code dagger init} and {@code develop} write them through {@code generatedContextDirectory}).
 *
 * @param source the resolved source
 * @param config the effective config (the file's, with the pending edits); null when there is no config and no edit
 */
record ModuleSourceState(ModuleSource source, ModuleConfig config) {

    static ModuleSourceState of(ModuleSource source) {
        return new ModuleSourceState(source, source.config());
    }

    Path contextDir() {
        return source.contextDir();
    }

    String sourceRootSubpath() {
        return source.sourceRootSubpath();
    }

    Path sourceRootDir() {
        return source.sourceRootDir();
    }

    RefKind kind() {
        return source.kind();
    }

    /** The module's name: configured, else the source root's directory name (what init defaults to). */
    String moduleName() {
        if (config != null && !config.name().isEmpty()) {
            return config.name();
        }
        Path name = sourceRootDir().getFileName();
        return name == null ? "" : name.toString();
    }

    String sdkSource() {
        return config == null ? "" : config.sdkSource();
    }

    /** The SDK source directory relative to the source root ("." for the root itself). */
    String sourceDirInRoot() {
        if (config == null || config.source().isEmpty()) {
            return ".";
        }
        return SlashPaths.clean(config.source());
    }

    /** The SDK source directory relative to the context directory; "" without an SDK. */
    String sourceSubpath() {
        if (sdkSource().isEmpty()) {
            return "";
        }
        return SlashPaths.clean(SlashPaths.join(sourceRootSubpath(), sourceDirInRoot()));
    }

    private ModuleConfig editable() {
        if (config != null) {
            return config;
        }
        return ModuleConfig.init(moduleName(), Engine.DAGGER_VERSION, null, "");
    }

    ModuleSourceState withName(String name) {
        return new ModuleSourceState(source, editable().withName(name));
    }

    ModuleSourceState withSdk(String sdk) throws ApiException {
        ModuleConfig c = editable();
        if (c.sdk() != null && !c.sdk().source().isEmpty() && !c.sdk().source().equals(sdk) && source.configExists()) {
            throw new ApiException("cannot update module SDK that has already been set to \""
                    + c.sdk().source() + "\"");
        }
        return new ModuleSourceState(source, c.withSdk(c.sdk() == null ? SdkConfig.of(sdk) : c.sdk().withSource(sdk)));
    }

    ModuleSourceState withSourceSubpath(String path) throws ApiException {
        String rel;
        try {
            rel = source.sourceSubpathFor(path);
        } catch (ResolverException e) {
            throw new ApiException(e.getMessage(), e);
        }
        return new ModuleSourceState(source, editable().withSource(rel.equals(".") ? "" : rel));
    }

    ModuleSourceState withEngineVersion(String v) {
        return new ModuleSourceState(source, editable().withEngineVersion(v));
    }
}
