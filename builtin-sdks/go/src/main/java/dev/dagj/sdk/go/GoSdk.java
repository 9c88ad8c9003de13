package dev.dagj.sdk.go;

import dev.dagj.plugin.CodegenCapability;
import dev.dagj.plugin.ContainerRecipe;
import dev.dagj.plugin.ModuleSourceView;
import dev.dagj.plugin.RecipeMount;
import dev.dagj.plugin.RuntimeCapability;
import dev.dagj.plugin.SdkException;
import dev.dagj.plugin.SdkPlugin;
import dev.dagj.plugin.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;

/**
 * The built-in Go SDK. Code generation builds the bundled generator (Go sources shipped in this jar) with a host Go
 * toolchain mounted read-only and runs it on the module's source; the runtime build copies the source, lays the
 * generated code over it and compiles a static {@code /runtime} ({@code CGO_ENABLED=0}, no network, the build cache in
 * the {@code internal} cache volume {@value #BUILD_CACHE}). The function container runs {@code /runtime} in
 * {@code /scratch}.
 */
@Extension
public final class GoSdk implements SdkPlugin, CodegenCapability, RuntimeCapability {
    static final String NAME = "go";
    static final String BUILD_CACHE = "go-build";
    /** Bumped when the recipes change shape; the version also covers the generator's sources. */
    private static final String RECIPE_FORMAT = "1";
    private static final String RESOURCES = "/dev/dagj/sdk/go/codegen/";
    /** The generator's sources (tests and fixtures are not needed to build it). */
    static final List<String> CODEGEN_FILES = List.of("go.mod", "main.go", "analyze.go", "clientgen.go", "gomod.go",
            "inittmpl.go", "maingen.go", "naming.go", "pragma.go", "schema.go", "clientrt/runtime.go");
    static final List<String> VCS_GENERATED = List.of("dagger.gen.go", "internal/dagger/**",
            "internal/querybuilder/**", "internal/telemetry/**");
    static final List<String> VCS_IGNORED = List.of("dagger.gen.go", "internal/dagger", "internal/querybuilder",
            "internal/telemetry", ".env");

    private static final String GOROOT = "/toolchain/go";
    private static final String SRC = "/src";
    private static final String WORK = "/work";
    private static final String OUT = "/out";

    private final Map<String, byte[]> codegenFiles;
    private final String version;
    private final Map<String, GoToolchain> toolchains = new ConcurrentHashMap<>();

