package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.DirectoryObject;
import dev.dagj.engine.api.ApiObject.FileObject;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.op.OpPaths;
import dev.dagj.engine.store.StoreException;
import dev.dagj.engine.store.TreeEntry;
import graphql.schema.DataFetchingEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The leaves of {@code Directory} (they solve the directory's vertex and read its tree) and the two object fields
 * that check, as Dagger does, that the path exists with the right kind when they are called.
 */
final class DirectoryResolvers {
    private final ApiScope scope;
    private final ChainFetchers chains;

    DirectoryResolvers(ApiScope scope, ChainFetchers chains) {
        this.scope = scope;
        this.chains = chains;
    }

    private static DirectoryObject self(DataFetchingEnvironment env) {
        return env.getSource();
    }

    String id(DataFetchingEnvironment env) {
        return IdCodec.encode(self(env).id());
    }

    /** Dagger (since v0.17) marks directories with a trailing slash in entries, glob and name. */
    private static String display(TreeEntry e, String name) {
        return e.isDir() ? name + "/" : name;
    }

    List<String> entries(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        String raw = env.getArgument("path");
        String p = raw == null ? "" : OpPaths.normalizeOrNull(raw);
        if (p == null) {
            throw new ApiException("entries: path \"" + raw + "\" climbs out of the directory");
        }
        Digest root = scope.solve(self(env).vertex());
        Digest dir = root;
        if (!p.isEmpty()) {
            TreeEntry e = scope.engine().trees().lookup(root, p);
            if (e == null) {
                throw new ApiException("entries: no such file or directory: " + raw);
            }
            if (!e.isDir()) {
                throw new ApiException("entries: path " + raw + " is a file, not a directory");
            }
            dir = e.digest();
        }
        List<String> out = new ArrayList<>();
        for (TreeEntry e : scope.engine().store().tree(dir).entries()) {
            out.add(display(e, e.name()));
        }
        return out;
    }

    List<String> glob(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        GlobPattern pattern = GlobPattern.compile(env.getArgument("pattern"));
        Digest root = scope.solve(self(env).vertex());
        List<String> out = new ArrayList<>();
        walk(root, "", pattern, out);
        return out;
    }

    private void walk(Digest tree, String prefix, GlobPattern pattern, List<String> out) throws StoreException {
        for (TreeEntry e : scope.engine().store().tree(tree).entries()) {
            String rel = OpPaths.join(prefix, e.name());
            if (pattern.matches(rel)) {
                out.add(display(e, rel));
            }
            if (e.isDir()) {
                walk(e.digest(), rel, pattern, out);
            }
        }
    }

    /** {@code file(path:)}: fails at once when there is no regular file there. */
    ApiObject file(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        FileObject f = (FileObject) chains.chain(env, CallArgs.of(env));
        TreeEntry e = scope.engine().trees().lookup(scope.solve(self(env).vertex()), f.path());
        String raw = env.getArgument("path");
        if (e == null) {
            throw new ApiException("file: no such file or directory: " + raw);
        }
        if (e.isDir()) {
            throw new ApiException("file: path " + raw + " is a directory, not a file");
        }
        return f;
    }

    /** {@code directory(path:)}: fails at once when there is no directory there. */
    ApiObject directory(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        ApiObject d = chains.chain(env, CallArgs.of(env));
        String p = CallTranslator.path(d.id(), "path");
        if (p.isEmpty()) {
            return d;
        }
        TreeEntry e = scope.engine().trees().lookup(scope.solve(self(env).vertex()), p);
        String raw = env.getArgument("path");
        if (e == null) {
            throw new ApiException("directory: no such file or directory: " + raw);
        }
        if (!e.isDir()) {
            throw new ApiException("directory: path " + raw + " is a file, not a directory");
        }
        return d;
    }

    /** {@code withDirectory}: the older argument name {@code directory} means {@code source} (one ID for both). */
    ApiObject withDirectory(DataFetchingEnvironment env) throws ApiException {
        List<CallId.Arg> args = new ArrayList<>();
        boolean hasSource = env.getArgument("source") != null;
        if (hasSource && env.getArgument("directory") != null) {
            throw new ApiException("withDirectory: give either source or directory (its older name), not both");
        }
        for (CallId.Arg a : CallArgs.of(env)) {
            args.add(a.name().equals("directory") ? new CallId.Arg("source", a.value()) : a);
        }
        return chains.chain(env, args);
    }

    String digest(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        return scope.solve(self(env).vertex()).toString();
    }

    String name(DataFetchingEnvironment env) {
        String n = self(env).name();
        return n.isEmpty() ? "/" : n + "/";
    }

    String export(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        Path dest = scope.hostPath(env.getArgument("path"));
        boolean wipe = Boolean.TRUE.equals(env.getArgument("wipe"));
        Digest tree = scope.solve(self(env).vertex());
        scope.exporter().exportDirectory(tree, dest, wipe);
        return dest.toString();
    }

    String sync(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        scope.solve(self(env).vertex());
        return IdCodec.encode(self(env).id());
    }
}
