package dev.dagj.resolver.git;

import dev.dagj.resolver.GoQuote;
import dev.dagj.resolver.ResolverException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The on-disk git cache under a directory the caller owns:
 *
 * <pre>
 * repos/&lt;sha256(url)&gt;.git    one bare repository per remote URL; fetched refs live under refs/dagj/
 * repos/&lt;sha256(url)&gt;.lock   inter-process lock held while fetching into that repository
 * checkouts/&lt;commit&gt;/         the full tree of a commit, created once, never modified
 * </pre>
 *
 * <p><b>Crash safety.</b> A bare repository is created in a temp dir and renamed into place. A fetch relies on git's
 * own atomicity: objects arrive in a pack that is renamed into place only when complete, and refs are updated through
 * lock files. A killed fetch therefore leaves at worst unused temp files and stale {@code *.lock} files; the next
 * fetch, holding the repository's lock, deletes both before it starts. A commit counts as cached only when its object
 * is present, which implies its whole pack arrived. Checkouts are written to a staging dir and renamed to
 * {@code checkouts/<commit>} in one step, so a checkout directory is complete or absent.
 */
public final class GitCache {
    private final Path root;
    private final int timeoutSeconds;
    private final Map<String, Object> repoMonitors = new ConcurrentHashMap<>();

