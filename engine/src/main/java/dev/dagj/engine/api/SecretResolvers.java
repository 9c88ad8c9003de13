package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.SecretObject;
import dev.dagj.engine.digest.Digest;
import graphql.schema.DataFetchingEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code setSecret}, {@code secret(uri)} and the leaves of {@code Secret}. The plaintext goes into the engine's
 * in-memory vault; the ID records the name (or URI) and the keyed digest only, never the plaintext. A URI is read
 * through {@link SecretUris}, which also reads it again when another session loads the ID.
 */
final class SecretResolvers {
    private final ApiScope scope;
    private final ChainFetchers chains;
    private final SecretUris uris;

    SecretResolvers(ApiScope scope, ChainFetchers chains, SecretUris uris) {
        this.scope = scope;
        this.chains = chains;
        this.uris = uris;
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
        Digest d = uris.resolve(env.getArgument("uri"));
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(d.toString())));
        return chains.chain(env, args);
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
