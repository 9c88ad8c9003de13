package dev.dagj.resolver.deps;

import dev.dagj.resolver.GitModuleSource;
import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.LoadOptions;
import dev.dagj.resolver.LocalModuleSource;
import dev.dagj.resolver.ModuleResolver;
import dev.dagj.resolver.ModuleSource;
import dev.dagj.resolver.ResolvedDependency;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import dev.dagj.resolver.config.DependencyConfig;
import dev.dagj.resolver.config.ModuleConfig;
import dev.dagj.resolver.git.ResolvedGitSource;
import dev.dagj.resolver.ref.GitModuleRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Edits a module's dependency list the way Dagger's {@code withDependencies}, {@code withoutDependencies} and
 * {@code withUpdateDependencies} do, returning the config to write.
 *
 * <p><b>Stored form.</b> A git dependency is stored as {@code cloneRef[/subdir]@<resolved version>} with
 * {@code pin} = the commit ({@code …/docker@v0.4.2} becomes {@code …/docker@docker/v0.4.2}; no version becomes the
 * default branch, e.g. {@code @main}). A local dependency is stored as a path relative to the parent's source root,
 * without a pin. A git dependency in the same repository and commit as a git parent is stored as a relative path.
 *
 * <p><b>Merging.</b> New entries come first, then the existing ones; entries with the same symbolic ref (git:
 * {@code cloneRef[/subdir]} without version; local: the absolute source root) keep only the first, i.e. the newest.
 * Two remaining entries with one name fail with {@code duplicate dependency name "x"}. The result is sorted by name.
 *
 * <p>Only {@code dependencies} (and, for a bare update, {@code blueprint}) change; the caller sets
 * {@code engineVersion} as its command requires.
 */
public final class DependencyEditor {
    private final ModuleResolver resolver;

