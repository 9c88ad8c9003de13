package dev.dagj.engine.api;

import dev.dagj.engine.Engine;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.host.HostExporter;
import dev.dagj.engine.host.HostUploader;
import dev.dagj.engine.image.ImageStore;
import dev.dagj.engine.op.Vertex;
import dev.dagj.engine.solve.SolveException;
import java.nio.file.Path;

/**
 * What the resolvers of one session work with: the engine, the client's working directory (relative host paths
 * resolve against it), host I/O and the session's image view (tags resolve once per session).
 */
record ApiScope(Engine engine, Path workdir, HostUploader uploader, HostExporter exporter, ImageStore images,
        boolean hostAccess, SecretScope secrets) {
    ApiScope {
        workdir = workdir.toAbsolutePath().normalize();
    }

    static ApiScope of(Engine engine, Path workdir) {
        return of(engine, workdir, true);
    }

    /** {@code hostAccess} false: a function runtime's session, which may not read the client's host. */
    static ApiScope of(Engine engine, Path workdir, boolean hostAccess) {
        return of(engine, workdir, hostAccess, new SecretScope());
    }

    /** {@code secrets}: the secrets this session may use (its own, or its caller's for a function call). */
    static ApiScope of(Engine engine, Path workdir, boolean hostAccess, SecretScope secrets) {
        return new ApiScope(engine, workdir, new HostUploader(engine.store(), engine.config().stateDir()),
                new HostExporter(engine.store()), engine.newImageStore(), hostAccess, secrets);
    }

    /**
     * Evaluates a vertex (with the engine's progress sink) to its result tree digest, once this session is known to
     * hold every secret its execs use (also for a cached result: a session cannot read what a secret produced
     * without having the secret).
     */
    Digest solve(Vertex v) throws SolveException, ApiException, InterruptedException {
        secrets.checkUses(v);
        return engine.solver().solve(v, engine.config().progress());
    }

    /** A host path as the client gave it, resolved against the working directory. */
    Path hostPath(String path) {
        return workdir.resolve(path).normalize();
    }
}
