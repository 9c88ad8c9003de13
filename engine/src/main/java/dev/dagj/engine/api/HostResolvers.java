package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import graphql.schema.DataFetchingEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Host.directory} and {@code Host.file}: the session's source I/O. Each uploads at once and pins the stored
 * digest in the returned ID, so replaying that ID later (any session, any process) never reads the host again.
 */
final class HostResolvers {
    private final ApiScope scope;
    private final ChainFetchers chains;

    HostResolvers(ApiScope scope, ChainFetchers chains) {
        this.scope = scope;
        this.chains = chains;
    }

    ApiObject directory(DataFetchingEnvironment env) throws EngineException {
        Path p = scope.hostPath(env.getArgument("path"));
        List<String> include = orEmpty(env.getArgument("include"));
        List<String> exclude = orEmpty(env.getArgument("exclude"));
        boolean gitignore = Boolean.TRUE.equals(env.getArgument("gitignore"));
        Digest tree = scope.uploader().uploadDirectory(p, include, exclude, gitignore);
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(tree.toString())));
        return chains.chain(env, args);
    }

    ApiObject file(DataFetchingEnvironment env) throws EngineException {
        Path p = scope.hostPath(env.getArgument("path"));
        Digest tree = scope.uploader().uploadFile(p);
        List<CallId.Arg> args = new ArrayList<>(CallArgs.of(env));
        args.add(new CallId.Arg(CallTranslator.PINNED_DIGEST, new Literal.Str(tree.toString())));
        args.add(new CallId.Arg(CallTranslator.PINNED_NAME, new Literal.Str(p.getFileName().toString())));
        return chains.chain(env, args);
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
