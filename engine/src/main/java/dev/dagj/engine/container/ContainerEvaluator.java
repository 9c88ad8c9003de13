package dev.dagj.engine.container;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.exec.ContainerExecutor;
import dev.dagj.engine.exec.ExecRequest;
import dev.dagj.engine.exec.ExecResult;
import dev.dagj.engine.exec.Mount;
import dev.dagj.engine.exec.ProcessSpec;
import dev.dagj.engine.exec.ResourceLimits;
import dev.dagj.engine.exec.RootFs;
import dev.dagj.engine.exec.Termination;
import dev.dagj.engine.image.ImageRef;
import dev.dagj.engine.image.ImageStore;
import dev.dagj.engine.image.Platform;
import dev.dagj.engine.op.ExecMount;
import dev.dagj.engine.op.ExecOp;
import dev.dagj.engine.op.ImageRootfsOp;
import dev.dagj.engine.op.OpPaths;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.Tree;
import dev.dagj.engine.store.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.stream.Stream;

/**
 * Evaluates the container ops (called from the one op dispatch in {@code OpEvaluator}): root filesystem chains,
 * execs, and reading chains back into trees. Deterministic in (op, inputs) as the solver requires, except that an
 * exec's process may itself be non-deterministic; its result is cached all the same, as Dagger does.
 */
public final class ContainerEvaluator {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private final ContentStore store;
    private final LayerDirs dirs;
    private final ContainerExecutor executor;
    private final CacheVolumes volumes;
    private final SecretVault secrets;
    private final MergedViewReader reader;

    public ContainerEvaluator(ContentStore store, ImageStore images, ContainerExecutor executor, CacheVolumes volumes,
            SecretVault secrets) throws ContainerException {
        this.store = store;
        this.dirs = new LayerDirs(store, images);
        this.executor = executor;
        this.volumes = volumes;
        this.secrets = secrets;
        this.reader = new MergedViewReader(store);
    }

    public Digest emptyRootfs() throws EngineException {
        return RootfsChain.EMPTY.put(store);
    }

    public Digest image(ImageRootfsOp op) throws EngineException, InterruptedException {
        List<RootfsChain.Entry> layers = dirs.imageLayers(ImageRef.parse(op.ref()), Platform.parse(op.platform()),
                op.manifest());
        return new RootfsChain(layers).put(store);
    }

    public Digest treeLayer(Digest chainDigest, Digest tree) throws EngineException, InterruptedException {
        RootfsChain chain = RootfsChain.load(store, chainDigest);
        Digest layer = withLowerDirModes(tree, dirs.resolve(chain), "");
        dirs.checkout(layer);
        return chain.plus(dirs.treeEntry(layer)).put(store);
    }

    /**
     * {@code dir} with every directory that also exists as a directory in the merged lower layers given the lower's
     * mode, as copying into an existing directory does: a file added under {@code /tmp} must not turn the image's
     * 1777 {@code /tmp} into the 0755 of an implicitly made parent.
     */
    private Digest withLowerDirModes(Digest dir, List<Path> lowers, String rel) throws EngineException {
        Tree t = store.tree(dir);
        Tree out = t;
        for (TreeEntry e : t.entries()) {
            if (!e.isDir()) {
                continue;
            }
            String p = OpPaths.join(rel, e.name());
            Integer lower;
            try {
                lower = mergedMode(lowers, p);
            } catch (IOException x) {
                throw new ContainerException("cannot read /" + p + " of the container's layers: " + x.getMessage(), x);
            }
            if (lower == null || (lower & 0170000) != 0040000) {
                continue;
            }
            TreeEntry fixed = e.withMode(lower & 07777).withDigest(withLowerDirModes(e.digest(), lowers, p));
            if (!fixed.equals(e)) {
                out = out.with(fixed);
            }
        }
        return out == t ? dir : store.putTree(out);
    }

    /** A layer holding only a whiteout at {@code path}; its parent directories copy the modes of the merged view. */
    public Digest whiteout(Digest chainDigest, String path) throws EngineException, InterruptedException {
        RootfsChain chain = RootfsChain.load(store, chainDigest);
        List<Path> lowers = dirs.resolve(chain);
        String name = "wh-" + Digest.of(("whiteout\0" + path + "\0" + chainDigest).getBytes(StandardCharsets.UTF_8)).hex();
        if (!dirs.hasLayer(name)) {
            Path tmp = dirs.tempDir("whiteout");
            try {
                String parent = OpPaths.parent(path);
                Path cur = tmp;
                String rel = "";
                for (String seg : parent.isEmpty() ? new String[0] : parent.split("/")) {
                    rel = OpPaths.join(rel, seg);
                    cur = Files.createDirectory(cur.resolve(seg));
                    Integer mode = mergedMode(lowers, rel);
                    if (mode != null) {
                        Files.setAttribute(cur, "unix:mode", mode & 07777);
                    }
                }
                run(List.of("mknod", tmp.resolve(path).toString(), "c", "0", "0"), "create a whiteout");
            } catch (IOException e) {
                LayerDirs.deleteTree(tmp);
                throw new ContainerException("cannot make a whiteout layer for /" + path + ": " + e.getMessage(), e);
            }
            dirs.commit(tmp, name);
        }
        return chain.plus(new RootfsChain.Entry("ctr-layers/" + name, null, null, null)).put(store);
    }