    public GoSdk() {
        this.codegenFiles = loadCodegenFiles();
        this.version = "0.1.0+" + digest(codegenFiles);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public CodegenCapability.Result codegen(CodegenCapability.Request request) throws SdkException {
        GoToolchain go = toolchain(request.settings());
        ModuleSourceView m = request.module();
        String script = "set -e\n"
                + "go -C /codegen-src build -trimpath -buildvcs=false -o " + WORK + "/bin/codegen .\n"
                // The generator's errors name files relative to the module ("main.go:9:22: ..."), without its own
                // prefixes or the container's paths.
                + WORK + "/bin/codegen --introspection /schema.json --source " + sourceDir(m)
                + " --module-name " + shellQuote(m.moduleName()) + " --output " + OUT + " >" + WORK + "/summary.json"
                + " 2>" + WORK + "/codegen.err || { sed -e 's#^codegen: ##' -e 's#^parse [^ ]*: ##' -e 's#"
                + sourceDir(m) + "/##g' " + WORK + "/codegen.err >&2; exit 1; }\n";
        List<RecipeMount> mounts = List.of(
                new RecipeMount.ModuleSource(SRC),
                new RecipeMount.Introspection("/schema.json"),
                new RecipeMount.PluginFiles("/codegen-src", codegenFiles),
                new RecipeMount.HostPath(GOROOT, go.root().toString()),
                new RecipeMount.Cache("/cache/go-build", BUILD_CACHE, RecipeMount.Cache.Sharing.SHARED),
                new RecipeMount.Scratch(WORK),
                new RecipeMount.Output(OUT));
        ContainerRecipe recipe = new ContainerRecipe(new ContainerRecipe.Base.HostSystem(), mounts,
                List.of(new ContainerRecipe.Step(List.of("sh", "-c", script), Map.of())), buildEnv(), WORK, List.of(),
                Map.of("go", go.version()));
        return new CodegenCapability.Result(recipe, OUT, VCS_GENERATED, VCS_IGNORED);
    }

    @Override
    public RuntimeCapability.Result moduleRuntime(RuntimeCapability.Request request) throws SdkException {
        GoToolchain go = toolchain(request.settings());
        ModuleSourceView m = request.module();
        StringBuilder script = new StringBuilder("set -e\n")
                .append("mkdir -p ").append(WORK).append("/mod\n")
                .append("cp -R ").append(sourceDir(m)).append("/. ").append(WORK).append("/mod/\n")
                .append("cd ").append(WORK).append("/mod\n");
        for (String p : VCS_IGNORED) {
            if (!p.equals(".env")) {
                script.append("rm -rf ").append(shellQuote(p)).append('\n');
            }
        }
        script.append("cp -R /gen/. ").append(WORK).append("/mod/\n")
                // go prints "# <package>" before the compiler's messages; the messages themselves are what the user
                // needs (file:line:col relative to the module).
                .append("go build -trimpath -buildvcs=false -ldflags='-s -w' -o ").append(OUT).append("/runtime . 2>")
                .append(WORK).append("/build.err || { grep -v '^# ' ").append(WORK).append("/build.err >&2; exit 1; }\n");
        List<RecipeMount> mounts = List.of(
                new RecipeMount.ModuleSource(SRC),
                new RecipeMount.GeneratedCode("/gen"),
                new RecipeMount.HostPath(GOROOT, go.root().toString()),
                new RecipeMount.Cache("/cache/go-build", BUILD_CACHE, RecipeMount.Cache.Sharing.SHARED),
                new RecipeMount.Scratch(WORK),
                new RecipeMount.Output(OUT));
        ContainerRecipe build = new ContainerRecipe(new ContainerRecipe.Base.HostSystem(), mounts,
                List.of(new ContainerRecipe.Step(List.of("sh", "-c", script.toString()), Map.of())), buildEnv(), WORK,
                List.of(), Map.of("go", go.version()));
        ContainerRecipe runtime = new ContainerRecipe(new ContainerRecipe.Base.HostSystem(),
                List.of(new RecipeMount.BuildOutput("/runtime", "runtime")), List.of(),
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), "/scratch", List.of("/runtime"), Map.of());
        return new RuntimeCapability.Result(build, runtime);
    }

    private GoToolchain toolchain(Map<String, String> settings) throws SdkException {
        String key = settings.getOrDefault(GoToolchain.ROOT_SETTING, "");
        GoToolchain known = toolchains.get(key);
        if (known != null) {
            return known;
        }
        GoToolchain found = GoToolchain.locate(settings, System.getenv("PATH"));
        toolchains.put(key, found);
        return found;
    }

    /** Offline, static, reproducible builds; the build cache is the shared internal volume. */
    private static Map<String, String> buildEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", GOROOT + "/bin:/usr/local/bin:/usr/bin:/bin");
        env.put("GOROOT", GOROOT);
        env.put("GOCACHE", "/cache/go-build");
        env.put("GOPATH", WORK + "/gopath");
        env.put("HOME", WORK + "/home");
        env.put("CGO_ENABLED", "0");
        env.put("GOPROXY", "off");
        env.put("GOFLAGS", "-mod=mod");
        env.put("GOTOOLCHAIN", "local");
        env.put("GOTELEMETRY", "off");
        env.put("GONOSUMDB", "*");
        env.put("GOSUMDB", "off");
        return env;
    }

    private static String sourceDir(ModuleSourceView m) {
        String sub = m.sourceSubpath();
        return sub.isEmpty() || sub.equals(".") ? SRC : SRC + "/" + sub;
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Map<String, byte[]> loadCodegenFiles() {
        Map<String, byte[]> files = new TreeMap<>();
        for (String f : CODEGEN_FILES) {
            try (InputStream in = GoSdk.class.getResourceAsStream(RESOURCES + f)) {
                if (in == null) {
                    throw new IllegalStateException("the Go SDK plugin is incomplete: resource " + RESOURCES + f
                            + " is missing from its jar");
                }
                files.put(f, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the Go SDK resource " + f + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    private static String digest(Map<String, byte[]> files) {
        // plugin-api's SHA-256, not MessageDigest.getInstance: that would set up the JDK's security providers on every
        // warm run (30-60 ms in the CLI's JVM), for these few kilobytes
        Sha256 sha = new Sha256();
        update(sha, RECIPE_FORMAT.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) { // a loop, not a lambda: see the pom
            update(sha, f.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            update(sha, Long.toString(f.getValue().length).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            update(sha, f.getValue());
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    private static void update(Sha256 sha, byte[] b) {
        sha.update(b, 0, b.length);
    }
}
