package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.solve.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntrospectionCacheTest {
    private static final String CLI_QUERY = "query T { __schema { queryType { name } types { name } } }";

    @TempDir
    Path tmp;

    @Test
    void onlyRequestsThatSelectNothingButIntrospectionAreKept() {
        Digest schema = Digest.of("schema".getBytes(StandardCharsets.UTF_8));
        assertThat(IntrospectionCache.introspectionOnly(CLI_QUERY)).isTrue();
        assertThat(IntrospectionCache.introspectionOnly("{ __type(name: \"Query\") { name } __typename }")).isTrue();
        assertThat(IntrospectionCache.introspectionOnly("{ version }")).isFalse();
        assertThat(IntrospectionCache.introspectionOnly("{ __schema { types { name } } version }")).isFalse();
        assertThat(IntrospectionCache.introspectionOnly("{ ...F } fragment F on Query { __schema { types { name } } }"))
                .as("a top-level fragment could select anything").isFalse();
        assertThat(IntrospectionCache.introspectionOnly("mutation { __typename }")).isFalse();
        assertThat(IntrospectionCache.introspectionOnly("{ __schema { ")).as("syntax error").isFalse();

        assertThat(IntrospectionCache.key(schema, CLI_QUERY, Map.of(), null)).isNotNull();
        assertThat(IntrospectionCache.key(null, CLI_QUERY, Map.of(), null)).as("no schema identity").isNull();
        assertThat(IntrospectionCache.key(schema, CLI_QUERY, Map.of("x", 1), null)).as("variables").isNull();
        assertThat(IntrospectionCache.key(schema, "{ version }", Map.of(), null)).isNull();
        assertThat(IntrospectionCache.key(Digest.of(new byte[] {1}), CLI_QUERY, Map.of(), null))
                .as("another schema").isNotEqualTo(IntrospectionCache.key(schema, CLI_QUERY, Map.of(), null));
        assertThat(IntrospectionCache.key(schema, CLI_QUERY, Map.of(), "T"))
                .isNotEqualTo(IntrospectionCache.key(schema, CLI_QUERY, Map.of(), null));
    }

    @Test
    void keptResponsesSurviveTheEngineAndErrorsAreNotKept() throws Exception {
        Path state = tmp.resolve("state");
        Digest key = IntrospectionCache.key(Digest.of(new byte[] {7}), CLI_QUERY, Map.of(), null);
        Digest failed = IntrospectionCache.key(Digest.of(new byte[] {8}), CLI_QUERY, Map.of(), null);
        Map<String, Object> response = Map.of("data", Map.of("__schema", Map.of("queryType", Map.of("name", "Query"),
                "types", List.of(Map.of("name", "Query"), Map.of("name", "Directory")))));
        try (Engine e = Engine.open(new EngineConfig(state, Progress.NONE))) {
            IntrospectionCache cache = new IntrospectionCache(e.modules().builds());
            assertThat(cache.lookup(key)).isNull();
            cache.record(key, response);
            cache.record(failed, Map.of("data", Map.of(), "errors", List.of(Map.of("message", "boom"))));
        }
        try (Engine e = Engine.open(new EngineConfig(state, Progress.NONE))) {
            IntrospectionCache cache = new IntrospectionCache(e.modules().builds());
            assertThat(cache.lookup(key)).isEqualTo(response);
            assertThat(cache.lookup(failed)).isNull();
        }
    }

    @Test
    void theCodeIdentityFollowsTheJarsAndIsAbsentForDirectories() throws Exception {
        Path engineJar = Files.write(tmp.resolve("engine.jar"), new byte[] {1, 2, 3});
        Path graphqlJar = Files.write(tmp.resolve("graphql-java.jar"), new byte[] {4});
        Digest first = ApiCodeIdentity.of(List.of(engineJar, graphqlJar));

        assertThat(first).isNotNull().isEqualTo(ApiCodeIdentity.of(List.of(engineJar, graphqlJar)));
        Files.setLastModifiedTime(engineJar, FileTime.fromMillis(Files.getLastModifiedTime(engineJar).toMillis()
                + 5000));
        Digest touched = ApiCodeIdentity.of(List.of(engineJar, graphqlJar));
        assertThat(touched).as("a rebuilt engine jar").isNotEqualTo(first);
        Files.write(graphqlJar, new byte[] {4, 5});
        assertThat(ApiCodeIdentity.of(List.of(engineJar, graphqlJar))).as("another graphql-java").isNotEqualTo(touched);
        assertThat(ApiCodeIdentity.of(List.of(engineJar, tmp))).as("classes in a directory").isNull();
        assertThat(ApiCodeIdentity.of(List.of(engineJar, tmp.resolve("missing.jar")))).isNull();
    }
}