    private static Integer mergedMode(List<Path> layers, String rel) throws IOException {
        for (Path l : layers) {
            int m = MergedViewReader.mode(l.resolve(rel));
            if (m >= 0) {
                return m;
            }
        }
        return null;
    }

    /** The tree of the directory at {@code path} of a chain's merged view. */
    public Digest rootfsTree(Digest chain, String path) throws EngineException, InterruptedException {
        return reader.read(dirs.resolve(RootfsChain.load(store, chain)), path);
    }

    /** The merged view of {@code layersTopFirst} (e.g. an imported image's snapshots) as a stored tree. */
    public Digest mergedTree(List<Path> layersTopFirst) throws EngineException {
        return reader.read(layersTopFirst, "");
    }

    public Digest execRootfs(Digest execResult) throws EngineException {
        return ExecResultRecord.load(store, execResult).rootfs();
    }

    public Digest execMount(Digest execResult, String target) throws EngineException {
        Digest d = ExecResultRecord.load(store, execResult).mounts().get(target);
        if (d == null) {
            throw new ContainerException("the exec has no directory mounted at " + target);
        }
        return d;
    }

    /** Runs {@code op} ({@code key} names its committed layer) with inputs: chain, then the mounts' sources. */
    public Digest exec(ExecOp op, List<Digest> in, Digest key) throws EngineException, InterruptedException {
        RootfsChain chain = RootfsChain.load(store, in.get(0));
        List<Path> lowers = dirs.resolve(chain);
        Path run = dirs.execDir();
        Path secretDir = null;
        List<CacheVolumes.Lease> leases = new ArrayList<>();
        try {
            Path upper = run.resolve("upper");
            Path work = run.resolve("work");
            List<Digest> used = new ArrayList<>();
            List<Mount> mounts = new ArrayList<>();
            Map<String, Path[]> dirMounts = new LinkedHashMap<>();
            int src = 1;
            int n = 0;
            List<ExecMount> ordered = new ArrayList<>(op.mounts());
            ordered.sort(Comparator.comparingInt(m -> m.target().split("/").length));
            Map<ExecMount, Digest> sources = new LinkedHashMap<>();
            for (ExecMount m : op.mounts()) {
                if (m.source() != null) {
                    sources.put(m, in.get(src++));
                }
            }
            for (ExecMount m : ordered) {
                n++;
                switch (m) {
                    case ExecMount.Tree t -> {
                        Path co = dirs.checkout(sources.get(m));
                        if (t.file()) {
                            Path f = co.resolve(t.sourcePath());
                            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                                throw new ContainerException("the file mounted at " + t.target() + " is not a regular"
                                        + " file: /" + t.sourcePath());
                            }
                            mounts.add(new Mount.Bind(f, t.target(), true));
                        } else {
                            Path mu = Files.createDirectories(run.resolve("m" + n).resolve("upper"));
                            Path mw = Files.createDirectories(run.resolve("m" + n).resolve("work"));
                            mounts.add(new Mount.Overlay(t.target(), List.of(co), mu, mw));
                            dirMounts.put(t.target(), new Path[] {mu, co});
                        }
                    }
                    case ExecMount.Cache c -> {
                        int[] owner = c.owner().isEmpty() ? null : UserSpec.resolve(c.owner(), lowers);
                        CacheVolumes.Lease lease = volumes.acquire(c.volume(), c.sharing(), sources.get(m), owner);
                        leases.add(lease);
                        mounts.add(new Mount.Bind(lease.path(), c.target(), false));
                    }
                    case ExecMount.Tmpfs t -> mounts.add(new Mount.Tmpfs(t.target(), t.sizeBytes(), 01777));
                    case ExecMount.Secret s -> {
                        if (secretDir == null) {
                            secretDir = secretScratch();
                        }
                        Path f = secretDir.resolve("s" + n);
                        Files.write(f, plaintext(s.secret(), s.target()));
                        Files.setAttribute(f, "unix:mode", s.mode());
                        if (!s.owner().isEmpty()) {
                            int[] o = UserSpec.resolve(s.owner(), lowers);
                            Files.setAttribute(f, "unix:uid", o[0]);
                            Files.setAttribute(f, "unix:gid", o[1]);
                        }
                        used.add(s.secret());
                        mounts.add(new Mount.Bind(f, s.target(), true));
                    }
                }
            }
            SequencedMap<String, String> env = new LinkedHashMap<>();
            for (String e : op.env()) {
                int eq = e.indexOf('=');
                env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
            }
            for (ExecOp.SecretEnv s : op.secretEnv()) {
                env.put(s.name(), new String(plaintext(s.secret(), "$" + s.name()), StandardCharsets.UTF_8));
                used.add(s.secret());
            }
            env.putIfAbsent("PATH", DEFAULT_PATH);
            int[] ids = UserSpec.resolve(op.user(), lowers);
            String cwd = op.workdir().isEmpty() ? "/" : op.workdir();
            ProcessSpec spec = new ProcessSpec(op.args(), env, cwd, ids[0], ids[1], List.of(),
                    op.stdin().getBytes(StandardCharsets.UTF_8), "dagj", Optional.empty(), ResourceLimits.none());
            ExecResult r = executor.run(new ExecRequest(spec, new RootFs.Overlay(lowers, upper, work), mounts));
            String stdout = secrets.scrub(r.stdout().text(), used);
            String stderr = secrets.scrub(r.stderr().text(), used);
            int code = r.exitCode();
            boolean ok = r.termination() == Termination.EXITED && code == 0;
            boolean allowed = switch (op.expect()) {
                case "SUCCESS" -> ok;
                case "FAILURE" -> !ok;
                default -> true;
            };
            if (!allowed) {
                String what = r.termination() == Termination.EXITED ? "exit code: " + code
                        : "it was killed (" + r.termination().name().toLowerCase() + ")";
                String msg = ok ? "process \"" + String.join(" ", op.args()) + "\" succeeded, but a failure was expected"
                        : "process \"" + String.join(" ", op.args()) + "\" did not complete successfully: " + what;
                throw new ExecFailedException(op.args(), code, stdout, stderr, secrets.scrub(msg, used));
            }
            redirect(upper, cwd, op.redirectStdout(), r.stdout().bytes());
            redirect(upper, cwd, op.redirectStderr(), r.stderr().bytes());
            Map<String, Digest> mountTrees = new LinkedHashMap<>();
            for (Map.Entry<String, Path[]> e : dirMounts.entrySet()) {
                mountTrees.put(e.getKey(), reader.read(List.of(e.getValue()), ""));
            }
            RootfsChain next = chain;
            if (hasChanges(upper, lowers)) {
                run(List.of("sync", "-f", upper.toString()), "sync the exec's changes");
                next = chain.plus(dirs.commit(upper, key.hex()));
            }
            return new ExecResultRecord(next.put(store), store.putBytes(stdout.getBytes(StandardCharsets.UTF_8)),
                    store.putBytes(stderr.getBytes(StandardCharsets.UTF_8)), code, mountTrees).put(store);
        } catch (IOException e) {
            throw new ContainerException("cannot prepare the exec of " + op.args() + ": " + e.getMessage(), e);
        } finally {
            for (CacheVolumes.Lease l : leases) {
                l.close();
            }
            if (secretDir != null) {
                LayerDirs.deleteTree(secretDir);
            }
            dirs.discard(run);
        }
    }

    private byte[] plaintext(Digest secret, String where) throws ContainerException {
        byte[] p = secrets.get(secret);
        if (p == null) {
            throw new ContainerException("the secret for " + where + " is not known to this engine (secrets live only in"
                    + " memory); set it again with setSecret or secret in this session");
        }
        return p;
    }

    /** Secret files live on a tmpfs ({@code /dev/shm}) when there is one, never in the state directory. */
    private Path secretScratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, "dagj-secrets-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static void redirect(Path upper, String cwd, String path, byte[] bytes) throws IOException, ContainerException {
        if (path.isEmpty()) {
            return;
        }
        String abs = path.startsWith("/") ? path : cwd + "/" + path;
        String rel = OpPaths.normalizeOrNull(abs);
        if (rel == null || rel.isEmpty()) {
            throw new ContainerException("cannot redirect output to " + path);
        }
        Path f = upper.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
    }

    /**
     * Whether an exec's upper directory holds real changes. The runtimes create the mount points and the working
     * directory in the upper as empty directories; such a directory that already exists as a directory below (and
     * is not opaque) is not a change, so an exec that writes nothing adds no layer and syncs nothing.
     */
    private static boolean hasChanges(Path upper, List<Path> lowers) throws IOException {
        return hasChanges(upper, "", lowers);
    }

    /** The top-most layer's entry at {@code rel}, or null when no layer has one. */
    private static Path topmost(List<Path> layers, String rel) throws IOException {
        for (Path l : layers) {
            Path p = l.resolve(rel);
            if (MergedViewReader.mode(p) >= 0) {
                return p;
            }
        }
        return null;
    }

    private static boolean sameDirectoryAttributes(Path upperDir, Path below) throws IOException {
        Map<String, Object> u = Files.readAttributes(upperDir, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> l = Files.readAttributes(below, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int um = (Integer) u.get("mode");
        int lm = (Integer) l.get("mode");
        return (lm & 0170000) == 0040000 && (um & 07777) == (lm & 07777) && u.get("uid").equals(l.get("uid"))
                && u.get("gid").equals(l.get("gid"));
    }

    private static boolean hasChanges(Path dir, String rel, List<Path> lowers) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String r = OpPaths.join(rel, p.getFileName().toString());
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || MergedViewReader.isOpaque(p)) {
                    return true;
                }
                Path below = topmost(lowers, r);
                if (below == null || !sameDirectoryAttributes(p, below) || hasChanges(p, r, lowers)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void run(List<String> cmd, String what) throws ContainerException, InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new ContainerException("cannot " + what + ": " + String.join(" ", cmd) + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new ContainerException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
