package dev.dagj.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** A test client that talks to a session the way the Dagger SDKs do: POST /query, Basic auth, JSON. */
public final class SessionClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Session session;

    public SessionClient(Session session) {
        this.session = session;
    }

    public String auth() {
        return "Basic " + Base64.getEncoder().encodeToString((session.token() + ":").getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> raw(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.port() + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/graphql-response+json, application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code {"query": q}} (as the TypeScript SDK does) and returns the whole 200 response body. */
    public JsonNode post(String query) throws IOException, InterruptedException {
        return post(Map.of("query", query));
    }

    public JsonNode post(Map<String, Object> request) throws IOException, InterruptedException {
        HttpResponse<String> r = raw("POST", "/query", JSON.writeValueAsString(request), auth());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    /** The {@code data} of a request that must succeed. */
    public JsonNode data(String query) throws IOException, InterruptedException {
        JsonNode r = post(query);
        assertThat(r.has("errors")).as("errors: %s", r.get("errors")).isFalse();
        return r.get("data");
    }

    /** The first error of a request that must fail. */
    public JsonNode error(String query) throws IOException, InterruptedException {
        JsonNode r = post(query);
        assertThat(r.has("errors")).as("expected errors, got %s", r).isTrue();
        JsonNode e = r.get("errors").get(0);
        assertThat(e.get("message").asText()).doesNotContain("Exception", "java.", "dev.dagj", "\tat ");
        return e;
    }

    /** A GraphQL string literal holding {@code s}. */
    public static String lit(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
