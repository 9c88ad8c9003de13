package dev.dagj.engine.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK HttpServer in front of a {@link LocalRegistry} that demands auth the way real registries do: {@code BEARER}
 * answers 401 with a {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...} challenge and serves tokens at
 * {@code /token} (optionally only to the right Basic credentials); {@code BASIC} wants Basic credentials directly.
 * It can also corrupt chosen blobs on their way out. {@code Location} headers are rewritten to point at the proxy.
 */
final class FrontProxy implements AutoCloseable {
    enum Auth { NONE, BEARER, BASIC }

    static final String PULL_TOKEN = "pull-token";
    static final String PUSH_TOKEN = "push-token";
    private static final Pattern REPO = Pattern.compile("/v2/(.+)/(manifests|blobs)/.*");

    private final String backend;
    private final Auth auth;
    private final Optional<RegistryCredentials> required;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final Set<String> tamperedDigests = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokenRequests = new AtomicInteger();
    final Set<String> scopes = ConcurrentHashMap.newKeySet();
    /** When set, blob GETs are answered 307 to {@code http://localhost:<port>/redirected/...} (another authority). */
    volatile boolean redirectBlobs;
    final AtomicInteger redirectedWithAuthorization = new AtomicInteger();
    final AtomicInteger redirected = new AtomicInteger();
    /** Every registry request as {@code METHOD path[?query]}, in arrival order. */
    final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    FrontProxy(String backend, Auth auth, Optional<RegistryCredentials> required) throws IOException {
        this.backend = backend;
        this.auth = auth;
        this.required = required;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.createContext("/redirected/", this::redirected);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private boolean basicOk(HttpExchange x) {
        if (required.isEmpty()) {
            return true;
        }
        RegistryCredentials c = required.get();
        String want = "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password())
                .getBytes(StandardCharsets.UTF_8));
        return want.equals(x.getRequestHeaders().getFirst("Authorization"));
    }

    private void token(HttpExchange x) throws IOException {
        tokenRequests.incrementAndGet();
        String q = x.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith("scope=")) {
                    scopes.add(java.net.URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8));
                }
            }
        }
        if (!basicOk(x)) {
            send(x, 401, "application/json", "{\"details\":\"incorrect username or password\"}");
            return;
        }
        String token = q != null && q.contains("push") ? PUSH_TOKEN : PULL_TOKEN;
        send(x, 200, "application/json", "{\"token\":\"" + token + "\",\"expires_in\":300}");
    }

    private void registry(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            String query = x.getRequestURI().getRawQuery();
            requests.add(x.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
            String authz = x.getRequestHeaders().getFirst("Authorization");
            boolean reading = x.getRequestMethod().equals("GET") || x.getRequestMethod().equals("HEAD");
            boolean tokenOk = ("Bearer " + PUSH_TOKEN).equals(authz) || reading && ("Bearer " + PULL_TOKEN).equals(authz);
            if (auth == Auth.BEARER && !tokenOk) {
                Matcher m = REPO.matcher(path);
                String actions = reading ? "pull" : "pull,push";
                x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
                        + "/token\",service=\"front\"" + (m.matches() ? ",scope=\"repository:" + m.group(1) + ":"
                        + actions + "\"" : ""));
                unauthorized(x);
                return;
            }
            if (auth == Auth.BASIC && !basicOk(x)) {
                x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"front\"");
                unauthorized(x);
                return;
            }
            if (redirectBlobs && x.getRequestMethod().equals("GET") && path.contains("/blobs/sha256:")) {
                x.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort()
                        + "/redirected" + path);
                x.sendResponseHeaders(307, -1);
                return;
            }
            forward(x, x.getRequestURI().getRawPath());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void unauthorized(HttpExchange x) throws IOException {
        send(x, 401, "application/json",
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
    }

    private void redirected(HttpExchange x) throws IOException {
        try (x) {
            redirected.incrementAndGet();
            if (x.getRequestHeaders().getFirst("Authorization") != null) {
                redirectedWithAuthorization.incrementAndGet();
            }
            forward(x, x.getRequestURI().getRawPath().substring("/redirected".length()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange x, String backendPath) throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI target = URI.create("http://" + backend + backendPath
                + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()));
        HttpRequest.Builder b = HttpRequest.newBuilder(target).method(x.getRequestMethod(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : List.of("Accept", "Content-Type")) {
            String v = x.getRequestHeaders().getFirst(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (String h : List.of("Content-Type", "Docker-Content-Digest", "Docker-Upload-Uuid", "Range", "Location")) {
            Optional<String> v = r.headers().firstValue(h);
            v.ifPresent(s -> x.getResponseHeaders().add(h, s.replace(backend, host())));
        }
        byte[] out = r.body();
        String path = x.getRequestURI().getRawPath();
        if (x.getRequestMethod().equals("GET") && r.statusCode() == 200
                && tamperedDigests.stream().anyMatch(path::endsWith) && out.length > 0) {
            out = out.clone();
            out[out.length / 2] ^= 0x55;
        }
        boolean head = x.getRequestMethod().equals("HEAD");
        if (head) {
            r.headers().firstValue("Content-Length").ifPresent(v -> x.getResponseHeaders().add("Content-Length", v));
        }
        x.sendResponseHeaders(r.statusCode(), head || out.length == 0 ? -1 : out.length);
        if (!head && out.length > 0) {
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        }
    }

    static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream o = x.getResponseBody()) {
                o.write(b);
            }
        }
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        http.close();
    }
}
