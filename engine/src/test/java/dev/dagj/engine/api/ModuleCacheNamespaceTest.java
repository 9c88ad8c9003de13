package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache volumes made inside a function call live in the module's namespace (notes §6). */
class ModuleCacheNamespaceTest {
    @TempDir
    Path state;
    Engine engine;

    @BeforeEach
    void open() throws Exception {
        engine = Engine.open(new EngineConfig(state, Progress.NONE));
    }

    @AfterEach
    void close() throws Exception {
        engine.close();
    }

    private static FunctionCallContext call(String module) {
        return new FunctionCallContext(module, Digest.of(module.getBytes()), "mod(" + module + "/" + module + ")",
                "", "", "{}", List.of(), Path.of("/nonexistent"));
    }

    @SuppressWarnings("unchecked")
    private String volumeId(ApiOptions options, String query) throws Exception {
        Map<String, Object> r = new GraphqlApi(engine, state, options).execute(query, null, null);
        assertThat(r.get("errors")).as("%s", r).isNull();
        Map<String, Object> data = (Map<String, Object>) r.get("data");
        Map<String, Object> first = (Map<String, Object>) data.values().iterator().next();
        return (String) first.get("id");
    }

    @Test
    void eachModuleHasItsOwnVolumesSharedAcrossItsCallsAndLoadableElsewhere() throws Exception {
        String q = "{ cacheVolume(key: \"volume-name\") { id } }";
        String main = volumeId(ApiOptions.MAIN, q);
        String foo = volumeId(ApiOptions.nested(call("foo")), q);
        String fooAgain = volumeId(ApiOptions.nested(call("foo")), q);
        String bar = volumeId(ApiOptions.nested(call("bar")), q);
        assertThat(foo).isEqualTo(fooAgain).isNotEqualTo(bar).isNotEqualTo(main);
        assertThat(bar).isNotEqualTo(main);
        // A volume passed from a module to the main client (or another module) keeps its identity.
        String loaded = volumeId(ApiOptions.MAIN, "{ loadCacheVolumeFromID(id: \"" + foo + "\") { id } }");
        assertThat(loaded).isEqualTo(foo);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNamespaceIsNotAPublicArgument() throws Exception {
        for (ApiOptions options : List.of(ApiOptions.MAIN, ApiOptions.nested(call("foo")))) {
            Map<String, Object> r = new GraphqlApi(engine, state, options).execute(
                    "{ cacheVolume(key: \"volume-name\", namespace: \"mod(bar/bar)\") { id } }", null, null);
            List<Map<String, Object>> errors = (List<Map<String, Object>>) r.get("errors");
            assertThat(errors).as("%s", r).isNotEmpty();
            assertThat(errors.get(0).get("message").toString()).contains("namespace");
        }
    }
}
