package dev.dagj.engine.api;

import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.op.ExecMount;
import dev.dagj.engine.op.ExecOp;
import dev.dagj.engine.op.Vertex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets one client session may use, as in Dagger, where a {@code setSecret} value is bound to the session that
 * set it: the keyed digests of the secrets made in this session ({@code setSecret}, {@code secret(uri)}). The
 * function calls a session makes share its scope (Dagger's nested clients of one session), so secrets pass into
 * module functions and back. Another session holding an ID of such a secret (or of a container using it) cannot
 * read or use it until it sets the same value itself; a {@code secret(uri)} ID is read again by the session that
 * loads it ({@link SecretUris}) and then bound here. The plaintexts stay in the engine's vault; this is only the
 * access list.
 */
final class SecretScope {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<Digest> bound = ConcurrentHashMap.newKeySet();
    /** Vertex keys already checked (their DAG uses only bound secrets); bound only grows, so they stay valid. */
    private final Set<Digest> checked = ConcurrentHashMap.newKeySet();
    /** The providers of the client session that owns this scope, to read a loaded {@code secret(uri)} again. */
    private volatile SecretUris uris;

    /** Set once by the client session that owns this scope (not by the function calls that share it). */
    void readUrisWith(SecretUris providers) {
        this.uris = providers;
    }

    void bind(Digest secret) {
        bound.add(secret);
    }

    boolean has(Digest secret) {
        return bound.contains(secret);
    }

    /** Throws unless every secret the execs of {@code root}'s DAG use is bound in this scope. */
    void checkUses(Vertex root) throws ApiException {
        Deque<Vertex> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Vertex v = todo.pop();
            if (checked.contains(v.key())) {
                continue;
            }
            if (v.op() instanceof ExecOp x) {
                for (ExecOp.SecretEnv s : x.secretEnv()) {
                    require(s.secret(), "secret variable $" + s.name());
                }
                for (ExecMount m : x.mounts()) {
                    if (m instanceof ExecMount.Secret s) {
                        require(s.secret(), "secret mounted at " + s.target());
                    }
                }
            }
            for (Vertex in : v.op().inputs()) {
                if (!checked.contains(in.key())) {
                    todo.push(in);
                }
            }
            checked.add(v.key());
        }
    }

    /**
     * Throws unless every secret the IDs in a function call's JSON arguments refer to (directly, or through the
     * objects they were built from) is bound here: a cached call result must not hand one session what another
     * session's secret produced.
     */
    void checkArguments(List<String> jsonArgs) throws ApiException {
        for (String json : jsonArgs) {
            JsonNode n;
            try {
                n = JSON.readTree(json);
            } catch (java.io.IOException e) {
                continue; // not JSON: the call itself reports it
            }
            checkJson(n);
        }
    }

    private void checkJson(JsonNode n) throws ApiException {
        if (n.isTextual() && n.asText().startsWith(IdCodec.PREFIX)) {
            checkId(IdCodec.decode(n.asText()));
        } else if (n.isContainerNode()) {
            for (JsonNode c : n) {
                checkJson(c);
            }
        }
    }

    private void checkId(CallId id) throws ApiException {
        for (CallId step : id.steps()) {
            if (step.receiver() == null && (step.field().equals("setSecret") || step.field().equals("secret"))) {
                String pinned = step.optString(CallTranslator.PINNED_DIGEST);
                if (pinned != null && step.field().equals("secret")) {
                    requireUriSecret(step.string("uri"), Digest.parse(pinned));
                } else if (pinned != null) {
                    require(Digest.parse(pinned), "secret " + step.optString("name"));
                }
            }
            for (CallId.Arg a : step.args()) {
                checkLiteral(a.value());
            }
        }
    }

    private void checkLiteral(Literal l) throws ApiException {
        switch (l) {
            case Literal.Id i -> checkId(i.id());
            case Literal.ListOf list -> {
                for (Literal x : list.values()) {
                    checkLiteral(x);
                }
            }
            case Literal.Str s when s.value().startsWith(IdCodec.PREFIX) -> checkId(IdCodec.decode(s.value()));
            default -> {
            }
        }
    }

    /**
     * A {@code secret(uri)} of an argument ID: bound here, or read again by the owning session with the same value.
     * A function call's result is cached by its arguments' IDs, which pin the value read when the ID was made, so
     * another value read here must not reach it under the same ID.
     */
    private void requireUriSecret(String uri, Digest pinned) throws ApiException {
        if (has(pinned) || uris == null) {
            require(pinned, "secret " + uri);
            return;
        }
        if (!uris.forLoadedId(uri, pinned).equals(pinned)) {
            throw new ApiException("the secret " + uri + " was read in another session, and its value here is not"
                    + " the one its ID was made with; call secret(uri:) again in this session and pass that ID");
        }
    }

    void require(Digest secret, String what) throws ApiException {
        if (!has(secret)) {
            throw new ApiException("the " + what + " was set in another session: a secret's value belongs to the"
                    + " session that set it (and the function calls it makes); set it again in this session");
        }
    }
}
