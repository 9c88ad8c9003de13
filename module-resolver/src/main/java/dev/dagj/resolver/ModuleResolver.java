package dev.dagj.resolver;

import dev.dagj.resolver.config.DependencyConfig;
import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.config.ModuleConfigReader;
import dev.dagj.resolver.git.GitSourceResolver;
import dev.dagj.resolver.git.ResolvedGitSource;
import dev.dagj.resolver.local.LocalModuleLocation;
import dev.dagj.resolver.local.LocalModuleLocator;
import dev.dagj.resolver.ref.GitModuleRef;
import dev.dagj.resolver.ref.LocalModuleRef;
import dev.dagj.resolver.ref.ModuleRef;
import dev.dagj.resolver.ref.ModuleRefParser;
import dev.dagj.resolver.ref.RefKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns refs into {@link ModuleSource}s: Dagger's {@code moduleSource(refString, refPin, disableFindUp,
 * allowNotExists, requireKind)} and {@code ResolveDepToSource}.
 *
 * <p>Local refs are resolved against the working directory given at construction. A local ref that does not exist is
 * looked up, when find-up is on, as a dependency name in the {@code dagger.json} found from the working directory
 * ({@code dagger call -m depname}). Git refs are resolved, fetched and checked out, then walked up inside the checkout
 * to their {@code dagger.json}.
 */
public final class ModuleResolver {
    private final Path workingDir;
    private final ModuleConfigReader configReader;
    private final ModuleRefParser refParser;
    private final GitSourceResolver gitResolver;
    private final LocalModuleLocator locator = new LocalModuleLocator();

