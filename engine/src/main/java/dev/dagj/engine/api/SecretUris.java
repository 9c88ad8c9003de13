package dev.dagj.engine.api;

import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret providers of one session ({@code env://NAME}, {@code file://PATH}, {@code cmd://COMMAND}), read on the
 * engine's host with the session's working directory. {@code secret(uri)} reads through it, and so does loading an ID
 * of a {@code secret(uri)} call made in another session (or before an engine restart): as in Dagger, the URI is
 * resolved again by the session that loads it, so its value is this session's. A {@code setSecret} value has no URI
 * to re-read and stays bound to the session that set it ({@link SecretScope}).
 */
final class SecretUris {
    private final ApiScope scope;
    private final Map<String, String> environment;
    /** URIs this session re-resolved for a loaded ID, by URI: read once per session. */
    private final Map<String, Digest> reresolved = new ConcurrentHashMap<>();

    SecretUris(ApiScope scope, Map<String, String> environment) {
        this.scope = scope;
        this.environment = environment;
    }

    /** Reads {@code uri} now, keeps the value in the engine's vault, binds it to this session; its keyed digest. */
    Digest resolve(String uri) throws ApiException, InterruptedException {
        Digest d = scope.engine().secrets().put(read(uri));
        scope.secrets().bind(d);
        return d;
    }

    /**
     * The digest a loaded {@code secret(uri)} step stands for in this session: {@code pinned} (the value's digest
     * when the ID was made) when this session holds that value, else the URI read again here (once per session).
     * A session without host access (a function runtime's) does not read its own providers: it uses its caller's
     * secrets only, so the pinned digest stays and using it fails as a foreign secret does.
     */
    Digest forLoadedId(String uri, Digest pinned) throws ApiException {
        if (scope.secrets().has(pinned) || !scope.hostAccess()) {
            return pinned;
        }
        Digest known = reresolved.get(uri);
        if (known != null) {
            return known;
        }
        try {
            Digest d = resolve(uri);
            reresolved.put(uri, d);
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("secret " + uri + ": interrupted while reading it again for this session", e);
        } catch (ApiException e) {
            throw new ApiException(e.getMessage() + " (the secret's ID was made in another session; this session"
                    + " reads its URI again)", e);
        }
    }

    private byte[] read(String uri) throws ApiException, InterruptedException {
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            throw new ApiException("secret: \"" + uri + "\" is not a secret URI (use env://NAME, file://PATH or"
                    + " cmd://COMMAND)");
        }
        String scheme = uri.substring(0, sep);
        String rest = uri.substring(sep + 3);
        return switch (scheme) {
            case "env" -> {
                String v = environment.get(rest);
                if (v == null) {
                    throw new ApiException("secret " + uri + ": environment variable " + rest + " is not set");
                }
                yield v.getBytes(StandardCharsets.UTF_8);
            }
            case "file" -> {
                Path p = scope.hostPath(rest);
                try {
                    yield Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new ApiException("secret " + uri + ": cannot read " + p + ": " + e.getMessage(), e);
                }
            }
            case "cmd" -> command(uri, rest);
            default -> throw new ApiException("secret " + uri + ": unknown secret provider scheme \"" + scheme
                    + "\" (supported: env, file, cmd)");
        };
    }

    private byte[] command(String uri, String cmd) throws ApiException, InterruptedException {
        try {
            Process p = new ProcessBuilder("sh", "-c", cmd).directory(scope.workdir().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new ApiException("secret " + uri + ": the command exited with status " + rc);
            }
            int n = out.length;
            if (n > 0 && out[n - 1] == '\n') {
                n--;
            }
            return java.util.Arrays.copyOf(out, n);
        } catch (IOException e) {
            throw new ApiException("secret " + uri + ": cannot run the command: " + e.getMessage(), e);
        }
    }
}
