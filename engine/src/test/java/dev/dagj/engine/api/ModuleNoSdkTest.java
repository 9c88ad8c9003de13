package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.Session;
import dev.dagj.engine.session.SessionClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules whose dagger.json has no SDK: they load and serve with no build or runtime (their API is their
 * dependencies'), and their dependencies are still checked. Calling a dependency that has an SDK through one is in
 * {@code ModuleDependencyIT} (it needs a Go build).
 */
class ModuleNoSdkTest {
    @TempDir
    Path work;
    Engine engine;
    Session session;
    SessionClient client;

    @BeforeEach
    void open() throws Exception {
        engine = ModuleTestState.openEngine(Map.of());
        session = engine.openSession(work);
        client = new SessionClient(session);
        Files.createDirectories(work.resolve(".git"));
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        engine.close();
    }

    private Path module(String name, String dependency) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        String deps = dependency == null ? ""
                : ",\"dependencies\":[{\"name\":\"" + dependency + "\",\"source\":\"../" + dependency + "\"}]";
        Files.writeString(dir.resolve("dagger.json"), "{\"name\":\"" + name + "\",\"engineVersion\":\"v0.19.11\""
                + deps + "}\n");
        return dir;
    }

    @Test
    void aModuleWithNoSdkServesWithNoTypesOfItsOwn() throws Exception {
        module("inner", null);
        Path top = module("top", "inner");

        JsonNode data = client.data("{ moduleSource(refString: " + SessionClient.lit(top.toString())
                + ") { asModule { name objects { asObject { name } } serve } } }");

        assertThat(data.at("/moduleSource/asModule/name").asText()).isEqualTo("top");
        assertThat(data.at("/moduleSource/asModule/objects").size()).isZero();
        // nothing served: neither module has a main object, and the schema still answers
        assertThat(client.data("{ version }").at("/version").asText()).isNotEmpty();
    }

    @Test
    void aCycleThroughModulesWithNoSdkIsStillReported() throws Exception {
        module("a", "b");
        module("b", "a");

        JsonNode r = client.post(ModuleCallTest.serve(work.resolve("a")));

        assertThat(r.at("/errors/0/message").asText())
                .isEqualTo("module \"a\" has a circular dependency on itself through dependency \"b\"");
    }
}
