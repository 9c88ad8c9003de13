package dev.dagj.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * A client for the OCI distribution API (Docker registry v2) on {@link HttpClient}. It pulls manifests and blobs into
 * the content store, verifying every digest, and pushes blobs and manifests. It answers {@code 401} challenges with
 * the anonymous or credentialed bearer-token flow or with Basic auth and remembers the authorization per repository
 * and action for its lifetime. Redirects are followed by hand (at most 10), dropping {@code Authorization} when the
 * redirect leaves the registry host (blob storage behind a redirect rejects foreign credentials).
 *
 * <p>Errors name the image and the registry: "pull access denied / not found: 127.0.0.1:5000/nope:latest
 * (MANIFEST_UNKNOWN)", "registry 127.0.0.1:5999 is not reachable: connection refused", "registry X answered garbage
 * for ...", "... has digest sha256:... but sha256:... was expected".
 */
public final class RegistryClient implements AutoCloseable {
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_DOCUMENT = 4 << 20;
    private static final int MAX_ERROR_BODY = 64 << 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PULL = "pull";
    private static final String PUSH = "pull,push";

    private final RegistryConfig config;
    private final ContentStore store;
    /** Made on first use: building an HttpClient costs a cold CLI run ~100 ms, and most runs pull nothing. */
    private HttpClient http;
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    public RegistryClient(RegistryConfig config, ContentStore store) {
        this.config = config;
        this.store = store;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(30))
                    .build();
        }
        return http;
    }

    public RegistryConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
    }

    /** A manifest or index as the registry sent it, its digest verified, parsed. */
    record FetchedManifest(byte[] bytes, String mediaType, Digest digest, ImageJson.Document document) {
    }

    /**
     * GETs the manifest or index {@code reference} (a tag, or a digest string) of {@code ref}'s repository and checks
     * its bytes against {@code expected} (when pulling by digest) and the {@code Docker-Content-Digest} header.
     */
    FetchedManifest fetchManifest(ImageRef ref, String reference, Optional<Digest> expected)
            throws ImageException, InterruptedException {
        URI uri = api(ref, "/manifests/" + reference);
        HttpRequest.Builder req = HttpRequest.newBuilder().GET().header("Accept", MediaTypes.ACCEPT_MANIFESTS);
        HttpResponse<InputStream> r = send(ref, PULL, uri, req);
        if (r.statusCode() != 200) {
            throw pullFailure(ref, r, "manifest " + reference);
        }
        byte[] bytes = readBounded(ref, r, MAX_DOCUMENT, "the manifest");
        Digest actual = Digest.of(bytes);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw mismatch(ref, "manifest", expected.get(), actual);
        }
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && header.get().startsWith(Digest.PREFIX)
                && !header.get().trim().equals(actual.toString())) {
            throw new ImageException(ref.toString(), ref.registry(), "registry " + ref.registry() + " sent a manifest"
                    + " for " + ref + " with digest " + actual + " but announced " + header.get().trim()
                    + " (corrupt or tampered data)", null);
        }
        String ct = r.headers().firstValue("Content-Type").orElse("");
        ImageJson.Document doc;
        try {
            doc = ImageJson.document(bytes, ct);
        } catch (ImageJson.MalformedException e) {
            throw garbage(ref, e.getMessage() + " (HTTP 200, Content-Type \"" + ct + "\")");
        }
        return new FetchedManifest(bytes, doc.mediaType(), actual, doc);
    }

    /**
     * Makes blob {@code d} of {@code ref}'s repository present in the content store: nothing to do if it is there,
     * else GET it, hashing while writing to a temp file, and store it only if its size and digest are the expected
     * ones.
     */
    void fetchBlob(ImageRef ref, Descriptor d, String what) throws ImageException, InterruptedException {
        if (store.has(d.digest())) {
            return;
        }
        HttpResponse<InputStream> r = send(ref, PULL, api(ref, "/blobs/" + d.digest()), HttpRequest.newBuilder().GET());
        if (r.statusCode() != 200) {
            throw pullFailure(ref, r, what + " " + d.digest());
        }
        Path temp = store.tempPath("pull");
        MessageDigest md = Digest.newSha256(d.size());
        long n = 0;
        try (InputStream in = r.body();
                OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
            byte[] buf = new byte[256 * 1024];
            int k;
            while ((k = in.read(buf)) > 0) {
                md.update(buf, 0, k);
                out.write(buf, 0, k);
                n += k;
                if (n > d.size()) {
                    break;
                }
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new ImageException(ref.toString(), ref.registry(), "pulling " + what + " " + d.digest() + " of "
                    + ref + " from registry " + ref.registry() + " failed: " + describe(e), e);
        }
        Digest actual = Digest.fromRaw(md.digest());
        if (n != d.size() || !actual.equals(d.digest())) {
            deleteQuietly(temp);
            if (n != d.size()) {
                throw new ImageException(ref.toString(), ref.registry(), "registry " + ref.registry() + " sent "
                        + (n > d.size() ? "more than " : "") + n + " bytes for " + what + " " + d.digest() + " of " + ref
                        + ", but the manifest says " + d.size() + " (corrupt or tampered data)", null);
            }
            throw mismatch(ref, what, d.digest(), actual);
        }
        try {
            store.putTempFile(temp, actual);
        } catch (StoreException e) {
            throw new ImageException(ref.toString(), ref.registry(), e.getMessage(), e);
        }
    }

    /** Uploads blob {@code d} from the content store unless the registry already has it (HEAD), monolithically. */
    void pushBlob(ImageRef target, Descriptor d) throws ImageException, InterruptedException {
        if (!hasBlob(target, d)) {
            uploadBlob(target, d);
        }
    }

    /** Whether {@code target}'s repository has blob {@code d} (HEAD). */
    boolean hasBlob(ImageRef target, Descriptor d) throws ImageException, InterruptedException {
        HttpResponse<InputStream> head = send(target, PUSH, api(target, "/blobs/" + d.digest()),
                HttpRequest.newBuilder().method("HEAD", HttpRequest.BodyPublishers.noBody()));
        drain(head);
        if (head.statusCode() == 200) {
            return true;
        }
        if (head.statusCode() != 404) {
            throw pushFailure(target, head, "checking blob " + d.digest());
        }
        return false;
    }

    /**
     * Asks the registry to mount blob {@code d} from repository {@code from} (same registry) into {@code target}'s
     * repository without sending it. False when the registry did not (it may answer with an upload session instead,
     * or refuse); the caller then uploads.
     */
    boolean mountBlob(ImageRef target, Descriptor d, String from) throws ImageException, InterruptedException {
        URI uri = URI.create(api(target, "/blobs/uploads/") + "?mount="
                + URLEncoder.encode(d.digest().toString(), StandardCharsets.UTF_8) + "&from="
                + URLEncoder.encode(from, StandardCharsets.UTF_8));
        HttpResponse<InputStream> post = send(target, PUSH, uri,
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()));
        drain(post);
        return post.statusCode() == 201;
    }

    /** Uploads blob {@code d} from the content store, monolithically. */
    void uploadBlob(ImageRef target, Descriptor d) throws ImageException, InterruptedException {
        HttpResponse<InputStream> post = send(target, PUSH, api(target, "/blobs/uploads/"),
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()));
        if (post.statusCode() != 202) {
            throw pushFailure(target, post, "starting the upload of blob " + d.digest());
        }
        drain(post);
        String location = post.headers().firstValue("Location").orElseThrow(() -> garbage(target,
                "no Location in the answer to starting an upload"));
        URI put = post.request().uri().resolve(location);
        String sep = put.toString().contains("?") ? "&" : "?";
        put = URI.create(put + sep + "digest=" + URLEncoder.encode(d.digest().toString(), StandardCharsets.UTF_8));
        HttpRequest.BodyPublisher body;
        try {
            long size = store.blobSize(d.digest());
            // read through the store (the blob may be packed); the length makes it a plain, not chunked, upload
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return store.open(d.digest());
                } catch (StoreException e) {
                    throw new java.io.UncheckedIOException(new IOException(e.getMessage(), e));
                }
            }), size);
        } catch (StoreException e) {
            throw new ImageException(target.toString(), target.registry(), "blob " + d.digest()
                    + " is missing from the content store, cannot push " + target, e);
        }
        HttpResponse<InputStream> r = send(target, PUSH, put, HttpRequest.newBuilder()
                .header("Content-Type", "application/octet-stream").PUT(body));
        if (r.statusCode() != 201 && r.statusCode() != 204) {
            throw pushFailure(target, r, "uploading blob " + d.digest());
        }
        drain(r);
    }

    /** PUTs a manifest or index under {@code reference} (tag or digest) and returns its digest. */
    Digest pushManifest(ImageRef target, String reference, byte[] bytes, String mediaType)
            throws ImageException, InterruptedException {
        HttpResponse<InputStream> r = send(target, PUSH, api(target, "/manifests/" + reference),
                HttpRequest.newBuilder().header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        if (r.statusCode() != 201 && r.statusCode() != 200 && r.statusCode() != 202) {
            throw pushFailure(target, r, "putting manifest " + reference);
        }
        drain(r);
        Digest d = Digest.of(bytes);
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && header.get().startsWith(Digest.PREFIX) && !header.get().trim().equals(d.toString())) {
            throw new ImageException(target.toString(), target.registry(), "registry " + target.registry()
                    + " stored the manifest for " + target + " as " + header.get().trim() + " but we sent " + d, null);
        }
        return d;
    }

    private URI api(ImageRef ref, String tail) {
        return URI.create(config.endpoint(ref.registry()) + "/v2/" + ref.repository() + tail);
    }

    /** Sends with the remembered authorization; on 401 answers the challenge once and retries. */
    private HttpResponse<InputStream> send(ImageRef ref, String actions, URI uri, HttpRequest.Builder req)
            throws ImageException, InterruptedException {
        String key = ref.registry() + " " + ref.repository() + " " + actions;
        String auth = authorizations.get(key);
        HttpResponse<InputStream> r = sendFollowing(ref, uri, req, auth);
        if (r.statusCode() != 401) {
            return r;
        }
        String header = r.headers().firstValue("WWW-Authenticate").orElse("");
        Optional<AuthChallenge> challenge = AuthChallenge.parse(header);
        Optional<String> answer = challenge.isEmpty() ? Optional.empty() : authorize(ref, actions, challenge.get());
        if (answer.isEmpty()) {
            return r;
        }
        drain(r);
        authorizations.put(key, answer.get());
        return sendFollowing(ref, uri, req, answer.get());
    }

    private HttpResponse<InputStream> sendFollowing(ImageRef ref, URI first, HttpRequest.Builder template,
            String auth) throws ImageException, InterruptedException {
        String registryAuthority = config.endpoint(ref.registry()).getRawAuthority();
        URI uri = first;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = template.copy().uri(uri).timeout(TIMEOUT);
            if (auth != null && registryAuthority.equals(uri.getRawAuthority())) {
                b.setHeader("Authorization", auth);
            }
            HttpResponse<InputStream> r;
            try {
                r = http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw unreachable(ref, hop == 0 ? ref.registry() : uri.getRawAuthority(), e);
            }
            int s = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if ((s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && location.isPresent()) {
                drain(r);
                uri = uri.resolve(location.get());
                continue;
            }
            return r;
        }
        throw new ImageException(ref.toString(), ref.registry(), "registry " + ref.registry()
                + " redirected more than " + MAX_REDIRECTS + " times for " + ref, null);
    }

    /** The Authorization header value answering {@code c}, or empty when we have nothing to answer with. */
    private Optional<String> authorize(ImageRef ref, String actions, AuthChallenge c)
            throws ImageException, InterruptedException {
        Optional<RegistryCredentials> creds = config.credentialsFor(ref.registry());
        if (c.scheme().equals("basic")) {
            return creds.map(RegistryClient::basic);
        }
        if (!c.scheme().equals("bearer") || c.param("realm").isEmpty()) {
            return Optional.empty();
        }
        // Ask for what we are about to do (a HEAD during a push is challenged for pull only), plus what the
        // challenge names if that is something else.
        String scope = "repository:" + ref.repository() + ":" + actions;
        StringBuilder q = new StringBuilder(c.param("realm"));
        q.append(c.param("realm").contains("?") ? '&' : '?');
        if (!c.param("service").isEmpty()) {
            q.append("service=").append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8)).append('&');
        }
        q.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        if (!c.param("scope").isEmpty() && !c.param("scope").equals(scope)
                && !c.param("scope").equals("repository:" + ref.repository() + ":pull")) {
            q.append("&scope=").append(URLEncoder.encode(c.param("scope"), StandardCharsets.UTF_8));
        }
        URI tokenUri;
        try {
            tokenUri = URI.create(q.toString());
        } catch (IllegalArgumentException e) {
            throw garbage(ref, "an invalid token realm \"" + c.param("realm") + "\"");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(tokenUri).GET().timeout(TIMEOUT);
        creds.ifPresent(cr -> req.header("Authorization", basic(cr)));
        HttpResponse<InputStream> r;
        try {
            r = http().send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(ref, tokenUri.getRawAuthority(), e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            drain(r);
            throw new ImageException(ref.toString(), ref.registry(), "authentication failed for " + ref
                    + ": the token server " + tokenUri.getRawAuthority() + " answered HTTP " + r.statusCode()
                    + (creds.isPresent() ? " for user " + creds.get().username()
                            : " (no credentials for " + ref.registry() + " in docker config.json)"), null);
        }
        if (r.statusCode() != 200) {
            throw new ImageException(ref.toString(), ref.registry(), "the token server " + tokenUri.getRawAuthority()
                    + " for " + ref + " answered HTTP " + r.statusCode() + errorSuffix(readErrorBody(r)), null);
        }
        byte[] body = readBounded(ref, r, MAX_DOCUMENT, "the token answer");
        JsonNode n;
        try {
            n = ImageJson.tree(body, "the token answer");
        } catch (ImageJson.MalformedException e) {
            throw garbage(ref, e.getMessage() + " from token server " + tokenUri.getRawAuthority());
        }
        String token = n.path("token").asText(n.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw garbage(ref, "a token answer without a token from " + tokenUri.getRawAuthority());
        }
        return Optional.of("Bearer " + token);
    }

    private static String basic(RegistryCredentials c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    private ImageException pullFailure(ImageRef ref, HttpResponse<InputStream> r, String what) {
        String body = readErrorBody(r);
        String code = errorCode(body);
        int s = r.statusCode();
        if (s == 404 || s == 401 || s == 403) {
            if (what.startsWith("manifest")) {
                return new ImageException(ref.toString(), ref.registry(), "pull access denied / not found: " + ref
                        + " (" + (code.isEmpty() ? "HTTP " + s : code) + ")", null);
            }
            return new ImageException(ref.toString(), ref.registry(), "pull access denied / not found: " + what
                    + " of " + ref + " (" + (code.isEmpty() ? "HTTP " + s : code) + ")", null);
        }
        return new ImageException(ref.toString(), ref.registry(), "registry " + ref.registry() + " failed to serve "
                + what + " of " + ref + ": HTTP " + s + errorSuffix(body), null);
    }

    private ImageException pushFailure(ImageRef ref, HttpResponse<InputStream> r, String what) {
        String body = readErrorBody(r);
        String code = errorCode(body);
        int s = r.statusCode();
        if (s == 401 || s == 403) {
            return new ImageException(ref.toString(), ref.registry(), "push access denied: " + ref + " ("
                    + (code.isEmpty() ? "HTTP " + s : code) + ")", null);
        }
        return new ImageException(ref.toString(), ref.registry(), "registry " + ref.registry() + " refused " + what
                + " for " + ref + ": HTTP " + s + errorSuffix(body), null);
    }

    private ImageException garbage(ImageRef ref, String what) {
        return new ImageException(ref.toString(), ref.registry(), "registry " + ref.registry()
                + " answered garbage for " + ref + ": " + what, null);
    }

    private static ImageException mismatch(ImageRef ref, String what, Digest expected, Digest actual) {
        return new ImageException(ref.toString(), ref.registry(), what + " of " + ref + " from registry "
                + ref.registry() + " has digest " + actual + " but " + expected
                + " was expected (corrupt or tampered data)", null);
    }

    private static ImageException unreachable(ImageRef ref, String host, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException) {
                return new ImageException(ref.toString(), ref.registry(), "registry " + host + " answered garbage for "
                        + ref + ": not an HTTP response (" + t.getMessage() + ")", e);
            }
        }
        return new ImageException(ref.toString(), ref.registry(), "registry " + host + " is not reachable: "
                + describe(e) + " (pulling or pushing " + ref + ")", e);
    }

    /** A short reason for a network failure: "connection refused", "unknown host", "timed out", ... */
    static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (t instanceof ConnectException) {
                String m = t.getMessage();
                return m == null || m.toLowerCase().contains("refused") ? "connection refused" : m;
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t instanceof SSLException) {
                return "TLS failed (" + t.getMessage() + "); if it serves plain HTTP, configure it as an insecure"
                        + " registry";
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private byte[] readBounded(ImageRef ref, HttpResponse<InputStream> r, int max, String what)
            throws ImageException {
        try (InputStream in = r.body()) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw garbage(ref, what + " is larger than " + max + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new ImageException(ref.toString(), ref.registry(), "reading " + what + " of " + ref
                    + " from registry " + ref.registry() + " failed: " + describe(e), e);
        }
    }

    private static String readErrorBody(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The first {@code errors[].code} of a distribution error body, or "". */
    static String errorCode(String body) {
        try {
            JsonNode n = ImageJson.tree(body.getBytes(StandardCharsets.UTF_8), "error");
            return n.path("errors").path(0).path("code").asText("");
        } catch (ImageJson.MalformedException e) {
            return "";
        }
    }

    private static String errorSuffix(String body) {
        try {
            JsonNode n = ImageJson.tree(body.getBytes(StandardCharsets.UTF_8), "error");
            JsonNode e = n.path("errors").path(0);
            if (e.isObject()) {
                return " (" + e.path("code").asText("") + ": " + e.path("message").asText("") + ")";
            }
        } catch (ImageJson.MalformedException ignored) {
            // not a distribution error body: show its start below
        }
        String t = body.strip();
        return t.isEmpty() ? "" : " (" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + ")";
    }

    private static void drain(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            in.skip(Long.MAX_VALUE);
        } catch (IOException ignored) {
            // the connection is closed instead of reused
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is removed when the store next opens
        }
    }
}
