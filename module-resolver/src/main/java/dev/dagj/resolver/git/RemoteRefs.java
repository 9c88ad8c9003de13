package dev.dagj.resolver.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * What {@code git ls-remote --symref} says about a repository: its refs and what HEAD points to.
 *
 * @param refs       branches, tags and other refs (tags peeled to their commit)
 * @param headTarget the ref HEAD points to ("" when the server did not say)
 * @param headCommit the commit HEAD points to ("" for an empty repository)
 */
public record RemoteRefs(List<RemoteRef> refs, String headTarget, String headCommit) {
    public RemoteRefs {
        refs = List.copyOf(refs);
    }

    /** Converts JGit's ls-remote map. */
    static RemoteRefs of(Map<String, Ref> advertised) {
        List<RemoteRef> refs = new ArrayList<>();
        String headTarget = "";
        String headCommit = "";
        for (Ref ref : advertised.values()) {
            ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
            if (id == null) {
                continue;
            }
            if (ref.getName().equals("HEAD")) {
                headCommit = id.name();
                if (ref.isSymbolic()) {
                    headTarget = ref.getTarget().getName();
                }
                continue;
            }
            refs.add(new RemoteRef(ref.getName(), id.name()));
        }
        if (headTarget.isEmpty() && !headCommit.isEmpty()) {
            headTarget = guessHeadTarget(refs, headCommit);
        }
        return new RemoteRefs(refs, headTarget, headCommit);
    }

    /** Without a symref, HEAD is the branch at HEAD's commit, preferring main and master. */
    private static String guessHeadTarget(List<RemoteRef> refs, String commit) {
        String found = "";
        for (RemoteRef r : refs) {
            if (!r.name().startsWith("refs/heads/") || !r.commit().equals(commit)) {
                continue;
            }
            if (r.name().equals("refs/heads/main") || r.name().equals("refs/heads/master")) {
                return r.name();
            }
            if (found.isEmpty()) {
                found = r.name();
            }
        }
        return found;
    }

    /** The short names of all tags. */
    public List<String> tagNames() {
        return refs.stream().filter(r -> r.name().startsWith("refs/tags/")).map(RemoteRef::shortName).toList();
    }

    /** The default branch as a ref, when the repository has one. */
    public Optional<RemoteRef> head() {
        if (headCommit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RemoteRef(headTarget.isEmpty() ? headCommit : headTarget, headCommit));
    }

    /**
     * Looks a name up with git-checkout semantics (Dagger's {@code Remote.Lookup}): a full commit SHA is itself; else
     * an exact or {@code refs/}-prefixed match, then a branch, then a tag.
     */
    public Optional<RemoteRef> lookup(String target) {
        if (target.equals("HEAD")) {
            return head();
        }
        if (RemoteRef.isCommitSha(target)) {
            return Optional.of(new RemoteRef(target, target));
        }
        String partial = "refs/" + strip(target, "refs/");
        String head = "refs/heads/" + strip(target, "refs/heads/");
        String tag = "refs/tags/" + strip(target, "refs/tags/");
        RemoteRef match = null;
        RemoteRef headMatch = null;
        RemoteRef tagMatch = null;
        for (RemoteRef r : refs) {
            if (r.name().equals(head)) {
                headMatch = r;
            } else if (r.name().equals(tag)) {
                tagMatch = r;
            } else if (r.name().equals(partial) || r.name().equals(target)) {
                match = r;
            }
        }
        if (match == null) {
            match = headMatch;
        }
        if (match == null) {
            match = tagMatch;
        }
        return Optional.ofNullable(match);
    }

    private static String strip(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }
}
