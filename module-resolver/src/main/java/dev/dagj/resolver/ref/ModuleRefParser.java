package dev.dagj.resolver.ref;

import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.SlashPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Parses module refs as Dagger does.
 *
 * <p><b>Kind.</b> A non-empty pin means git. A leading {@code /} or {@code .} means local. A scheme prefix
 * ({@code http://}, {@code https://}, {@code ssh://}, and dagj's {@code git://} and {@code file://}) means git. A ref
 * with no {@code .} at all is local. Otherwise an existing local directory is local, else the ref is parsed as git,
 * and falls back to local when no repository root can be found for it.
 *
 * <p><b>Repository root.</b> The static rules of {@link RepoRootRules} first (GitHub, Codeberg, Bitbucket, Azure,
 * {@code …/repo.git}; for {@code file://}, the first path segment ending in {@code .git}). Failing those, dagj asks
 * the {@link RepositoryProbe} about each path prefix from the shortest ({@code host/a}, {@code host/a/b}, ...) and
 * takes the first that is a repository. Dagger instead fetches {@code https://host/path?go-get=1} meta tags; probing
 * the git server works for any git host, including plain git daemons and file paths, without an HTTP side channel.
 * Probing uses the first clone URL only ({@code https://} for scheme-less refs), so it never waits on ssh.
 *
 * <p><b>Ports.</b> Dagger keeps a port only for {@code ssh://}; dagj keeps it for every scheme.
 */
public final class ModuleRefParser {
    private final RepositoryProbe probe;

    public ModuleRefParser(RepositoryProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /**
     * Parses {@code ref}.
     *
     * @param pin        the pinned commit ("" for none); a pin makes the ref git
     * @param isLocalDir whether a path names an existing directory, relative to wherever local refs are resolved
     */
    public ModuleRef parse(String ref, String pin, Predicate<String> isLocalDir)
            throws ResolverException, InterruptedException {
        RefKind fast = fastKind(ref, pin);
        if (fast == RefKind.LOCAL) {
            return new LocalModuleRef(ref);
        }
        if (fast == RefKind.GIT) {
            return parseGit(ref);
        }
        if (isLocalDir.test(ref)) {
            return new LocalModuleRef(ref);
        }
        try {
            return parseGit(ref);
        } catch (NoRepositoryRootException e) {
            return new LocalModuleRef(ref);
        }
    }

    /** The kind decided without touching the file system or network, or null when it needs a look. */
    static RefKind fastKind(String ref, String pin) {
        if (!pin.isEmpty()) {
            return RefKind.GIT;
        }
        if (ref.startsWith("/") || ref.startsWith(".")) {
            return RefKind.LOCAL;
        }
        if (GitScheme.of(ref) != GitScheme.NONE) {
            return RefKind.GIT;
        }
        if (!ref.contains(".")) {
            return RefKind.LOCAL;
        }
        return null;
    }

    /** Parses {@code ref} as a git ref. */
    public GitModuleRef parseGit(String ref) throws ResolverException, InterruptedException {
        GitScheme scheme = GitScheme.of(ref);
        String rest = ref.substring(scheme.prefix().length());
        if (scheme == GitScheme.NONE && rest.contains(":") && !rest.contains("//")) {
            scheme = GitScheme.SCP_LIKE;
            rest = rest.replaceFirst(":", "/");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        String user = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            user = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        String host = authority;
        String port = "";
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
        }
        if (scheme != GitScheme.FILE && host.isEmpty()) {
            throw new NoRepositoryRootException(ref, "failed to create git endpoint: no host in " + GoQuote.quote(ref));
        }
        String version = "";
        boolean hasVersion = false;
        int versionAt = path.indexOf('@');
        if (versionAt >= 0) {
            version = path.substring(versionAt + 1);
            path = path.substring(0, versionAt);
            hasVersion = true;
        }
        String modPath = host + path;

        RepoRoot root = repoRoot(ref, scheme, user, host, port, modPath);

        String subdir = modPath.substring(root.root().length());
        subdir = subdir.startsWith("/") ? subdir.substring(1) : subdir;
        subdir = SlashPaths.clean(subdir.isEmpty() ? "/" : subdir);
        if (!subdir.startsWith("/") && !SlashPaths.isLocal(subdir)) {
            throw new ResolverException(ref, "git module source subpath points out of root: " + GoQuote.quote(subdir));
        }
        subdir = subdir.equals("/") ? "." : subdir;

        String rootPath = withPort(root.root(), port);
        if (scheme == GitScheme.SCP_LIKE) {
            rootPath = rootPath.replaceFirst("/", ":");
            root = new RepoRoot(root.root().replaceFirst("/", ":"), root.htmlUrl());
        }
        String cloneUser = user.isEmpty() && scheme == GitScheme.SSH ? "git" : user;
        String sourceCloneRef = scheme.prefix() + (user.isEmpty() ? "" : user + "@") + rootPath;
        String cloneRef = scheme.prefix() + (cloneUser.isEmpty() ? "" : cloneUser + "@") + rootPath;
        return new GitModuleRef(ref, scheme, root, subdir, version, hasVersion, sourceCloneRef, cloneRef);
    }

    private RepoRoot repoRoot(String ref, GitScheme scheme, String user, String host, String port, String modPath)
            throws ResolverException, InterruptedException {
        if (scheme == GitScheme.FILE) {
            var fileRoot = RepoRootRules.matchFilePath(modPath);
            if (fileRoot.isPresent()) {
                return fileRoot.get();
            }
        } else {
            switch (RepoRootRules.match(modPath)) {
                case RepoRootRules.Result.Found f -> {
                    return f.root();
                }
                case RepoRootRules.Result.Invalid i -> throw new NoRepositoryRootException(ref,
                        "failed to get repo root for import path: " + i.message());
                case RepoRootRules.Result.Unknown u -> {
                    // probe below
                }
            }
        }
        return probeRoot(ref, scheme, user, host, port, modPath);
    }

    private RepoRoot probeRoot(String ref, GitScheme scheme, String user, String host, String port, String modPath)
            throws ResolverException, InterruptedException {
        String[] segments = modPath.substring(host.length()).split("/");
        List<String> tried = new ArrayList<>();
        StringBuilder candidate = new StringBuilder(host);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..") || segment.equals(".")) {
                break;
            }
            candidate.append('/').append(segment);
            String root = candidate.toString();
            String url = probeUrl(scheme, user, withPort(root, port));
            tried.add(url);
            if (probe.isRepository(url)) {
                String html = scheme == GitScheme.FILE ? "file://" + root : "https://" + root;
                return new RepoRoot(root, html.endsWith(".git") ? html.substring(0, html.length() - 4) : html);
            }
        }
        throw new NoRepositoryRootException(ref, "unrecognized import path " + GoQuote.quote(modPath)
                + ": no git repository found at " + String.join(", ", tried));
    }

    private static String probeUrl(GitScheme scheme, String user, String root) {
        String userPart = user.isEmpty() ? (scheme == GitScheme.SSH ? "git@" : "") : user + "@";
        return switch (scheme) {
            case NONE -> "https://" + userPart + root;
            case SCP_LIKE -> userPart + root.replaceFirst("/", ":");
            default -> scheme.prefix() + userPart + root;
        };
    }

    private static String withPort(String root, String port) {
        if (port.isEmpty()) {
            return root;
        }
        int slash = root.indexOf('/');
        return slash < 0 ? root + ":" + port : root.substring(0, slash) + ":" + port + root.substring(slash);
    }

    /** No repository root could be determined: for an ambiguous ref, the sign that it is local after all. */
    static final class NoRepositoryRootException extends ResolverException {
        private static final long serialVersionUID = 1L;

        NoRepositoryRootException(String ref, String message) {
            super(ref, "failed to parse git ref string: " + message);
        }
    }
}