    public DependencyEditor(ModuleResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * {@code dagger install <ref> [-n name]}: loads {@code ref} (relative to the resolver's working directory, no
     * walk-up) and adds it.
     *
     * @param name the name to install under; "" for the dependency's module name
     */
    public ModuleConfig install(ModuleSource parent, String ref, String name)
            throws ResolverException, InterruptedException {
        requireInitialized(parent);
        ModuleSource dep = resolver.load(ref, "", new LoadOptions(true, false, null));
        ResolvedDependency added = new ResolvedDependency(name.isEmpty() ? dep.moduleName() : name, dep);
        return withDependencies(parent, List.of(added), resolver.loadDependencies(parent));
    }

    /**
     * Adds already loaded dependencies to {@code parent}: validates them, merges them with {@code existing} (newest
     * wins), sorts by name and returns the config with the stored forms.
     */
    public ModuleConfig withDependencies(ModuleSource parent, List<ResolvedDependency> added,
            List<ResolvedDependency> existing) throws ResolverException {
        for (ResolvedDependency dep : added) {
            validateNew(parent, dep.source());
        }
        List<ResolvedDependency> all = new ArrayList<>(added);
        all.addAll(existing);
        Map<String, ResolvedDependency> bySymbolic = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (ResolvedDependency dep : all) {
            String key = dedupeKey(dep.source());
            if (bySymbolic.containsKey(key)) {
                continue;
            }
            bySymbolic.put(key, dep);
            if (!names.add(dep.name())) {
                throw new ResolverException(dep.source().asString(),
                        "duplicate dependency name " + GoQuote.quote(dep.name()));
            }
        }
        List<ResolvedDependency> sorted = new ArrayList<>(bySymbolic.values());
        sorted.sort(Comparator.comparing(ResolvedDependency::name));
        List<DependencyConfig> stored = new ArrayList<>();
        for (ResolvedDependency dep : sorted) {
            stored.add(stored(parent, dep));
        }
        return parent.config().withDependencies(stored);
    }

    /**
     * {@code dagger uninstall name|ref[@version]…}: removes the matching dependencies; targets matching nothing are
     * ignored. A version that differs from the installed one fails with Dagger's message.
     */
    public ModuleConfig uninstall(ModuleSource parent, List<String> targets)
            throws ResolverException, InterruptedException {
        requireInitialized(parent);
        List<ResolvedDependency> kept = new ArrayList<>();
        for (ResolvedDependency dep : resolver.loadDependencies(parent)) {
            if (!matchesRemoval(parent, dep, targets)) {
                kept.add(dep);
            }
        }
        List<DependencyConfig> stored = new ArrayList<>();
        for (ResolvedDependency dep : kept) {
            stored.add(stored(parent, dep));
        }
        return parent.config().withDependencies(stored);
    }

    /**
     * {@code dagger update [name|ref[@version]…]}: re-resolves the named git dependencies at the requested version,
     * or at their stored version when none is given (a branch moves, a tag stays). With no targets, every git
     * dependency and a git blueprint are updated.
     */
    public ModuleConfig update(ModuleSource parent, List<String> targets)
            throws ResolverException, InterruptedException {
        requireInitialized(parent);
        List<ResolvedDependency> existing = resolver.loadDependencies(parent);
        List<ResolvedDependency> updated = new ArrayList<>();
        ModuleConfig config = parent.config();
        if (targets.isEmpty()) {
            for (ResolvedDependency dep : existing) {
                if (dep.source() instanceof GitModuleSource git) {
                    updated.add(reload(dep.name(), git.asString()));
                }
            }
            config = updateBlueprint(parent, config);
        } else {
            Set<String> pending = new LinkedHashSet<>(targets);
            for (ResolvedDependency dep : existing) {
                for (String target : List.copyOf(pending)) {
                    String[] split = splitVersion(target);
                    if (dep.source() instanceof LocalModuleSource local) {
                        if (split[0].equals(dep.name()) || split[0].equals(relativeToParent(parent, local))) {
                            throw new ResolverException(target, "updating local dependencies is not supported");
                        }
                        continue;
                    }
                    GitModuleSource git = (GitModuleSource) dep.source();
                    String symbolic = git.symbolic();
                    if (!split[0].equals(dep.name()) && !split[0].equals(symbolic)
                            && !split[0].equals(symbolic + "@" + git.version())) {
                        continue;
                    }
                    pending.remove(target);
                    String version = split[1].isEmpty() ? git.version() : split[1];
                    updated.add(reload(dep.name(), version.isEmpty() ? symbolic : symbolic + "@" + version));
                    break;
                }
            }
            if (!pending.isEmpty()) {
                List<String> names = pending.stream().map(t -> splitVersion(t)[0]).toList();
                throw new ResolverException(String.join(",", names), "dependency "
                        + GoQuote.quote(String.join(",", names))
                        + " was requested to be updated, but it is not found in the dependencies list");
            }
        }
        ModuleSource withBlueprint = replaceConfig(parent, config);
        return withDependencies(withBlueprint, List.of(), merge(updated, existing));
    }

    /**
     * {@code dagger develop}'s rewrite of the list: every entry loaded and written back in its stored form (names
     * filled in, legacy {@code <repo>@<sha>} entries gain their pin), in config order.
     */
    public ModuleConfig rewrite(ModuleSource parent) throws ResolverException, InterruptedException {
        requireInitialized(parent);
        List<DependencyConfig> stored = new ArrayList<>();
        for (ResolvedDependency dep : resolver.loadDependencies(parent)) {
            stored.add(stored(parent, dep));
        }
        return parent.config().withDependencies(stored);
    }

    /** The {@code dagger.json} entry for {@code dep} as a dependency of {@code parent}. */
    public static DependencyConfig stored(ModuleSource parent, ResolvedDependency dep) throws ResolverException {
        ModuleSource source = dep.source();
        return switch (parent) {
            case LocalModuleSource local -> switch (source) {
                case LocalModuleSource l -> DependencyConfig.of(dep.name(), relativeToParent(local, l), "");
                case GitModuleSource g -> DependencyConfig.of(dep.name(), g.asString(), g.pin());
            };
            case GitModuleSource git -> switch (source) {
                case LocalModuleSource l -> throw new ResolverException(l.asString(),
                        "cannot add local module source as dependency of git module source");
                case GitModuleSource g -> sameCommit(git.git(), g.git())
                        ? DependencyConfig.of(dep.name(), SlashPaths.relative("/" + git.sourceRootSubpath(),
                                "/" + g.sourceRootSubpath()), "")
                        : DependencyConfig.of(dep.name(), g.asString(), g.pin());
            };
        };
    }

    private boolean matchesRemoval(ModuleSource parent, ResolvedDependency dep, List<String> targets)
            throws ResolverException {
        String symbolic;
        String installedVersion = "";
        switch (dep.source()) {
            case LocalModuleSource local -> {
                if (!(parent instanceof LocalModuleSource)) {
                    throw new ResolverException(local.asString(),
                            "cannot remove local dependency from non-local module source kind git");
                }
                symbolic = relativeToParent(parent, local);
            }
            case GitModuleSource git -> {
                symbolic = git.symbolic();
                installedVersion = git.version();
            }
        }
        for (String target : targets) {
            String[] split = splitVersion(target);
            String wanted = split[0].contains("://") ? split[0] : SlashPaths.clean(split[0]);
            if (!wanted.equals(dep.name()) && !wanted.equals(symbolic)) {
                continue;
            }
            String requested = split[1];
            if (requested.isEmpty()) {
                return true;
            }
            if (installedVersion.isEmpty()) {
                throw new ResolverException(target, "version " + GoQuote.quote(requested)
                        + " was requested to be uninstalled but the dependency " + GoQuote.quote(symbolic)
                        + " was installed without a specific version. Try re-running without specifying the version"
                        + " number");
            }
            String subdir = requestedSubdir(target);
            if (versionMatches(installedVersion, requested, subdir)) {
                return true;
            }
            String shownRequested = requested;
            String shownInstalled = installedVersion;
            String sourceSubpath = dep.source().sourceRootSubpath();
            if (!shownRequested.startsWith(subdir)) {
                shownRequested = stripPrefix(shownRequested, subdir + "/");
                shownInstalled = stripPrefix(shownInstalled, sourceSubpath + "/");
            }
            throw new ResolverException(target, "version " + GoQuote.quote(shownRequested)
                    + " was requested to be uninstalled but the dependency " + GoQuote.quote(symbolic)
                    + " was installed with " + GoQuote.quote(shownInstalled)
                    + ". Try re-running without specifying the version number");
        }
        return false;
    }

    private String requestedSubdir(String target) {
        try {
            return resolver.refParser().parseGit(target).subdir();
        } catch (ResolverException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return ".";
        }
    }

    /** Dagger's {@code matchVersion} against the single installed version. */
    private static boolean versionMatches(String installed, String requested, String subdir) {
        if (!subdir.equals(".") && installed.equals(subdir + "/" + requested)) {
            return true;
        }
        return installed.equals(requested);
    }

    private ModuleConfig updateBlueprint(ModuleSource parent, ModuleConfig config)
            throws ResolverException, InterruptedException {
        if (config.blueprint() == null) {
            return config;
        }
        ResolvedDependency blueprint = resolver.loadDependency(parent, config.blueprint());
        if (!(blueprint.source() instanceof GitModuleSource git)) {
            return config;
        }
        ResolvedDependency fresh = reload(blueprint.name(), git.asString());
        return config.withBlueprint(stored(parent, fresh));
    }

    private ResolvedDependency reload(String name, String ref) throws ResolverException, InterruptedException {
        return new ResolvedDependency(name, resolver.load(ref, "", LoadOptions.DEFAULT));
    }

    private static List<ResolvedDependency> merge(List<ResolvedDependency> first, List<ResolvedDependency> then) {
        List<ResolvedDependency> out = new ArrayList<>(first);
        out.addAll(then);
        return out;
    }

    private static ModuleSource replaceConfig(ModuleSource source, ModuleConfig config) {
        return switch (source) {
            case LocalModuleSource l -> new LocalModuleSource(l.contextDir(), l.sourceRootSubpath(),
                    l.originalSubpath(), config);
            case GitModuleSource g -> new GitModuleSource(g.git(), g.sourceRootSubpath(), config);
        };
    }

    private static void validateNew(ModuleSource parent, ModuleSource dep) throws ResolverException {
        if (parent instanceof GitModuleSource && dep instanceof LocalModuleSource) {
            throw new ResolverException(dep.asString(),
                    "cannot add local module source as dependency of git module source");
        }
        if (parent instanceof LocalModuleSource p && dep instanceof LocalModuleSource d) {
            String rel = SlashPaths.relative(p.contextDir().toString(), d.contextDir().toString());
            if (!SlashPaths.isLocal(rel)) {
                throw new ResolverException(d.asString(), "local module dependency context directory "
                        + GoQuote.quote(d.contextDir().toString()) + " is not in parent context directory "
                        + GoQuote.quote(p.contextDir().toString()));
            }
        }
    }

    private static String dedupeKey(ModuleSource source) {
        return switch (source) {
            case LocalModuleSource l -> "local:" + l.sourceRootDir();
            case GitModuleSource g -> "git:" + g.symbolic();
        };
    }

    private static String relativeToParent(ModuleSource parent, LocalModuleSource dep) {
        return SlashPaths.relative(parent.sourceRootDir().toString(), dep.sourceRootDir().toString());
    }

    private static boolean sameCommit(ResolvedGitSource a, ResolvedGitSource b) {
        return a.cloneRef().equals(b.cloneRef()) && a.commit().equals(b.commit());
    }

    private static void requireInitialized(ModuleSource parent) throws ResolverException {
        if (!parent.configExists()) {
            throw new ResolverException(parent.asString(), "module must be fully initialized");
        }
    }

    /** Splits {@code ref@version} at the first {@code @} after the host part; version "" when none. */
    static String[] splitVersion(String target) {
        int scheme = target.indexOf("://");
        int slash = target.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        int at = slash < 0 ? target.indexOf('@') : target.indexOf('@', slash);
        if (at < 0) {
            return new String[] {target, ""};
        }
        return new String[] {target.substring(0, at), target.substring(at + 1)};
    }

    private static String stripPrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

}
