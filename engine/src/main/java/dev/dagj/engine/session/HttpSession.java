package dev.dagj.engine.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.api.ApiOptions;
import dev.dagj.engine.api.GraphqlApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A session served over HTTP by the JDK server on 127.0.0.1 (an ephemeral port), one virtual thread per exchange so
 * slow requests do not hold up others. {@code POST /query} takes {@code {query, variables, operationName}} and
 * answers 200 with {@code {data, errors}} (GraphQL errors are results, not HTTP errors); a missing or wrong token is
 * 401, a body that is not a JSON request is 400, both with a JSON {@code errors} body. TCP_NODELAY is on when the JVM
 * runs with {@code -Dsun.net.httpserver.nodelay=true} (the launcher and the tests pass it).
 */
public final class HttpSession implements Session {
    private static final String JSON = "application/json";
    private final GraphqlApi api;
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private final HttpServer server;
    private final ExecutorService executor;

    private HttpSession(GraphqlApi api, String token, HttpServer server, ExecutorService executor) {
        this.api = api;
        this.token = token;
        this.server = server;
        this.executor = executor;
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
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new EngineException("cannot listen on 127.0.0.1 for the session: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpSession s = new HttpSession(api, token, server, executor);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
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
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals("/query")) {
                fail(ex, 404, "no such endpoint: " + ex.getRequestURI().getPath() + " (use POST /query)");
                return;
            }
            if (!SessionTokens.authorizes(ex.getRequestHeaders().getFirst("Authorization"), token)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"dagj session\"");
                fail(ex, 401, "missing or wrong session token: send Basic auth with the session token as user name"
                        + " and an empty password");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().set("Allow", "POST");
                fail(ex, 405, "use POST for /query, not " + ex.getRequestMethod());
                return;
            }
            Request req;
            try (InputStream in = ex.getRequestBody()) {
                req = parse(in.readAllBytes());
            } catch (BadRequest e) {
                fail(ex, 400, e.getMessage());
                return;
            }
            Map<String, Object> result = api.execute(req.query(), req.variables(), req.operationName());
            send(ex, 200, json.writeValueAsBytes(result));
        }
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

    private void fail(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, json.writeValueAsBytes(Map.of("errors", List.of(Map.of("message", message)))));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", JSON);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
