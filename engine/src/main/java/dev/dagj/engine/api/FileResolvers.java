package dev.dagj.engine.api;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.api.ApiObject.FileObject;
import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.op.OpPaths;
import dev.dagj.engine.store.TreeEntry;
import graphql.schema.DataFetchingEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The leaves of {@code File}: each solves the file's vertex and reads the entry at the file's path. */
final class FileResolvers {
    /** Domain of {@code File.digest} with metadata: content digest plus permission bits. */
    static final String DIGEST_DOMAIN = "dagj-file-digest/v1";
    private final ApiScope scope;

    FileResolvers(ApiScope scope) {
        this.scope = scope;
    }

    private static FileObject self(DataFetchingEnvironment env) {
        return env.getSource();
    }

    /** The file's entry; an error names the path when there is no regular file there. */
    private TreeEntry entry(FileObject f) throws EngineException, InterruptedException {
        TreeEntry e = scope.engine().trees().lookup(scope.solve(f.vertex()), f.path());
        if (e == null) {
            throw new ApiException("no such file or directory: " + f.path());
        }
        if (e.kind() != TreeEntry.Kind.FILE) {
            throw new ApiException("path " + f.path() + " is a " + e.kind().name().toLowerCase() + ", not a file");
        }
        return e;
    }

    String id(DataFetchingEnvironment env) {
        return IdCodec.encode(self(env).id());
    }

    String contents(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        return new String(scope.engine().store().readBytes(entry(self(env)).digest()), StandardCharsets.UTF_8);
    }

    Object size(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        long size = entry(self(env)).size();
        if (size > Integer.MAX_VALUE) {
            throw new ApiException("size: " + self(env).path() + " is " + size + " bytes, more than an Int holds");
        }
        return (int) size;
    }

    String name(DataFetchingEnvironment env) {
        return OpPaths.name(self(env).path());
    }

    String digest(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        TreeEntry e = entry(self(env));
        if (Boolean.TRUE.equals(env.getArgument("excludeMetadata"))) {
            return e.digest().toString();
        }
        return new CanonicalEncoder(DIGEST_DOMAIN).digest(e.digest()).number(e.mode()).digest().toString();
    }

    String export(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        FileObject f = self(env);
        Path dest = scope.hostPath(env.getArgument("path"));
        if (Files.isDirectory(dest)) {
            if (!Boolean.TRUE.equals(env.getArgument("allowParentDirPath"))) {
                throw new ApiException("export: " + dest + " is a directory; give a file path, or set"
                        + " allowParentDirPath to write the file into it");
            }
            dest = dest.resolve(name(env));
        }
        TreeEntry e = entry(f);
        scope.exporter().exportFile(e.digest(), e.mode(), dest);
        return dest.toString();
    }

    String sync(DataFetchingEnvironment env) throws EngineException, InterruptedException {
        entry(self(env));
        return IdCodec.encode(self(env).id());
    }
}
