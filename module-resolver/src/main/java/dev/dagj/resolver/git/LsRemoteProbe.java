package dev.dagj.resolver.git;

import dev.dagj.resolver.ref.RepositoryProbe;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** A {@link RepositoryProbe} that lists the remote's branches with JGit; any failure means "not a repository". */
public final class LsRemoteProbe implements RepositoryProbe {
    private final int timeoutSeconds;

    public LsRemoteProbe(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public boolean isRepository(String cloneUrl) throws InterruptedException {
        try {
            Git.lsRemoteRepository().setRemote(cloneUrl).setHeads(true).setTimeout(timeoutSeconds).call();
            return true;
        } catch (GitAPIException | RuntimeException e) {
            return false;
        } finally {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while probing " + cloneUrl);
            }
        }
    }
}
