package dev.dagj.engine.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.api.ApiOptions;
import dev.dagj.engine.api.GraphqlApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A session served over HTTP/1.1 on 127.0.0.1 (an ephemeral port) by a {@link LoopbackHttpServer}: a thread per
 * connection, so a slow request holds up only its own connection (clients open more for concurrent requests).
 * {@code POST /query} takes {@code {query, variables, operationName}} and answers 200 with {@code {data, errors}}
 * (GraphQL errors are results, not HTTP errors); a missing or wrong token is 401, a body that is not a JSON request
 * is 400, both with a JSON {@code errors} body, as is every other refusal.
 */
public final class HttpSession implements Session {
    private static final String JSON = "application/json";
    private final GraphqlApi api;
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private LoopbackHttpServer server;

    private HttpSession(GraphqlApi api, String token) {
        this.api = api;
        this.token = token;
    }

    /**
     * Opens a session on {@code engine} and starts listening.
     *
     * @param workdir the client's working directory, against which relative host paths resolve
     */
    public static HttpSession open(Engine engine, Path workdir) throws EngineException {
        return open(engine, workdir, ApiOptions.MAIN);
    }

    /** Opens a session whose API follows {@code options} (a function runtime's nested session, for example). */
    public static HttpSession open(Engine engine, Path workdir, ApiOptions options) throws EngineException {
        GraphqlApi api = new GraphqlApi(engine, workdir, options);
        String token = SessionTokens.newToken();
        HttpSession s = new HttpSession(api, token);
        try {
            s.server = LoopbackHttpServer.start(s::handle, s::error, "dagj-session");
        } catch (IOException e) {
            throw new EngineException("cannot listen on 127.0.0.1 for the session: " + e.getMessage(), e);
        }
        return s;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public Map<String, Object> execute(String query, Map<String, Object> variables, String operationName)
            throws InterruptedException {
        Map<String, Object> r = api.execute(query, variables, operationName);
        if (Thread.interrupted()) {
            throw new InterruptedException("the request was interrupted");
        }
        return r;
    }

    @Override
    public Served serveModule(String refString, String refPin) throws EngineException, InterruptedException {
        return api.serveModule(refString, refPin);
    }

    @Override
    public void close() {
        server.close();
    }

    private LoopbackHttpServer.Response handle(LoopbackHttpServer.Request r) throws IOException {
        if (!r.path().equals("/query")) {
            return error(404, "no such endpoint: " + r.path() + " (use POST /query)");
        }
        if (!SessionTokens.authorizes(r.header("authorization"), token)) {
            return error(401, "missing or wrong session token: send Basic auth with the session token as user name"
                    + " and an empty password", Map.of("WWW-Authenticate", "Basic realm=\"dagj session\""));
        }
        if (!r.method().equals("POST")) {
            return error(405, "use POST for /query, not " + r.method(), Map.of("Allow", "POST"));
        }
        Request req;
        try {
            req = parse(r.body());
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        }
        Map<String, Object> result = api.execute(req.query(), req.variables(), req.operationName());
        return new LoopbackHttpServer.Response(200, JSON, Map.of(), json.writeValueAsBytes(result));
    }

    private record Request(String query, Map<String, Object> variables, String operationName) {
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    @SuppressWarnings("unchecked")
    private Request parse(byte[] body) throws BadRequest {
        JsonNode n;
        try {
            n = json.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("the request body is not JSON: " + firstLine(e));
        }
        if (n == null || !n.isObject()) {
            throw new BadRequest("the request body must be a JSON object {\"query\": ..., \"variables\": ...}");
        }
        JsonNode q = n.get("query");
        if (q == null || !q.isTextual()) {
            throw new BadRequest("the request has no \"query\" string");
        }
        JsonNode v = n.get("variables");
        Map<String, Object> vars = Map.of();
        if (v != null && !v.isNull()) {
            if (!v.isObject()) {
                throw new BadRequest("\"variables\" must be a JSON object");
            }
            vars = json.convertValue(v, Map.class);
        }
        JsonNode op = n.get("operationName");
        return new Request(q.asText(), vars, op == null || op.isNull() ? null : op.asText());
    }

    private static String firstLine(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? "unreadable" : m.lines().findFirst().orElse(m);
    }

    private LoopbackHttpServer.Response error(int status, String message) {
        return error(status, message, Map.of());
    }

    private LoopbackHttpServer.Response error(int status, String message, Map<String, String> headers) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("errors", List.of(Map.of("message", message))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an error message as JSON", e);
        }
        return new LoopbackHttpServer.Response(status, JSON, headers, body);
    }
}