    public ModuleResolver(Path workingDir, ModuleConfigReader configReader, ModuleRefParser refParser,
            GitSourceResolver gitResolver) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.configReader = Objects.requireNonNull(configReader, "configReader");
        this.refParser = Objects.requireNonNull(refParser, "refParser");
        this.gitResolver = Objects.requireNonNull(gitResolver, "gitResolver");
    }

    public Path workingDir() {
        return workingDir;
    }

    public ModuleConfigReader configReader() {
        return configReader;
    }

    public ModuleRefParser refParser() {
        return refParser;
    }

    /** Loads the module {@code ref} names ("" means the working directory). */
    public ModuleSource load(String ref, String pin, LoadOptions options)
            throws ResolverException, InterruptedException {
        ModuleRef parsed = refParser.parse(ref, pin, p -> Files.isDirectory(workingDir.resolve(p)));
        if (options.requireKind() != null && parsed.kind() != options.requireKind()) {
            throw new ResolverException(ref, "module source " + GoQuote.quote(ref) + " kind must be "
                    + GoQuote.quote(options.requireKind().humanName()) + ", got "
                    + GoQuote.quote(parsed.kind().humanName()));
        }
        // instanceof, not a pattern switch, on every CLI run's path: a pattern switch is bootstrapped at run time
        if (parsed instanceof LocalModuleRef local) {
            return loadLocal(local.path(), !options.disableFindUp(), options.allowNotExists());
        }
        return loadGit((GitModuleRef) parsed, pin, !options.disableFindUp());
    }

    /** Loads every dependency of {@code parent}, in config order. */
    public List<ResolvedDependency> loadDependencies(ModuleSource parent)
            throws ResolverException, InterruptedException {
        List<ResolvedDependency> out = new ArrayList<>();
        if (parent.config() == null) {
            return out;
        }
        for (DependencyConfig dep : parent.config().dependencies()) {
            out.add(loadDependency(parent, dep));
        }
        return out;
    }

    /**
     * Loads one dependency of {@code parent} (Dagger's {@code ResolveDepToSource}). Local sources are relative to the
     * parent's source root, must not be absolute and must stay in the parent's context dir; a local dependency of a
     * git parent comes from the same repository at the same commit.
     */
    public ResolvedDependency loadDependency(ModuleSource parent, DependencyConfig dep)
            throws ResolverException, InterruptedException {
        String source = dep.source();
        ModuleRef parsed = refParser.parse(source, dep.pin(),
                p -> !p.startsWith("/") && Files.isDirectory(parent.sourceRootDir().resolve(p)));
        ModuleSource loaded = switch (parsed) {
            case GitModuleRef git -> loadGit(git, dep.pin(), true);
            case LocalModuleRef local -> loadLocalDependency(parent, local.path());
        };
        return new ResolvedDependency(dep.name().isEmpty() ? loaded.moduleName() : dep.name(), loaded);
    }

    private ModuleSource loadLocalDependency(ModuleSource parent, String path)
            throws ResolverException, InterruptedException {
        if (path.startsWith("/")) {
            throw new ResolverException(path, "local module dep source path " + GoQuote.quote(path) + " is absolute");
        }
        return switch (parent) {
            case LocalModuleSource local -> {
                String context = local.contextDir().toString();
                String depPath = SlashPaths.join(context, local.sourceRootSubpath(), path);
                String rel = SlashPaths.relative(context, depPath);
                if (!SlashPaths.isLocal(rel)) {
                    throw new ResolverException(path, "local module dep source path " + GoQuote.quote(rel)
                            + " escapes context " + GoQuote.quote(context));
                }
                yield loadLocal(depPath, false, false);
            }
            case GitModuleSource git -> {
                String refString = GitModuleRef.format(git.git().cloneRef(),
                        SlashPaths.join(git.sourceRootSubpath(), path), git.version());
                yield loadGit(refParser.parseGit(refString), git.pin(), false);
            }
        };
    }

    private ModuleSource loadLocal(String path, boolean findUp, boolean allowNotExists)
            throws ResolverException, InterruptedException {
        String localPath = path.isEmpty() ? "." : path;
        Path abs = workingDir.resolve(localPath).normalize();
        boolean exists = Files.exists(abs);
        if (!exists && findUp) {
            Optional<ModuleSource> named = loadNamedDependency(localPath, allowNotExists);
            if (named.isPresent()) {
                return named.get();
            }
        }
        if (!exists && !allowNotExists) {
            throw new ResolverException(localPath, "local path " + GoQuote.quote(localPath) + " does not exist");
        }
        LocalModuleLocation location = locator.locate(abs, findUp);
        ModuleConfig config = location.configExists()
                ? configReader.read(location.sourceRoot().resolve(ModuleConfigReader.FILENAME))
                : null;
        return new LocalModuleSource(location.contextDir(), location.sourceRootSubpath(),
                location.originalSubpath(), config);
    }

    /** {@code -m depname}: the dependency called {@code name} in the dagger.json found from the working dir. */
    private Optional<ModuleSource> loadNamedDependency(String name, boolean allowNotExists)
            throws ResolverException, InterruptedException {
        Optional<Path> root = locator.findUp(workingDir, ModuleConfigReader.FILENAME);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Path configFile = root.get().resolve(ModuleConfigReader.FILENAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configFile);
        } catch (IOException e) {
            throw new ResolverException(configFile.toString(), "failed to read module config file: " + e, e);
        }
        ModuleConfig config = configReader.decode(configFile.toString(), bytes);
        Optional<DependencyConfig> dep = config.dependencyByName(name);
        if (dep.isEmpty()) {
            return Optional.empty();
        }
        ModuleRef parsed = refParser.parse(dep.get().source(), dep.get().pin(),
                p -> Files.isDirectory(root.get().resolve(p)));
        return Optional.of(switch (parsed) {
            case LocalModuleRef local -> loadLocal(SlashPaths.join(root.get().toString(), local.path()), false,
                    allowNotExists);
            case GitModuleRef git -> loadGit(git, dep.get().pin(), false);
        });
    }

    private GitModuleSource loadGit(GitModuleRef ref, String pin, boolean findUp)
            throws ResolverException, InterruptedException {
        ResolvedGitSource resolved = gitResolver.resolve(ref, pin);
        Path checkout = resolved.checkoutDir();
        String subpath = ref.subdir();
        if (findUp) {
            if (!subpath.equals(".") && !Files.exists(checkout.resolve(subpath), LinkOption.NOFOLLOW_LINKS)) {
                throw new ResolverException(ref.refString(),
                        "path " + GoQuote.quote(subpath) + " does not exist in git repo");
            }
            Optional<Path> configDir = findUpWithin(checkout, checkout.resolve(subpath));
            if (configDir.isEmpty()) {
                throw noConfig(ref, resolved, subpath);
            }
            subpath = SlashPaths.relative(checkout.toString(), configDir.get().toString());
        }
        Path configFile = (subpath.equals(".") ? checkout : checkout.resolve(subpath))
                .resolve(ModuleConfigReader.FILENAME);
        if (!Files.isRegularFile(configFile, LinkOption.NOFOLLOW_LINKS)) {
            throw noConfig(ref, resolved, subpath);
        }
        ModuleConfig config = configReader.read(configFile);
        return new GitModuleSource(resolved, subpath, config);
    }

    private static ResolverException noConfig(GitModuleRef ref, ResolvedGitSource resolved, String subpath) {
        String shown = GitModuleRef.format(resolved.cloneRef(), subpath, resolved.version());
        return new ResolverException(ref.refString(),
                "git module source " + GoQuote.quote(shown) + " does not contain a dagger config file");
    }

    private static Optional<Path> findUpWithin(Path top, Path start) {
        for (Path dir = start.normalize(); dir != null && dir.startsWith(top); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ModuleConfigReader.FILENAME), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
