package dev.dagj.resolver.git;

import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.ResolverException;
import dev.dagj.resolver.config.Semver;
import dev.dagj.resolver.ref.GitModuleRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;

/**
 * Resolves a {@link GitModuleRef} to a commit and a checked-out tree, as Dagger's {@code ParsedGitRefString.GitRef}
 * does:
 * <ul>
 *   <li>a semver version matches a tag: first {@code <subdir>/<version>} (monorepo tag), then {@code <version>};
 *       no matching tag is an error (a semver is never taken as a branch name);</li>
 *   <li>any other version is looked up with git-checkout semantics: a full SHA, a ref, a branch, a tag;</li>
 *   <li>no version means the default branch (what HEAD points to);</li>
 *   <li>a pin is the commit, whatever the version now points to.</li>
 * </ul>
 * A pinned commit already in the {@link GitCache} resolves without any network call; its version name then comes from
 * the refs cached with it. Scheme-less refs try {@code https://} and then {@code ssh://}.
 */
public final class GitSourceResolver {
    private final GitCache cache;
    private final int timeoutSeconds;

    public GitSourceResolver(GitCache cache, int timeoutSeconds) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.timeoutSeconds = timeoutSeconds;
    }

    public GitCache cache() {
        return cache;
    }

    /**
     * Resolves, fetches and checks out {@code ref}.
     *
     * @param pin the commit to use ("" for none)
     */
    public ResolvedGitSource resolve(GitModuleRef ref, String pin) throws ResolverException, InterruptedException {
        if (!pin.isEmpty()) {
            for (String url : ref.cloneUrls()) {
                if (cache.hasCommit(url, pin)) {
                    return offline(ref, url, pin);
                }
            }
        }
        List<String> failures = new ArrayList<>();
        for (String url : ref.cloneUrls()) {
            RemoteRefs remote;
            try {
                remote = listRefs(url);
            } catch (ResolverException e) {
                failures.add(e.getMessage());
                continue;
            }
            RemoteRef resolved = resolveVersion(ref, remote, url);
            String commit = pin.isEmpty() ? resolved.commit() : pin;
            String refName = RemoteRef.isCommitSha(resolved.name()) ? "" : resolved.name();
            cache.fetch(url, pin.isEmpty() || pin.equals(resolved.commit()) ? refName : "", commit);
            return new ResolvedGitSource(ref.sourceCloneRef(), url, ref.subdir(), resolved.shortName(), refName,
                    commit, cache.checkout(url, commit));
        }
        throw new ResolverException(ref.refString(), "failed to resolve git src: "
                + String.join("; ", failures));
    }

    /** Lists the refs of {@code url}; fails naming the URL when it cannot be reached. */
    public RemoteRefs listRefs(String url) throws ResolverException, InterruptedException {
        try {
            Map<String, Ref> refs = Git.lsRemoteRepository().setRemote(url).setTimeout(timeoutSeconds).callAsMap();
            return RemoteRefs.of(refs);
        } catch (GitAPIException | RuntimeException e) {
            throw new ResolverException(url, "unable to reach git repository " + GoQuote.quote(url) + ": "
                    + e.getMessage(), e);
        } finally {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while listing " + url);
            }
        }
    }

    private ResolvedGitSource offline(GitModuleRef ref, String url, String pin) throws ResolverException {
        String version = ref.version();
        String refName = "";
        if (ref.hasVersion()) {
            RemoteRefs cached = new RemoteRefs(cache.cachedRefs(url), "", "");
            Optional<RemoteRef> named = Semver.isValid(version)
                    ? matchTag(cached.tagNames(), version, ref.subdir()).flatMap(t -> cached.lookup("refs/tags/" + t))
                    : cached.lookup(version);
            if (named.isPresent()) {
                version = named.get().shortName();
                refName = named.get().name();
            }
        } else {
            version = pin;
        }
        return new ResolvedGitSource(ref.sourceCloneRef(), url, ref.subdir(), version, refName, pin,
                cache.checkout(url, pin));
    }

    private static RemoteRef resolveVersion(GitModuleRef ref, RemoteRefs remote, String url)
            throws ResolverException {
        if (!ref.hasVersion()) {
            return remote.head().orElseThrow(() -> new ResolverException(ref.refString(),
                    "failed to resolve git src: git repository " + GoQuote.quote(url) + " has no default branch"));
        }
        String version = ref.version();
        if (Semver.isValid(version)) {
            Optional<String> tag = matchTag(remote.tagNames(), version, ref.subdir());
            if (tag.isEmpty()) {
                throw unknownVersion(ref, url);
            }
            return remote.lookup("refs/tags/" + tag.get()).orElseThrow(() -> unknownVersion(ref, url));
        }
        return remote.lookup(version).orElseThrow(() -> unknownVersion(ref, url));
    }

    private static ResolverException unknownVersion(GitModuleRef ref, String url) {
        return new ResolverException(ref.refString(), "failed to resolve git src: version "
                + GoQuote.quote(ref.version()) + " not found in git repository " + GoQuote.quote(url));
    }

    /**
     * Dagger's {@code matchVersion}: the tag {@code <subdir>/<version>} when the subdir is not the root and such a
     * tag exists, else the tag {@code <version>}.
     */
    static Optional<String> matchTag(List<String> tags, String version, String subdir) {
        String sub = subdir.startsWith("/") ? subdir.substring(1) : subdir;
        if (!sub.isEmpty() && !sub.equals(".")) {
            String monorepoTag = sub + "/" + version;
            if (tags.contains(monorepoTag)) {
                return Optional.of(monorepoTag);
            }
        }
        return tags.contains(version) ? Optional.of(version) : Optional.empty();
    }
}
