package dev.dagj.resolver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.resolver.ResolverException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleConfigReaderTest {
    private final ModuleConfigReader reader = new ModuleConfigReader(new EngineVersion("v0.19.11"));

    private ModuleConfig decode(String json) throws ResolverException {
        return reader.decode("/app/dagger.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void legacyConfigIsUpgradedOnRead() throws Exception {
        ModuleConfig c = decode("{\"name\": \"test\", \"sdk\": \"go\", \"include\": [\"foo\"], "
                + "\"exclude\": [\"blah\", \"!bar\"], \"dependencies\": [\"foo\"]}");
        assertThat(c.name()).isEqualTo("test");
        assertThat(c.sdk()).isEqualTo(SdkConfig.of("go"));
        assertThat(c.include()).containsExactly("foo", "!blah", "bar");
        assertThat(c.dependencies()).containsExactly(DependencyConfig.of("", "foo", ""));
        assertThat(c.source()).isEqualTo(".");
        assertThat(c.engineVersion()).isEmpty();
    }

    @Test
    void allFieldsAreRead() throws Exception {
        ModuleConfig c = decode("""
                {"$schema":"https://docs.dagger.io/reference/dagger.schema.json","name":"m","engineVersion":"v0.19.4",
                 "sdk":{"source":"python","config":{"useUv":true,"n":3},"debug":true,"experimental":{"SELF_CALLS":true}},
                 "toolchains":[{"name":"t","source":"../t","customizations":[{"function":["build"],"argument":"src",
                   "defaultPath":"/"}],"ignoreChecks":["lint*"],"ignoreGenerators":["gen"]}],
                 "dependencies":[{"name":"a","source":"github.com/o/r@main","pin":"abc"}],"source":"src",
                 "codegen":{"automaticGitignore":false},"clients":[{"generator":"go","directory":"cl"}],
                 "disableDefaultFunctionCaching":true,"unknownKey":[1,2]}""");
        assertThat(c.schema()).isEqualTo("https://docs.dagger.io/reference/dagger.schema.json");
        assertThat(c.sdk().config()).containsEntry("useUv", true).containsEntry("n", 3.0);
        assertThat(c.sdk().debug()).isTrue();
        assertThat(c.sdk().experimental()).containsEntry("SELF_CALLS", true);
        assertThat(c.toolchains().get(0).customizations().get(0).defaultPath()).isEqualTo("/");
        assertThat(c.toolchains().get(0).ignoreChecks()).containsExactly("lint*");
        assertThat(c.dependencies().get(0).pin()).isEqualTo("abc");
        assertThat(c.codegen().automaticGitignoreEnabled()).isFalse();
        assertThat(c.clients()).containsExactly(new ClientConfig("go", "cl"));
        assertThat(c.disableDefaultFunctionCaching()).isTrue();
        assertThat(c.source()).isEqualTo("src");
    }

    @Test
    void invalidJsonNamesFileLineAndColumn() {
        assertThatThrownBy(() -> decode("{\n  \"name\": \"x\",\n  oops\n}"))
                .isInstanceOf(ResolverException.class)
                .hasMessageStartingWith("failed to check if module exists: failed to decode module config "
                        + "/app/dagger.json: invalid JSON at line 3, column 3");
        assertThatThrownBy(() -> decode("{\"name\":\"x\"} {}"))
                .hasMessageContaining("/app/dagger.json").hasMessageContaining("line 1");
    }

    @Test
    void wrongFieldTypeFailsTheModuleCheck() {
        assertThatThrownBy(() -> decode("{\"sdk\":666}"))
                .hasMessage("failed to check if module exists: failed to decode module config /app/dagger.json: "
                        + "sdk at line 1, column 8: expected a string or an object, got number");
        assertThatThrownBy(() -> decode("{\"name\": \"broke\", \"engineVersion\": \"v100.0.0\", \"sdk\": 666}"))
                .hasMessageStartingWith("failed to check if module exists");
        assertThatThrownBy(() -> decode("{\"dependencies\":[{\"name\":\"a\",\"source\":1}]}"))
                .hasMessageEndingWith("dependencies[0].source at line 1, column 39: expected a string, got number");
        assertThatThrownBy(() -> decode("{\"include\":\"x\"}")).hasMessageEndingWith("expected an array, got string");
        assertThatThrownBy(() -> decode("[]")).hasMessageEndingWith("expected an object, got array");
    }

    @Test
    void nullMeansAbsent() throws Exception {
        ModuleConfig c = decode("{\"name\":null,\"sdk\":null,\"dependencies\":null}");
        assertThat(c.name()).isEmpty();
        assertThat(c.sdk()).isNull();
        assertThat(c.dependencies()).isEmpty();
    }

    @Test
    void engineVersionNewerThanTheEngineIsRefused() {
        assertThatThrownBy(() -> decode("{\"name\":\"x\",\"engineVersion\":\"v100.0.0\"}"))
                .hasMessage("module requires dagger v100.0.0, but you have v0.19.11");
        assertThatThrownBy(() -> decode("{\"name\":\"x\",\"engineVersion\":\"0.20.0\"}"))
                .hasMessage("module requires dagger v0.20.0, but you have v0.19.11");
    }

    @Test
    void engineVersionLatestAndEmpty() throws Exception {
        EngineVersion engine = new EngineVersion("v0.19.11");
        assertThat(decode("{\"engineVersion\":\"latest\"}").engineVersion()).isEqualTo("latest");
        assertThat(engine.effective("latest")).isEqualTo("v0.19.11");
        assertThat(engine.effective("")).isEqualTo("v0.9.9");
        assertThat(engine.effective("0.12.0")).isEqualTo("v0.12.0");
        assertThat(engine.effective("not-a-version")).isEqualTo("v0.11.9");
        assertThat(engine.cachesFunctionsByDefault("v0.19.4")).isTrue();
        assertThat(engine.cachesFunctionsByDefault("v0.19.3")).isFalse();
        assertThat(engine.cachesFunctionsByDefault("")).isFalse();
        new EngineVersion("v0.19.11-dev+abc").checkSupported("v0.19.11", "x");
    }

    @Test
    void loadChecksHaveDaggersMessages() {
        assertThatThrownBy(() -> decode("{\"name\":\"x\",\"sdk\":\"go\",\"source\":\"..\"}").validate("f"))
                .hasMessage("source path \"..\" contains parent directory components");
        assertThatThrownBy(() -> decode("{\"name\":\"x\",\"sdk\":\"go\",\"source\":\"/tmp\"}").validate("f"))
                .hasMessage("source path \"/tmp\" contains parent directory components");
        assertThatThrownBy(() -> decode("{\"name\":\"x\",\"source\":\"src\"}").validate("f"))
                .hasMessage("source path \"src\" specified without sdk");
        assertThatThrownBy(() -> decode("{\"name\":\"x\",\"sdk\":\"go\",\"blueprint\":{\"name\":\"b\",\"source\":\"../b\"}}")
                .validate("f")).hasMessage("blueprint and sdk can't both be set");
        assertThatThrownBy(() -> decode("{\"name\":\"x\",\"dependencies\":[{\"name\":\"dep\",\"source\":\"a\"},"
                + "{\"name\":\"dep\",\"source\":\"b\"}]}").validate("f"))
                .hasMessage("duplicate dependency name \"dep\"");
    }

    @Test
    void readValidatesAndNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dagger.json");
        Files.writeString(file, "{\"name\":\"x\",\"sdk\":\"go\",\"source\":\"../x\"}");
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(ResolverException.class)
                .hasMessage("source path \"../x\" contains parent directory components")
                .extracting(e -> ((ResolverException) e).ref()).isEqualTo(file.toString());
        Files.writeString(file, "{\"name\":\"ok\",\"sdk\":\"go\"}");
        assertThat(reader.read(file).name()).isEqualTo("ok");
        assertThat(reader.read(file).source()).isEqualTo(".");
    }
}
