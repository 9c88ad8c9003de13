package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.exec.ExecConfig;
import dev.dagj.engine.exec.ExecutorSelection;
import dev.dagj.engine.module.GoSdkFixture;
import dev.dagj.engine.module.ModuleServices;
import dev.dagj.engine.module.SdkPluginSource;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end without the CLI: a Go module (dagger.json + main.go) is generated, built, registered and called through
 * GraphQL on a real session, with real bwrap containers. The engine state is shared by the test classes of one build
 * ({@link ModuleTestState}), so the Go build cache is warm after the first; the module gets a fresh marker per class,
 * so its first load here is a real codegen + build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModuleCallTest {
    Path work;
    Engine engine;
    GoSdkFixture.CountingExecutor counting;
    Path module;
    Session session;
    SessionClient client;

    @BeforeAll
    void openEngine() throws Exception {
        Path state = ModuleTestState.dir();
        work = Files.createTempDirectory("dagj-module-test");
        counting = new GoSdkFixture.CountingExecutor(new ExecutorSelection(ExecConfig.defaults(state, System.getenv())));
        engine = Engine.open(new EngineConfig(state, Progress.NONE), new ModuleServices.Config(
                SdkPluginSource.of(GoSdkFixture.goSdk()), counting, Map.of()));
        module = ModuleTestState.copyModule("hello", work.resolve("hello"), UUID.randomUUID().toString());
        long t0 = System.nanoTime();
        try (Session s = engine.openSession(work)) {
            new SessionClient(s).data(serve(module));
        }
        System.out.printf("cold load (codegen + build + register): %d ms, %d containers%n",
                (System.nanoTime() - t0) / 1_000_000, counting.runs());
    }

    @AfterAll
    void closeEngine() throws Exception {
        engine.close();
        dev.dagj.engine.fs.FileTrees.deleteQuietly(work);
    }

    @BeforeEach
    void openSession() throws Exception {
        session = engine.openSession(work);
        client = new SessionClient(session);
        client.data(serve(module));
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    static String serve(Path module) {
        return "{ moduleSource(refString: " + SessionClient.lit(module.toString()) + ") { asModule { serve } } }";
    }

    @Test
    void stringsWithDefaultsAndConstructorArguments() throws Exception {
        assertThat(client.data("{ hello { greet } }").at("/hello/greet").asText()).isEqualTo("Hello, world!");
        assertThat(client.data("{ hello(prefix: \"Hi\") { greet(name: \"bob\") } }").at("/hello/greet").asText())
                .isEqualTo("Hi, bob!");
        JsonNode shout = client.data("{ hello { shout(words: [\"a\", \"b\"], count: 2) } }").at("/hello/shout");
        assertThat(ApiTestBase.strings(shout)).containsExactly("A B", "A B");
    }

    @Test
    void directoryArgumentsAndResults() throws Exception {
        String dir = client.data("{ directory { withNewFile(path: \"x.txt\", contents: \"1\") { id } } }")
                .at("/directory/withNewFile/id").asText();
        JsonNode entries = client.data("{ hello { entries(dir: " + SessionClient.lit(dir) + ") } }")
                .at("/hello/entries");
        assertThat(ApiTestBase.strings(entries)).containsExactly("x.txt");
        JsonNode made = client.data("{ hello(prefix: \"me\") { makeDir(name: \"f.txt\") { entries"
                + " file(path: \"f.txt\") { contents } } } }").at("/hello/makeDir");
        assertThat(ApiTestBase.strings(made.get("entries"))).containsExactly("f.txt");
        assertThat(made.at("/file/contents").asText()).isEqualTo("made by me");
    }

    @Test
    void secretsPassIntoAndOutOfFunctionCallsButNotToAnotherSession() throws Exception {
        String id = client.data("{ setSecret(name: \"tok\", plaintext: \"s3cr3t\") { id } }")
                .at("/setSecret/id").asText();
        assertThat(client.data("{ hello { secretLength(s: " + SessionClient.lit(id) + ") } }")
                .at("/hello/secretLength").asInt()).isEqualTo(6);
        String made = client.data("{ hello(prefix: \"mod\") { makeSecret { id plaintext } } }")
                .at("/hello/makeSecret/plaintext").asText();
        assertThat(made).isEqualTo("set by mod");
        closeSession();
        openSession();
        JsonNode cached = client.post("{ hello { secretLength(s: " + SessionClient.lit(id) + ") } }");
        assertThat(cached.toString()).as("not even a cached call").contains("secret tok").contains("another session");
        JsonNode fresh = client.post("{ hello(prefix: \"other\") { secretLength(s: " + SessionClient.lit(id) + ") } }");
        assertThat(fresh.toString()).contains("another session");
    }

    @Test
    void aSecretUriIdPassesToAFunctionFromAnotherSession() throws Exception {
        String name = "pw-" + UUID.randomUUID() + ".txt";
        Files.writeString(work.resolve(name), "abc");
        String id = client.data("{ secret(uri: " + SessionClient.lit("file://" + name) + ") { id } }")
                .at("/secret/id").asText();
        String q = "{ hello { secretLength(s: " + SessionClient.lit(id) + ") } }";
        assertThat(client.data(q).at("/hello/secretLength").asInt()).isEqualTo(3);
        closeSession();
        openSession();
        assertThat(client.data(q).at("/hello/secretLength").asInt()).as("read again, same value").isEqualTo(3);
        Files.writeString(work.resolve(name), "abcdef");
        closeSession();
        openSession();
        JsonNode changed = client.post(q);
        assertThat(changed.toString()).as("never the result cached for the old value").contains("file://" + name)
                .contains("call secret(uri:) again").doesNotContain("abcdef");
    }

    @Test
    void objectsReturnObjectsAndChain() throws Exception {
        JsonNode r = client.data("{ hello(prefix: \"A\") { withSuffix(suffix: \"B\") { render suffix"
                + " more(extra: \"C\") { render id } } } }").at("/hello/withSuffix");
        assertThat(r.get("render").asText()).isEqualTo("AB");
        assertThat(r.get("suffix").asText()).isEqualTo("B");
        assertThat(r.at("/more/render").asText()).isEqualTo("ABC");
        String id = r.at("/more/id").asText();
        assertThat(client.data("{ loadSubFromID(id: " + SessionClient.lit(id) + ") { render } }")
                .at("/loadSubFromID/render").asText()).isEqualTo("ABC");
    }

    @Test
    void returnedErrorsPanicsAndExitCodes() throws Exception {
        JsonNode fail = client.post("{ hello { fail(msg: \"x\") } }").at("/errors/0");
        assertThat(fail.get("message").asText()).isEqualTo("failed: x");
        JsonNode boom = client.post("{ hello { boom } }").at("/errors/0");
        assertThat(boom.get("message").asText()).contains("panic: boom");
        JsonNode exit = client.post("{ hello { exit(code: 6) } }").at("/errors/0");
        assertThat(exit.get("message").asText()).startsWith("call function \"Exit\": ");
        assertThat(exit.at("/extensions/_type").asText()).isEqualTo("EXEC_ERROR");
        assertThat(exit.at("/extensions/exitCode").asInt()).isEqualTo(6);
    }

    @Test
    void typeDefinitionsAreListed() throws Exception {
        JsonNode objs = client.data("{ moduleSource(refString: " + SessionClient.lit(module.toString())
                + ") { moduleName asModule { name objects { asObject { name functions { name description"
                + " args { name typeDef { kind optional } defaultValue } returnType { kind } } } } } } }")
                .at("/moduleSource");
        assertThat(objs.get("moduleName").asText()).isEqualTo("hello");
        List<String> names = objs.at("/asModule/objects").findValuesAsText("name");
        assertThat(names).contains("Hello", "Sub", "greet", "render").doesNotContain("Greet", "Render");
    }

    @Test
    void aWarmCallStartsNoContainer() throws Exception {
        client.data("{ hello { greet(name: \"warm\") } }");
        int before = counting.runs();
        long t0 = System.nanoTime();
        try (Session s = engine.openSession(work)) {
            SessionClient c = new SessionClient(s);
            c.data(serve(module));
            assertThat(c.data("{ hello { greet(name: \"warm\") } }").at("/hello/greet").asText())
                    .isEqualTo("Hello, warm!");
        }
        System.out.printf("warm serve + call: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(counting.runs()).isEqualTo(before);
    }

    @Test
    void generatedContextDirectoryHoldsConfigGeneratedCodeAndVcsFiles() throws Exception {
        JsonNode g = client.data("{ moduleSource(refString: " + SessionClient.lit(module.toString())
                + ") { generatedContextDirectory { glob(pattern: \"**\") file(path: \".gitignore\") { contents } } } }")
                .at("/moduleSource/generatedContextDirectory");
        assertThat(ApiTestBase.strings(g.get("glob"))).contains("dagger.json", "dagger.gen.go", "go.mod",
                "internal/dagger/dagger.gen.go", "internal/dagger/client.gen.go", ".gitattributes", ".gitignore")
                .doesNotContain("main.go");
        assertThat(g.at("/file/contents").asText()).contains("/dagger.gen.go\n", "/internal/dagger\n");
    }

    @Test
    void initWritesTheConfigThroughGeneratedContextDirectory() throws Exception {
        Path fresh = work.resolve("fresh-" + UUID.randomUUID());
        String out = work.resolve("out-" + UUID.randomUUID()).toString();
        client.data("{ moduleSource(refString: " + SessionClient.lit(fresh.toString()) + ", disableFindUp: true,"
                + " allowNotExists: true) { configExists withName(name: \"foo\") { moduleName"
                + " generatedContextDirectory { export(path: " + SessionClient.lit(out) + ") } } } }");
        assertThat(Files.readString(Path.of(out, "dagger.json")))
                .isEqualTo("{\n  \"name\": \"foo\",\n  \"engineVersion\": \"v0.19.11\"\n}\n");
    }
}
