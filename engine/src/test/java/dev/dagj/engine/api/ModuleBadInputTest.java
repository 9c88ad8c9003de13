package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.Session;
import dev.dagj.engine.session.SessionClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees for modules that cannot load: bad SDKs, Go code that does not compile, no toolchain. */
class ModuleBadInputTest {
    @TempDir
    Path work;
    Engine engine;
    Session session;
    SessionClient client;

    @BeforeEach
    void open() throws Exception {
        open(Map.of());
    }

    void open(Map<String, String> settings) throws Exception {
        engine = ModuleTestState.openEngine(settings);
        session = engine.openSession(work);
        client = new SessionClient(session);
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        engine.close();
    }

    private Path module(String sdk, String mainGo) throws Exception {
        Path dir = work.resolve("m-" + UUID.randomUUID());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dagger.json"), "{\"name\":\"bad\",\"engineVersion\":\"v0.19.11\",\"sdk\":"
                + "{\"source\":\"" + sdk + "\"}}\n");
        if (mainGo != null) {
            Files.writeString(dir.resolve("main.go"), mainGo);
        }
        return dir;
    }

    private String serveError(Path module) throws Exception {
        JsonNode r = client.post(ModuleCallTest.serve(module));
        assertThat(r.has("errors")).as("expected an error, got %s", r).isTrue();
        return r.at("/errors/0/message").asText();
    }

    @Test
    void unknownSdk() throws Exception {
        assertThat(serveError(module("foo-bar", null))).isEqualTo("invalid SDK: \"foo-bar\"");
    }

    @Test
    void goWithAVersion() throws Exception {
        assertThat(serveError(module("go@main", null)))
                .isEqualTo("the go sdk does not currently support selecting a specific version");
    }

    @Test
    void pythonIsNotThereYet() throws Exception {
        assertThat(serveError(module("python", null))).contains("python SDK is not available yet");
    }

    @Test
    void goCodeThatDoesNotTypeCheckGivesTheCompilersMessagesOnly() throws Exception {
        String main = """
                package main

                type Bad struct{}

                func (b *Bad) Hello() string {
                	return nope
                }
                """;
        String msg = serveError(module("go", main + "// " + UUID.randomUUID() + "\n"));
        List<String> lines = Arrays.stream(msg.split("\n")).toList();
        assertThat(lines).isNotEmpty().allMatch(l -> l.matches("\\./main\\.go:\\d+:\\d+: .*"), "a compiler line");
        assertThat(msg).contains("main.go:6:9: undefined: nope");
    }

    @Test
    void goCodeThatDoesNotParseNamesFileLineAndColumn() throws Exception {
        String main = "package main\n\ntype Bad struct{}\n\nfunc (b *Bad) Hello() string {\n\treturn \"x\" !\n}\n";
        String msg = serveError(module("go", main + "// " + UUID.randomUUID() + "\n"));
        assertThat(msg).startsWith("main.go:6:");
        assertThat(msg).doesNotContain("codegen:").doesNotContain("/src/");
    }

    @Test
    void aGoRootThatIsNotThereSaysWhereItLooked() throws Exception {
        close();
        open(Map.of("go.root", "/nonexistent/go"));
        assertThat(serveError(module("go", null))).contains("/nonexistent/go").contains("go.root");
    }

    @Test
    void noModuleHere() throws Exception {
        Path empty = work.resolve("empty");
        Files.createDirectories(empty);
        JsonNode r = client.post("{ moduleSource(refString: " + SessionClient.lit(empty.toString())
                + ") { configExists asModule { serve } } }");
        assertThat(r.at("/errors/0/message").asText()).contains("module not found");
    }

    @Test
    void aNestedSessionHasNoHost() throws Exception {
        GraphqlApi nested = new GraphqlApi(engine, work, ApiOptions.nested(null));
        Map<String, Object> r = nested.execute("{ host { directory(path: \".\") { id } } }", null, null);
        assertThat(r.get("errors").toString()).contains("Field 'host' in type 'Query' is undefined");
        Map<String, Object> ok = nested.execute("{ directory { id } }", null, null);
        assertThat(ok).doesNotContainKey("errors");
    }
}
