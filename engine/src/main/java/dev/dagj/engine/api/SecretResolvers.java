package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.SecretObject;
import dev.dagj.engine.digest.Digest;
import graphql.schema.DataFetchingEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code setSecret}, {@code secret(uri)} and the leaves of {@code Secret}. The plaintext goes into the engine's
 * in-memory vault; the ID records the name (or URI) and the keyed digest only, never the plaintext.
 */
final class SecretResolvers {
    private final ApiScope scope;
    private final ChainFetchers chains;
    private final Map<String, String> environment;

    SecretResolvers(ApiScope scope, ChainFetchers chains, Map<String, String> environment) {
        this.scope = scope;
        this.chains = chains;
        this.environment = environment;
    }

    ApiObject setSecret(DataFetchingEnvironment env) throws ApiException {
        String name = env.getArgument("name");
        String plaintext = env.getArgument("plaintext");
        Digest d = scope.engine().secrets().put(plaintext.getBytes(StandardCharsets.UTF_8));
        scope.secrets().bind(d);
        List<CallId.Arg> args = new ArrayList<>();
        args.add(new CallId.Arg("name", new Literal.Str(name)));
        args.add(new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(d.toString())));
        return chains.chain(env, args);
    }

    ApiObject secret(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        String uri = env.getArgument("uri");
        byte[] plaintext = read(uri);
        Digest d = scope.engine().secrets().put(plaintext);
        scope.secrets().bind(d);
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(d.toString())));
        return chains.chain(env, args);
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

    String name(DataFetchingEnvironment env) {
        return ((SecretObject) env.getSource()).name();
    }

    String plaintext(DataFetchingEnvironment env) throws ApiException {
        SecretObject s = env.getSource();
        scope.secrets().require(s.digest(), "secret " + s.name());
        byte[] p = scope.engine().secrets().get(s.digest());
        if (p == null) {
            throw new ApiException("plaintext: the value of secret " + s.name() + " is not known to this engine"
                    + " (secrets live only in memory); set it again");
        }
        return new String(p, StandardCharsets.UTF_8);
    }

    String id(DataFetchingEnvironment env) {
        return IdCodec.encode(((ApiObject) env.getSource()).id());
    }
}
