package dev.dagj.resolver.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dagj.resolver.ResolverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@code dagger.json} strictly: every known key must have the JSON type Dagger's Go structs give it (null counts
 * as absent, unknown keys are ignored, as in Go). Legacy forms are upgraded on read: a string {@code sdk} becomes an
 * object, string dependencies become {@code {source}}, {@code exclude} is folded into {@code include} ({@code x}
 * becomes {@code !x} and {@code !x} becomes {@code x}), and an SDK without {@code source} means {@code "."}.
 *
 * <p>Decoding errors (bad JSON, a wrong type) start with {@value #CHECK_PREFIX}, the words Dagger's CLI puts before
 * them, so callers print them as they are. Types are checked before the engine version, so
 * {@code {"sdk":666,"engineVersion":"v100.0.0"}} reports the type error.
 */
public final class ModuleConfigReader {
    /** The file name of a module config. */
    public static final String FILENAME = "dagger.json";
    /** How every decoding error starts. */
    public static final String CHECK_PREFIX = "failed to check if module exists: ";

    private final EngineVersion engine;
    private final JsonFactory jsonFactory = new JsonFactory();

    public ModuleConfigReader(EngineVersion engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Reads, decodes and validates ({@link ModuleConfig#validate}) the config file at {@code file}. */
    public ModuleConfig read(Path file) throws ResolverException {
        String origin = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ResolverException(origin, "failed to read module config file " + origin + ": " + e, e);
        }
        ModuleConfig config = decode(origin, bytes);
        config.validate(origin);
        return config;
    }

    /**
     * Decodes config bytes and checks the engine version, without the load-time checks of
     * {@link ModuleConfig#validate} (Dagger reads a config this way when it only looks up a dependency by name).
     *
     * @param origin the file the bytes came from, named in errors
     */
    public ModuleConfig decode(String origin, byte[] bytes) throws ResolverException {
        LocatedJson root;
        try {
            root = LocatedJson.parse(jsonFactory, bytes);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ResolverException(origin, CHECK_PREFIX + "failed to decode module config " + origin
                    + ": invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ResolverException(origin, CHECK_PREFIX + "failed to decode module config " + origin + ": " + e,
                    e);
        }
        ModuleConfig config = new Decoding(origin).config(root);
        engine.checkSupported(config.engineVersion(), origin);
        return config;
    }

    /** One decoding pass over one file; knows the file name for messages. */
    private record Decoding(String origin) {

        ModuleConfig config(LocatedJson root) throws ResolverException {
            Map<String, LocatedJson> o = object(root, "module config");
            SdkConfig sdk = sdk(field(o, "sdk"), "sdk");
            DependencyConfig blueprint = isAbsent(field(o, "blueprint")) ? null
                    : dependency(field(o, "blueprint"), "blueprint");
            List<DependencyConfig> toolchains = dependencies(field(o, "toolchains"), "toolchains");
            List<String> include = new ArrayList<>(strings(field(o, "include"), "include"));
            List<DependencyConfig> dependencies = dependencies(field(o, "dependencies"), "dependencies");
            String source = string(field(o, "source"), "source");
            CodegenConfig codegen = codegen(field(o, "codegen"));
            for (String exclude : strings(field(o, "exclude"), "exclude")) {
                if (exclude.isEmpty()) {
                    continue;
                }
                include.add(exclude.startsWith("!") ? exclude.substring(1) : "!" + exclude);
            }
            List<ClientConfig> clients = clients(field(o, "clients"));
            Boolean disableCaching = bool(field(o, "disableDefaultFunctionCaching"), "disableDefaultFunctionCaching");
            if (sdk != null && !sdk.source().isEmpty() && source.isEmpty()) {
                source = ".";
            }
            return new ModuleConfig(string(field(o, "$schema"), "$schema"), string(field(o, "name"), "name"),
                    string(field(o, "engineVersion"), "engineVersion"), sdk, blueprint, toolchains, include,
                    dependencies, source, codegen, clients, disableCaching);
        }

        private SdkConfig sdk(LocatedJson v, String path) throws ResolverException {
            if (isAbsent(v)) {
                return null;
            }
            if (v.value() instanceof String s) {
                return SdkConfig.of(s);
            }
            if (!(v.value() instanceof Map<?, ?>)) {
                throw typeError(v, path, "a string or an object");
            }
            Map<String, LocatedJson> o = object(v, path);
            Map<String, Object> config = new LinkedHashMap<>();
            LocatedJson rawConfig = field(o, "config");
            if (!isAbsent(rawConfig)) {
                object(rawConfig, path + ".config").forEach((k, x) -> config.put(k, x.plain()));
            }
            Map<String, Boolean> experimental = new LinkedHashMap<>();
            LocatedJson rawExperimental = field(o, "experimental");
            if (!isAbsent(rawExperimental)) {
                for (var e : object(rawExperimental, path + ".experimental").entrySet()) {
                    Boolean b = bool(e.getValue(), path + ".experimental." + e.getKey());
                    experimental.put(e.getKey(), b != null && b);
                }
            }
            Boolean debug = bool(field(o, "debug"), path + ".debug");
            return new SdkConfig(string(field(o, "source"), path + ".source"), config, debug != null && debug,
                    experimental);
        }

        private List<DependencyConfig> dependencies(LocatedJson v, String path) throws ResolverException {
            List<DependencyConfig> out = new ArrayList<>();
            List<LocatedJson> items = array(v, path);
            for (int i = 0; i < items.size(); i++) {
                out.add(dependency(items.get(i), path + "[" + i + "]"));
            }
            return out;
        }

        private DependencyConfig dependency(LocatedJson v, String path) throws ResolverException {
            if (v.value() instanceof String s) {
                return DependencyConfig.of("", s, "");
            }
            if (!(v.value() instanceof Map<?, ?>)) {
                throw typeError(v, path, "a string or an object");
            }
            Map<String, LocatedJson> o = object(v, path);
            List<ArgumentCustomization> customizations = new ArrayList<>();
            List<LocatedJson> items = array(field(o, "customizations"), path + ".customizations");
            for (int i = 0; i < items.size(); i++) {
                customizations.add(customization(items.get(i), path + ".customizations[" + i + "]"));
            }
            return new DependencyConfig(string(field(o, "name"), path + ".name"),
                    string(field(o, "source"), path + ".source"), string(field(o, "pin"), path + ".pin"),
                    customizations, strings(field(o, "ignoreChecks"), path + ".ignoreChecks"),
                    strings(field(o, "ignoreGenerators"), path + ".ignoreGenerators"));
        }

        private ArgumentCustomization customization(LocatedJson v, String path) throws ResolverException {
            Map<String, LocatedJson> o = object(v, path);
            return new ArgumentCustomization(strings(field(o, "function"), path + ".function"),
                    string(field(o, "argument"), path + ".argument"), string(field(o, "default"), path + ".default"),
                    string(field(o, "defaultPath"), path + ".defaultPath"),
                    string(field(o, "defaultAddress"), path + ".defaultAddress"),
                    strings(field(o, "ignore"), path + ".ignore"));
        }

        private CodegenConfig codegen(LocatedJson v) throws ResolverException {
            if (isAbsent(v)) {
                return null;
            }
            Map<String, LocatedJson> o = object(v, "codegen");
            return new CodegenConfig(bool(field(o, "automaticGitignore"), "codegen.automaticGitignore"));
        }

        private List<ClientConfig> clients(LocatedJson v) throws ResolverException {
            List<ClientConfig> out = new ArrayList<>();
            List<LocatedJson> items = array(v, "clients");
            for (int i = 0; i < items.size(); i++) {
                String path = "clients[" + i + "]";
                Map<String, LocatedJson> o = object(items.get(i), path);
                out.add(new ClientConfig(string(field(o, "generator"), path + ".generator"),
                        string(field(o, "directory"), path + ".directory")));
            }
            return out;
        }

        /** The value of {@code key}: an exact match, else a case-insensitive one (Go matches keys that way). */
        private static LocatedJson field(Map<String, LocatedJson> o, String key) {
            LocatedJson exact = o.get(key);
            if (exact != null) {
                return exact;
            }
            for (var e : o.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return null;
        }

        private static boolean isAbsent(LocatedJson v) {
            return v == null || v.isNull();
        }

        private String string(LocatedJson v, String path) throws ResolverException {
            if (isAbsent(v)) {
                return "";
            }
            if (v.value() instanceof String s) {
                return s;
            }
            throw typeError(v, path, "a string");
        }

        private Boolean bool(LocatedJson v, String path) throws ResolverException {
            if (isAbsent(v)) {
                return null;
            }
            if (v.value() instanceof Boolean b) {
                return b;
            }
            throw typeError(v, path, "a boolean");
        }

        private List<String> strings(LocatedJson v, String path) throws ResolverException {
            List<String> out = new ArrayList<>();
            List<LocatedJson> items = array(v, path);
            for (int i = 0; i < items.size(); i++) {
                LocatedJson item = items.get(i);
                if (!(item.value() instanceof String s)) {
                    throw typeError(item, path + "[" + i + "]", "a string");
                }
                out.add(s);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private List<LocatedJson> array(LocatedJson v, String path) throws ResolverException {
            if (isAbsent(v)) {
                return List.of();
            }
            if (v.value() instanceof List<?> l) {
                return (List<LocatedJson>) l;
            }
            throw typeError(v, path, "an array");
        }

        @SuppressWarnings("unchecked")
        private Map<String, LocatedJson> object(LocatedJson v, String path) throws ResolverException {
            if (v.value() instanceof Map<?, ?> m) {
                return (Map<String, LocatedJson>) m;
            }
            throw typeError(v, path, "an object");
        }

        private ResolverException typeError(LocatedJson v, String path, String expected) {
            return new ResolverException(origin, CHECK_PREFIX + "failed to decode module config " + origin + ": "
                    + path + " at line " + v.line() + ", column " + v.column() + ": expected " + expected + ", got "
                    + v.typeName());
        }
    }
}
