package dev.dagj.engine.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.plugin.CodegenCapability;
import dev.dagj.plugin.RuntimeCapability;
import dev.dagj.plugin.SdkPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SDK plugins found by PF4J in a plugins directory, as the distribution ships them. */
class Pf4jSdkPluginSourceTest {
    @TempDir
    Path plugins;

    /** Packs the Go SDK's compiled classes into a plugin jar, as the Maven build does. */
    static void goPluginJar(Path jar) throws IOException {
        Path classes = GoSdkFixture.goSdkClasses();
        writeJar(jar, Map.of("Plugin-Id", "sdk-go", "Plugin-Version", "0.1.0",
                "Plugin-Class", "dev.dagj.sdk.go.GoSdkPlugin"), classes);
    }

    static void writeJar(Path jar, Map<String, String> manifest, Path classes) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            if (classes == null) {
                return;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(classes)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
    }

    @Test
    void findsTheGoSdkInAPluginJar() throws Exception {
        goPluginJar(plugins.resolve("sdk-go-0.1.0.jar"));
        SdkPluginSource source = new Pf4jSdkPluginSource(plugins);
        SdkPlugin go = source.find("go").orElseThrow();
        assertThat(go.name()).isEqualTo("go");
        assertThat(go.version()).startsWith("0.1.0+");
        assertThat(go).isInstanceOf(CodegenCapability.class).isInstanceOf(RuntimeCapability.class);
        assertThat(source.find("python")).isEmpty();
        assertThat(new SdkSelection(source).select("go")).isSameAs(go);
    }

    @Test
    void aBrokenPluginIsAnErrorNamingIt() throws Exception {
        writeJar(plugins.resolve("sdk-go-broken.jar"), Map.of("Plugin-Id", "sdk-go-broken", "Plugin-Version",
                "0.1.0", "Plugin-Class", "dev.dagj.sdk.go.NoSuchPlugin"), null);
        assertThatThrownBy(() -> new SdkSelection(new Pf4jSdkPluginSource(plugins)).select("go"))
                .isInstanceOf(ModuleException.class).hasMessageContaining("sdk-go-broken");
    }

    @Test
    void aMissingPluginsDirectoryIsAnErrorNamingIt() {
        Path none = plugins.resolve("nope");
        assertThatThrownBy(() -> new SdkSelection(new Pf4jSdkPluginSource(none)).select("go"))
                .isInstanceOf(ModuleException.class).hasMessageContaining(none.toString());
    }

    @Test
    void noGoPluginSaysSo() {
        assertThatThrownBy(() -> new SdkSelection(SdkPluginSource.none()).select("go"))
                .hasMessageContaining("go SDK plugin is not installed");
    }
}
