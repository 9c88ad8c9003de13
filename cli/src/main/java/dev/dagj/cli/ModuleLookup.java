package dev.dagj.cli;

import dev.dagj.engine.Engine;
import dev.dagj.resolver.GitModuleSource;
import dev.dagj.resolver.LoadOptions;
import dev.dagj.resolver.ModuleResolver;
import dev.dagj.resolver.ModuleSource;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.config.EngineVersion;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.git.GitCache;
import dev.dagj.resolver.git.GitSourceResolver;
import dev.dagj.resolver.git.LsRemoteProbe;
import dev.dagj.resolver.ref.GitModuleRef;
import dev.dagj.resolver.ref.ModuleRef;
import dev.dagj.resolver.ref.ModuleRefParser;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the module a command works on, on the CLI side, with the resolver library: {@code -m/--mod}, else
 * {@code $DAGGER_MODULE}, else the working directory with walk-up. Local refs (and {@code -m depname}, a dependency of
 * the module found from the working directory) are located here, so "module not found" and config errors need no
 * engine; git refs are handed to the engine as they are.
 */
final class ModuleLookup {
    static final String MODULE_ENV = "DAGGER_MODULE";
    private static final int GIT_TIMEOUT_SECONDS = 60;

    /**
     * A module to hand to the engine's {@code moduleSource(refString, refPin)}.
     *
     * @param refString an absolute source root for local modules, the ref for git ones
     * @param pin       the pinned commit, "" for none
     * @param source    the located module; for a git ref given on the command line, null (the engine resolves it)
     */
    record Found(String refString, String pin, ModuleSource source) {
    }

    private final Path workdir;
    private final Path stateDir;
    private ModuleResolver resolver;

    ModuleLookup(Path workdir, Path stateDir) {
        this.workdir = workdir;
        this.stateDir = stateDir;
    }

    ModuleResolver resolver() {
        if (resolver == null) {
            resolver = new ModuleResolver(workdir, new ModuleConfigReader(new EngineVersion(Engine.DAGGER_VERSION)),
                    new ModuleRefParser(new LsRemoteProbe(GIT_TIMEOUT_SECONDS)),
                    new GitSourceResolver(new GitCache(stateDir.resolve("git"), GIT_TIMEOUT_SECONDS),
                            GIT_TIMEOUT_SECONDS));
        }
        return resolver;
    }

    /** The ref to use: the flag, else the environment, else "" (the working directory). */
    static String ref(String flag, java.util.Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        return env.getOrDefault(MODULE_ENV, "");
    }

    /**
     * Finds an initialized module at {@code ref}; fails with {@code module not found} when there is none.
     */
    Found find(String ref) throws ResolverException, InterruptedException, CliException {
        ModuleRef parsed = resolver().refParser().parse(ref, "", p -> Files.isDirectory(workdir.resolve(p)));
        if (parsed instanceof GitModuleRef) {
            return new Found(ref, "", null);
        }
        ModuleSource source = resolver().load(ref, "", LoadOptions.DEFAULT);
        if (!source.configExists()) {
            throw new CliException("module not found");
        }
        return found(source);
    }

    /** Loads {@code ref} locally, with walk-up, whether initialized or not; local refs only. */
    ModuleSource loadLocal(String ref) throws ResolverException, InterruptedException {
        return resolver().load(ref, "", new LoadOptions(false, false, dev.dagj.resolver.ref.RefKind.LOCAL));
    }

    static Found found(ModuleSource source) {
        if (source instanceof GitModuleSource git) {
            return new Found(git.asString(), git.pin(), source);
        }
        return new Found(source.sourceRootDir().toString(), "", source);
    }
}
