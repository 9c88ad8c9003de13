package dev.dagj.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.solve.Progress;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSessionTest {
    @TempDir
    Path state;
    @TempDir
    Path work;
    Engine engine;
    Session session;
    SessionClient client;

    @BeforeEach
    void open() throws Exception {
        engine = Engine.open(new EngineConfig(state, Progress.NONE));
        session = engine.openSession(work);
        client = new SessionClient(session);
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        engine.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertJsonError(HttpResponse<String> r, int status, String... words) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = SessionClient.JSON.readTree(r.body());
        assertThat(body.get("errors").get(0).get("message").asText()).contains(words);
    }

    @Test
    void tsSdkVersionHandshake() throws Exception {
        assertThat(client.data("{ version  }").get("version").asText()).isEqualTo(Engine.DAGGER_VERSION);
    }

    @Test
    void listensOnLoopbackWithALongRandomToken() throws Exception {
        assertThat(session.port()).isPositive();
        assertThat(session.token()).hasSizeGreaterThanOrEqualTo(32);
        try (Session other = engine.openSession(work)) {
            assertThat(other.token()).isNotEqualTo(session.token());
            assertThat(other.port()).isNotEqualTo(session.port());
        }
    }

    @Test
    void missingOrWrongTokenIs401WithJsonErrors() throws Exception {
        String body = "{\"query\":\"{ version }\"}";
        assertJsonError(client.raw("POST", "/query", body, null), 401, "session token");
        assertJsonError(client.raw("POST", "/query", body, basic("wrong", "")), 401, "session token");
        assertJsonError(client.raw("POST", "/query", body, "Bearer " + session.token()), 401, "session token");
        assertJsonError(client.raw("POST", "/query", body, "Basic %%%"), 401, "session token");
        HttpResponse<String> ok = client.raw("POST", "/query", body, basic(session.token(), ""));
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void otherPathsMethodsAndBodiesAreRejectedWithJson() throws Exception {
        assertJsonError(client.raw("POST", "/graphql", "{}", client.auth()), 404, "/graphql");
        assertJsonError(client.raw("GET", "/query", null, client.auth()), 405, "POST");
        assertJsonError(client.raw("POST", "/query", "{not json", client.auth()), 400, "not JSON");
        assertJsonError(client.raw("POST", "/query", "[1]", client.auth()), 400, "JSON object");
        assertJsonError(client.raw("POST", "/query", "{\"variables\":{}}", client.auth()), 400, "query");
    }

    @Test
    void variablesAndOperationName() throws Exception {
        String q = "query A($p: String!, $c: String!) { directory { withNewFile(path: $p, contents: $c) { entries } } }"
                + " query B { version }";
        JsonNode a = client.post(Map.of("query", q, "operationName", "A", "variables", Map.of("p", "v.txt", "c", "x")));
        assertThat(a.get("data").get("directory").get("withNewFile").get("entries").get(0).asText()).isEqualTo("v.txt");
        JsonNode b = client.post(Map.of("query", q, "operationName", "B"));
        assertThat(b.get("data").get("version").asText()).isEqualTo(Engine.DAGGER_VERSION);
    }

    @Test
    void executeRunsInProcess() throws Exception {
        Map<String, Object> r = session.execute("{ directory { withNewFile(path: \"a\", contents: \"b\") { file(path: \"a\") { contents } } } }",
                null, null);
        assertThat(r).containsOnlyKeys("data");
        assertThat(r.get("data").toString()).contains("contents=b");
        Map<String, Object> e = session.execute("{ nope }", Map.of(), null);
        assertThat(e).containsKey("errors");
    }

    @Test
    void concurrentRequestsOverlap(@TempDir Path state2) throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        List<Boolean> overlapped = new CopyOnWriteArrayList<>();
        Progress waitForTheOther = (v, status, nanos) -> {
            if (status == Progress.Status.DONE && v.toString().startsWith("mkfile")) {
                both.countDown();
                try {
                    overlapped.add(both.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Engine slow = Engine.open(new EngineConfig(state2, waitForTheOther)); Session s = slow.openSession(work)) {
            SessionClient c = new SessionClient(s);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                long t0 = System.nanoTime();
                Future<JsonNode> a = pool.submit(() -> c.data("{ directory { withNewFile(path: \"one\", contents: \"1\") { digest } } }"));
                Future<JsonNode> b = pool.submit(() -> c.data("{ directory { withNewFile(path: \"two\", contents: \"2\") { digest } } }"));
                assertThat(a.get(30, TimeUnit.SECONDS).toString()).contains("sha256:");
                assertThat(b.get(30, TimeUnit.SECONDS).toString()).contains("sha256:");
                assertThat(overlapped).containsExactly(true, true);
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closeStopsListening() throws Exception {
        Session s = engine.openSession(work);
        SessionClient c = new SessionClient(s);
        assertThat(c.data("{ version }").get("version").asText()).isEqualTo(Engine.DAGGER_VERSION);
        s.close();
        assertThatThrownBy(() -> c.raw("POST", "/query", "{\"query\":\"{ version }\"}", c.auth()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void tokenCheck() {
        String t = "abc123";
        assertThat(SessionTokens.authorizes(basic(t, ""), t)).isTrue();
        assertThat(SessionTokens.authorizes("basic " + Base64.getEncoder().encodeToString("abc123".getBytes()), t)).isTrue();
        assertThat(SessionTokens.authorizes(basic("abc12", ""), t)).isFalse();
        assertThat(SessionTokens.authorizes(basic("abc1234", ""), t)).isFalse();
        assertThat(SessionTokens.authorizes(null, t)).isFalse();
        assertThat(SessionTokens.authorizes("Basic", t)).isFalse();
    }
}
