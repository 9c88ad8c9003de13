package dev.dagj.resolver.config;

import dev.dagj.resolver.ResolverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code dagger.json} byte for byte as Dagger v0.19.11 does: keys in the order {@code $schema}, {@code name},
 * {@code engineVersion}, {@code sdk}, {@code blueprint}, {@code toolchains}, {@code include}, {@code dependencies},
 * {@code source}, {@code codegen}, {@code clients}, {@code disableDefaultFunctionCaching}; 2-space indent; a trailing
 * newline. {@code name} and {@code engineVersion} are always written; other empty values are left out,
 * {@code source} is left out when it is ".", {@code sdk} is always an object and {@code exclude} is never written.
 */
public final class ModuleConfigWriter {

    /** The file's full text. */
    public String toJson(ModuleConfig config) {
        return GoJsonEncoder.encode(struct(config)) + "\n";
    }

    /** Writes the config to {@code file} atomically (temp file and rename), mode as the file system gives. */
    public void write(ModuleConfig config, Path file) throws ResolverException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.writeString(tmp, toJson(config), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ResolverException(file.toString(), "failed to write module config " + file + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temp file is only litter
            }
        }
    }

    private static GoJsonEncoder.Struct struct(ModuleConfig c) {
        Fields f = new Fields();
        f.omitEmpty("$schema", c.schema());
        f.always("name", c.name());
        f.always("engineVersion", c.engineVersion());
        if (c.sdk() != null) {
            f.always("sdk", sdk(c.sdk()));
        }
        if (c.blueprint() != null) {
            f.always("blueprint", dependency(c.blueprint()));
        }
        f.omitEmpty("toolchains", c.toolchains().stream().map(ModuleConfigWriter::dependency).toList());
        f.omitEmpty("include", c.include());
        f.omitEmpty("dependencies", c.dependencies().stream().map(ModuleConfigWriter::dependency).toList());
        f.omitEmpty("source", c.source().equals(".") ? "" : c.source());
        if (c.codegen() != null) {
            Fields codegen = new Fields();
            if (c.codegen().automaticGitignore() != null) {
                codegen.always("automaticGitignore", c.codegen().automaticGitignore());
            }
            f.always("codegen", codegen.struct());
        }
        f.omitEmpty("clients", c.clients().stream().map(ModuleConfigWriter::client).toList());
        if (Boolean.TRUE.equals(c.disableDefaultFunctionCaching())) {
            f.always("disableDefaultFunctionCaching", true);
        }
        return f.struct();
    }

    private static GoJsonEncoder.Struct sdk(SdkConfig sdk) {
        Fields f = new Fields();
        f.always("source", sdk.source());
        f.omitEmpty("config", sdk.config());
        if (sdk.debug()) {
            f.always("debug", true);
        }
        f.omitEmpty("experimental", sdk.experimental());
        return f.struct();
    }

    private static GoJsonEncoder.Struct dependency(DependencyConfig d) {
        Fields f = new Fields();
        f.always("name", d.name());
        f.always("source", d.source());
        f.omitEmpty("pin", d.pin());
        f.omitEmpty("customizations", d.customizations().stream().map(ModuleConfigWriter::customization).toList());
        f.omitEmpty("ignoreChecks", d.ignoreChecks());
        f.omitEmpty("ignoreGenerators", d.ignoreGenerators());
        return f.struct();
    }

    private static GoJsonEncoder.Struct customization(ArgumentCustomization a) {
        Fields f = new Fields();
        f.omitEmpty("function", a.function());
        f.always("argument", a.argument());
        f.omitEmpty("default", a.defaultValue());
        f.omitEmpty("defaultPath", a.defaultPath());
        f.omitEmpty("defaultAddress", a.defaultAddress());
        f.omitEmpty("ignore", a.ignore());
        return f.struct();
    }

    private static GoJsonEncoder.Struct client(ClientConfig c) {
        Fields f = new Fields();
        f.always("generator", c.generator());
        f.always("directory", c.directory());
        return f.struct();
    }

    /** Collects a struct's fields in order, applying Go's {@code omitempty}. */
    private static final class Fields {
        private final List<Map.Entry<String, Object>> entries = new ArrayList<>();

        void always(String key, Object value) {
            entries.add(new SimpleImmutableEntry<>(key, value));
        }

        void omitEmpty(String key, Object value) {
            // instanceof, not a pattern switch (bootstrapped at run time), on every module load's path
            boolean empty = value instanceof String s ? s.isEmpty()
                    : value instanceof List<?> l ? l.isEmpty()
                    : value instanceof Map<?, ?> m ? m.isEmpty()
                    : value == null;
            if (!empty) {
                always(key, value);
            }
        }

        GoJsonEncoder.Struct struct() {
            return new GoJsonEncoder.Struct(List.copyOf(entries));
        }
    }
}