    /**
     * @param root           the cache directory (created when missing)
     * @param timeoutSeconds network timeout for each fetch
     */
    public GitCache(Path root, int timeoutSeconds) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.timeoutSeconds = timeoutSeconds;
    }

    public Path root() {
        return root;
    }

    /** The bare repository that caches {@code url}. */
    Path repoDir(String url) {
        return root.resolve("repos").resolve(key(url) + ".git");
    }

    /** Whether {@code commit} (and so its tree) is in the cache for {@code url}. Never touches the network. */
    public boolean hasCommit(String url, String commit) {
        Path dir = repoDir(url);
        if (!Files.isDirectory(dir) || !RemoteRef.isCommitSha(commit)) {
            return false;
        }
        try (Repository repo = open(dir); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = ObjectId.fromString(commit);
            if (!repo.getObjectDatabase().has(id)) {
                return false;
            }
            walk.parseCommit(id);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The refs fetched so far from {@code url}, in remote form ({@code refs/heads/x}, {@code refs/tags/y}). */
    public List<RemoteRef> cachedRefs(String url) {
        Path dir = repoDir(url);
        List<RemoteRef> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Repository repo = open(dir)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/dagj/")) {
                Ref peeled = repo.getRefDatabase().peel(ref);
                ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
                if (id != null) {
                    out.add(new RemoteRef("refs/" + ref.getName().substring("refs/dagj/".length()), id.name()));
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /**
     * Makes {@code commit} present in the cache for {@code url}, fetching {@code refName} (when known), then the
     * commit itself, then all branches and tags, until it is there.
     *
     * @param refName the remote ref whose tip is the commit, or "" when unknown (a pin, a bare SHA)
     */
    public void fetch(String url, String refName, String commit) throws ResolverException, InterruptedException {
        if (hasCommit(url, commit)) {
            return;
        }
        Path dir = repoDir(url);
        Object monitor = repoMonitors.computeIfAbsent(dir.toString(), k -> new Object());
        synchronized (monitor) {
            try (FileChannel lockChannel = openLock(dir); FileLock lock = acquire(lockChannel)) {
                ensureRepo(dir);
                removeLeftovers(dir);
                List<List<RefSpec>> attempts = new ArrayList<>();
                if (!refName.isEmpty() && refName.startsWith("refs/")) {
                    attempts.add(List.of(spec(refName)));
                }
                attempts.add(List.of(new RefSpec("+" + commit + ":refs/dagj/commits/" + commit)));
                attempts.add(List.of(spec("refs/heads/*"), spec("refs/tags/*")));
                Exception last = null;
                for (List<RefSpec> specs : attempts) {
                    try {
                        fetchInto(dir, url, specs);
                    } catch (GitAPIException | IOException | RuntimeException e) {
                        last = e;
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while fetching " + url);
                    }
                    if (hasCommit(url, commit)) {
                        return;
                    }
                }
                String why = last == null ? "" : ": " + last.getMessage();
                throw new ResolverException(url, "failed to fetch commit " + commit + " from git repository "
                        + GoQuote.quote(url) + why, last);
            } catch (IOException e) {
                throw new ResolverException(url, "failed to update git cache " + dir + ": " + e, e);
            }
        }
    }

    /**
     * The checked-out tree of {@code commit} (which must be cached): {@code checkouts/<commit>}, written once through a
     * staging dir and an atomic rename.
     */
    public Path checkout(String url, String commit) throws ResolverException {
        Path target = root.resolve("checkouts").resolve(commit);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path staging = root.resolve("checkouts").resolve(".staging-" + commit + "-" + UUID.randomUUID());
        try (Repository repo = open(repoDir(url)); RevWalk walk = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader(); TreeWalk tree = new TreeWalk(reader)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
            Files.createDirectories(staging);
            tree.addTree(c.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                writeEntry(reader, staging, tree);
            }
            moveIntoPlace(staging, target);
            return target;
        } catch (IOException e) {
            throw new ResolverException(url, "failed to check out commit " + commit + " of " + GoQuote.quote(url)
                    + ": " + e, e);
        } finally {
            deleteTree(staging);
        }
    }

    private static void writeEntry(ObjectReader reader, Path staging, TreeWalk tree) throws IOException {
        FileMode mode = tree.getFileMode(0);
        Path file = staging.resolve(tree.getPathString());
        if (!file.normalize().startsWith(staging)) {
            throw new IOException("tree entry " + tree.getPathString() + " escapes the checkout");
        }
        Files.createDirectories(file.getParent());
        if (mode == FileMode.GITLINK) {
            Files.createDirectories(file);
            return;
        }
        ObjectId id = tree.getObjectId(0);
        if (mode == FileMode.SYMLINK) {
            String target = new String(reader.open(id).getBytes(), StandardCharsets.UTF_8);
            Files.createSymbolicLink(file, Path.of(target));
            return;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            reader.open(id, Constants.OBJ_BLOB).copyTo(out);
        }
        if (mode == FileMode.EXECUTABLE_FILE) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                perms.add(PosixFilePermission.OWNER_EXECUTE);
                perms.add(PosixFilePermission.GROUP_EXECUTE);
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(file, perms);
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system: no executable bit to keep
            }
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // another resolver finished the same commit first; its checkout is identical
        } catch (AtomicMoveNotSupportedException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
        }
    }

    private void fetchInto(Path dir, String url, List<RefSpec> specs) throws GitAPIException, IOException {
        try (Repository repo = open(dir); Git git = new Git(repo)) {
            git.fetch().setRemote(url).setRefSpecs(specs).setTagOpt(TagOpt.NO_TAGS).setTimeout(timeoutSeconds)
                    .setRemoveDeletedRefs(false).call();
        }
    }

    private static RefSpec spec(String remoteRef) {
        return new RefSpec("+" + remoteRef + ":refs/dagj/" + remoteRef.substring("refs/".length()));
    }

    /** Creates the bare repository in a temp dir and renames it into place, so it is never half-initialized. */
    private static void ensureRepo(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir.getParent());
        Path tmp = dir.resolveSibling(".init-" + UUID.randomUUID());
        try {
            Git.init().setBare(true).setDirectory(tmp.toFile()).setInitialBranch("main").call().close();
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (GitAPIException e) {
            throw new IOException("cannot create bare repository " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Deletes what a killed fetch leaves behind: ref lock files and incomplete pack files. */
    private static void removeLeftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".lock") || name.startsWith("incoming_") || name.startsWith("tmp_")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static FileChannel openLock(Path repoDir) throws IOException {
        Files.createDirectories(repoDir.getParent());
        Path lockFile = repoDir.resolveSibling(repoDir.getFileName().toString().replace(".git", ".lock"));
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static FileLock acquire(FileChannel channel) throws IOException, InterruptedException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                // another GitCache on the same directory in this JVM holds it; wait for it
                Thread.sleep(20);
            }
        }
    }

    private static Repository open(Path dir) throws IOException {
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    private static String key(String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover staging dir is litter, never read
        }
    }
}
