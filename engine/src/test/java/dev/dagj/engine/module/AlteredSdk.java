package dev.dagj.engine.module;

import dev.dagj.plugin.CodegenCapability;
import dev.dagj.plugin.ContainerRecipe;
import dev.dagj.plugin.RuntimeCapability;
import dev.dagj.plugin.SdkException;
import dev.dagj.plugin.SdkPlugin;
import java.util.HashMap;
import java.util.Map;

/** A real SDK plugin seen through a test lens: another version, or other declared recipe versions (a toolchain). */
public final class AlteredSdk implements SdkPlugin, CodegenCapability, RuntimeCapability {
    private final SdkPlugin real;
    private final String version;
    private final Map<String, String> versions;

    public AlteredSdk(SdkPlugin real, String version, Map<String, String> versions) {
        this.real = real;
        this.version = version;
        this.versions = Map.copyOf(versions);
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public String version() {
        return version;
    }

    private ContainerRecipe alter(ContainerRecipe r) {
        Map<String, String> v = new HashMap<>(r.versions());
        v.putAll(versions);
        return new ContainerRecipe(r.base(), r.mounts(), r.steps(), r.env(), r.workdir(), r.entrypoint(), v);
    }

    @Override
    public CodegenCapability.Result codegen(CodegenCapability.Request request) throws SdkException {
        CodegenCapability.Result r = ((CodegenCapability) real).codegen(request);
        return new CodegenCapability.Result(alter(r.recipe()), r.outputPath(), r.vcsGeneratedPaths(),
                r.vcsIgnoredPaths());
    }

    @Override
    public RuntimeCapability.Result moduleRuntime(RuntimeCapability.Request request) throws SdkException {
        RuntimeCapability.Result r = ((RuntimeCapability) real).moduleRuntime(request);
        return new RuntimeCapability.Result(alter(r.build()), r.runtime());
    }
}
