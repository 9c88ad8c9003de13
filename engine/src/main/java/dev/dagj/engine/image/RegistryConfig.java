package dev.dagj.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach registries: which hosts speak plain HTTP, and the credentials per host. Loopback hosts
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}, any port) always use HTTP; every other host uses HTTPS unless
 * listed in {@code insecureHosts} (as {@code host} or {@code host:port}). {@code docker.io} is served by
 * {@code registry-1.docker.io}.
 */
public record RegistryConfig(Set<String> insecureHosts, Map<String, RegistryCredentials> credentials) {
    public static final String DOCKER_CONFIG_ENV = "DOCKER_CONFIG";
    public static final RegistryConfig DEFAULT = new RegistryConfig(Set.of(), Map.of());

    public RegistryConfig {
        insecureHosts = Set.copyOf(insecureHosts);
        credentials = Map.copyOf(credentials);
    }

    /**
     * Reads {@code config.json} from {@code $DOCKER_CONFIG} or else {@code <home>/.docker}: each
     * {@code auths.<host>.auth} (base64 of {@code user:password}, or separate {@code username}/{@code password}) becomes
     * the credentials for that host. A missing file means no credentials. {@code credsStore}, {@code credHelpers} and
     * {@code identitytoken} are not supported and are ignored.
     */
    public static RegistryConfig load(Map<String, String> env, Path home, Set<String> insecureHosts)
            throws ImageException {
        String dir = env.get(DOCKER_CONFIG_ENV);
        Path file = (dir != null && !dir.isBlank() ? Path.of(dir) : home.resolve(".docker")).resolve("config.json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new RegistryConfig(insecureHosts, Map.of());
        } catch (IOException e) {
            throw new ImageException("cannot read registry credentials from " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = ImageJson.tree(bytes, file.toString());
        } catch (ImageJson.MalformedException e) {
            throw new ImageException("cannot read registry credentials: " + e.getMessage(), e);
        }
        Map<String, RegistryCredentials> creds = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<RegistryCredentials> c = decode(e.getValue());
            if (c.isPresent()) {
                creds.put(normaliseHost(e.getKey()), c.get());
            }
        }
        return new RegistryConfig(insecureHosts, creds);
    }

    private static Optional<RegistryCredentials> decode(JsonNode entry) throws ImageException {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String plain;
            try {
                plain = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ImageException("docker config.json: an \"auth\" entry is not valid base64");
            }
            int colon = plain.indexOf(':');
            if (colon < 0) {
                throw new ImageException("docker config.json: an \"auth\" entry is not base64 of user:password");
            }
            return Optional.of(new RegistryCredentials(plain.substring(0, colon), plain.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        if (!user.isEmpty()) {
            return Optional.of(new RegistryCredentials(user, entry.path("password").asText("")));
        }
        return Optional.empty();
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://host:5000/x} → {@code host:5000}. */
    static String normaliseHost(String key) {
        String h = key.trim().toLowerCase(Locale.ROOT);
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int slash = h.indexOf('/');
        if (slash >= 0) {
            h = h.substring(0, slash);
        }
        return switch (h) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageRef.DOCKER_HUB;
            default -> h;
        };
    }

    /** The credentials configured for {@code registry}, if any. */
    public Optional<RegistryCredentials> credentialsFor(String registry) {
        return Optional.ofNullable(credentials.get(normaliseHost(registry)));
    }

    /** Whether {@code registry} is spoken to over plain HTTP. */
    public boolean isPlainHttp(String registry) {
        String host = hostWithoutPort(registry);
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || insecureHosts.contains(registry) || insecureHosts.contains(host);
    }

    /** The base URI of the registry API, e.g. {@code http://127.0.0.1:5000} (no trailing slash, no /v2). */
    public URI endpoint(String registry) {
        String host = registry.equals(ImageRef.DOCKER_HUB) ? "registry-1.docker.io" : registry;
        return URI.create((isPlainHttp(registry) ? "http://" : "https://") + host);
    }

    private static String hostWithoutPort(String registry) {
        if (registry.startsWith("[")) {
            int close = registry.indexOf(']');
            return close < 0 ? registry : registry.substring(0, close + 1);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }
}
