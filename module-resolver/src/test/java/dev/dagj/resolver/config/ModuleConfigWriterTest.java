package dev.dagj.resolver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleConfigWriterTest {
    private final ModuleConfigReader reader = new ModuleConfigReader(new EngineVersion("v0.19.11"));
    private final ModuleConfigWriter writer = new ModuleConfigWriter();

    @Test
    void legacyConfigIsWrittenUpgraded() throws Exception {
        ModuleConfig legacy = reader.decode("dagger.json", ("{\"name\":\"test\",\"sdk\":\"go\",\"include\":[\"foo\"],"
                + "\"exclude\":[\"blah\",\"!bar\"],\"dependencies\":[\"foo\"]}").getBytes(StandardCharsets.UTF_8));
        ModuleConfig upgraded = legacy.withEngineVersion("v0.19.11")
                .withDependencies(List.of(legacy.dependencies().get(0).withName("dep")));
        assertThat(writer.toJson(upgraded)).isEqualTo("""
                {
                  "name": "test",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "go"
                  },
                  "include": [
                    "foo",
                    "!blah",
                    "bar"
                  ],
                  "dependencies": [
                    {
                      "name": "dep",
                      "source": "foo"
                    }
                  ]
                }
                """);
    }

    @Test
    void initOutputMatchesDagger() {
        assertThat(writer.toJson(ModuleConfig.init("foo", "v0.19.11", SdkConfig.of("go"), "")))
                .isEqualTo("{\n  \"name\": \"foo\",\n  \"engineVersion\": \"v0.19.11\",\n  \"sdk\": {\n"
                        + "    \"source\": \"go\"\n  }\n}\n");
        assertThat(writer.toJson(ModuleConfig.init("foo", "v0.19.11", SdkConfig.of("go"), ".dagger")))
                .endsWith("  },\n  \"source\": \".dagger\"\n}\n");
    }

    @Test
    void moduleWithoutSdkHasNoSdkKey() {
        assertThat(writer.toJson(ModuleConfig.init("nosdk", "v0.19.11", null, "")))
                .isEqualTo("{\n  \"name\": \"nosdk\",\n  \"engineVersion\": \"v0.19.11\"\n}\n");
        assertThat(writer.toJson(ModuleConfig.init("", "", null, "")))
                .isEqualTo("{\n  \"name\": \"\",\n  \"engineVersion\": \"\"\n}\n");
    }

    @Test
    void everyFieldInDaggersKeyOrder() throws Exception {
        Map<String, Object> sdkConfig = new LinkedHashMap<>();
        sdkConfig.put("zeta", 1.0);
        sdkConfig.put("alpha", List.of("a<b>&c", 2.5, true));
        sdkConfig.put("mid", Map.of("k", 1e21, "j", 1.5e-7, "i", 100.0));
        ModuleConfig c = new ModuleConfig("https://schema", "full", "v0.19.11",
                new SdkConfig("github.com/o/sdk@v1", sdkConfig, true, Map.of("SELF_CALLS", true)),
                null,
                List.of(new DependencyConfig("tc", "../tc", "", List.of(new ArgumentCustomization(List.of("build"),
                        "src", "", "/", "", List.of("*.md"))), List.of("lint"), List.of())),
                List.of("a", "!b"),
                List.of(DependencyConfig.of("dep", "github.com/o/r/dep@main", "0123")),
                "src", new CodegenConfig(false), List.of(new ClientConfig("go", "client")), true);
        String expected = """
                {
                  "$schema": "https://schema",
                  "name": "full",
                  "engineVersion": "v0.19.11",
                  "sdk": {
                    "source": "github.com/o/sdk@v1",
                    "config": {
                      "alpha": [
                        "a\\u003cb\\u003e\\u0026c",
                        2.5,
                        true
                      ],
                      "mid": {
                        "i": 100,
                        "j": 1.5e-7,
                        "k": 1e+21
                      },
                      "zeta": 1
                    },
                    "debug": true,
                    "experimental": {
                      "SELF_CALLS": true
                    }
                  },
                  "toolchains": [
                    {
                      "name": "tc",
                      "source": "../tc",
                      "customizations": [
                        {
                          "function": [
                            "build"
                          ],
                          "argument": "src",
                          "defaultPath": "/",
                          "ignore": [
                            "*.md"
                          ]
                        }
                      ],
                      "ignoreChecks": [
                        "lint"
                      ]
                    }
                  ],
                  "include": [
                    "a",
                    "!b"
                  ],
                  "dependencies": [
                    {
                      "name": "dep",
                      "source": "github.com/o/r/dep@main",
                      "pin": "0123"
                    }
                  ],
                  "source": "src",
                  "codegen": {
                    "automaticGitignore": false
                  },
                  "clients": [
                    {
                      "generator": "go",
                      "directory": "client"
                    }
                  ],
                  "disableDefaultFunctionCaching": true
                }
                """;
        assertThat(writer.toJson(c)).isEqualTo(expected);
        ModuleConfig back = reader.decode("x", expected.getBytes(StandardCharsets.UTF_8));
        assertThat(writer.toJson(back)).isEqualTo(expected);
    }

    @Test
    void blueprintAndDefaultsAreWrittenAsDaggerDoes() {
        ModuleConfig c = ModuleConfig.init("app", "v0.19.11", null, "")
                .withBlueprint(DependencyConfig.of("hello", "../hello", ""))
                .withCodegen(new CodegenConfig(null))
                .withDisableDefaultFunctionCaching(false);
        assertThat(writer.toJson(c)).isEqualTo("""
                {
                  "name": "app",
                  "engineVersion": "v0.19.11",
                  "blueprint": {
                    "name": "hello",
                    "source": "../hello"
                  },
                  "codegen": {}
                }
                """);
    }

    @Test
    void stringsAndNumbersAreEncodedLikeGo() {
        assertThat(GoJsonEncoder.encode("q\"\\\n\t\u0001\u2028é😀")).isEqualTo("\"q\\\"\\\\\\n\\t\\u0001\\u2028é😀\"");
        assertThat(GoJsonEncoder.number(0.1)).isEqualTo("0.1");
        assertThat(GoJsonEncoder.number(123456789.0)).isEqualTo("123456789");
        assertThat(GoJsonEncoder.number(1e20)).isEqualTo("100000000000000000000");
        assertThat(GoJsonEncoder.number(-2.5e-9)).isEqualTo("-2.5e-9");
        assertThat(GoJsonEncoder.number(1.234e25)).isEqualTo("1.234e+25");
        assertThat(GoJsonEncoder.number(0.000001)).isEqualTo("0.000001");
    }

    @Test
    void writeReplacesTheFileAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dagger.json");
        Files.writeString(file, "old");
        writer.write(ModuleConfig.init("m", "v0.19.11", SdkConfig.of("go"), ""), file);
        assertThat(Files.readString(file)).startsWith("{\n  \"name\": \"m\"");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }
}
