package dev.dagj.resolver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * Real git repositories for tests, made with JGit in a temp dir, and a git daemon ({@code git://}) on 127.0.0.1 that
 * serves them.
 */
public final class GitFixtures implements AutoCloseable {
    private final Path reposDir;
    private Daemon daemon;

    public GitFixtures(Path reposDir) throws IOException {
        this.reposDir = reposDir;
        Files.createDirectories(reposDir);
    }

    public Path reposDir() {
        return reposDir;
    }

    /** A new non-bare repository {@code reposDir/name} with branch {@code main} checked out. */
    public Git create(String name) throws GitAPIException {
        return Git.init().setDirectory(reposDir.resolve(name).toFile()).setInitialBranch("main").call();
    }

    /** Writes files (path relative to the work tree), stages everything and commits. */
    public static RevCommit commit(Git git, String message, Map<String, String> files)
            throws IOException, GitAPIException {
        Path work = git.getRepository().getWorkTree().toPath();
        for (var e : files.entrySet()) {
            Path f = work.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
        }
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                .setSign(false).call();
    }

    /** A lightweight or (with a message) annotated tag at HEAD. */
    public static void tag(Git git, String name, boolean annotated) throws GitAPIException {
        if (annotated) {
            git.tag().setName(name).setAnnotated(true).setMessage("tag " + name)
                    .setTagger(new org.eclipse.jgit.lib.PersonIdent("t", "t@example.com")).setSigned(false).call();
        } else {
            git.tag().setName(name).setAnnotated(false).call();
        }
    }

    /** {@code file://} URL of repository {@code name}. */
    public String fileUrl(String name) {
        return "file://" + reposDir.resolve(name).toAbsolutePath();
    }

    /** Starts the daemon on a free port; returns {@code git://127.0.0.1:<port>}. */
    public String startDaemon() throws IOException {
        daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        daemon.getService("git-receive-pack").setEnabled(false);
        daemon.setRepositoryResolver(new FileResolver<>(reposDir.toFile(), true));
        daemon.start();
        return "git://127.0.0.1:" + daemon.getAddress().getPort();
    }

    public void stopDaemon() throws InterruptedException {
        if (daemon != null) {
            daemon.stopAndWait();
            daemon = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopDaemon();
    }

    /** A dagger.json with a name and the go SDK. */
    public static String goModule(String name) {
        return "{\"name\":\"" + name + "\",\"engineVersion\":\"v0.19.11\",\"sdk\":{\"source\":\"go\"}}";
    }
}
