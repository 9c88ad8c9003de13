package dev.dagj.engine.container;

import dev.dagj.engine.BoundedMemo;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.exec.Cancellation;
import dev.dagj.engine.exec.ContainerExecutor;
import dev.dagj.engine.exec.ExecRequest;
import dev.dagj.engine.exec.ExecResult;
import dev.dagj.engine.exec.Mount;
import dev.dagj.engine.exec.ProcessSpec;
import dev.dagj.engine.exec.Release;
import dev.dagj.engine.exec.ResourceLimits;
import dev.dagj.engine.exec.RootFs;
import dev.dagj.engine.exec.Termination;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.image.Image;
import dev.dagj.engine.image.ImageRef;
import dev.dagj.engine.image.Layer;
import dev.dagj.engine.image.LayerPacker;
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
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private final ContentStore store;
    private final LayerDirs dirs;
    private final ContainerExecutor executor;
    private final CacheVolumes volumes;
    private final SecretVault secrets;
    private final MergedViewReader reader;
    /**
     * Root filesystem chains read from the store, by digest (content-addressed, so they never change): an exec
     * builds on the chain the previous one left, and reading and parsing it again cost it a blob read and a JSON
     * parse.
     */
    private final BoundedMemo<Digest, RootfsChain> chains = new BoundedMemo<>(1024);

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
        List<RootfsChain.Entry> layers = op.ref().isEmpty()
                ? dirs.importedLayers(Platform.parse(op.platform()), op.manifest())
                : dirs.imageLayers(ImageRef.parse(op.ref()), Platform.parse(op.platform()), op.manifest());
        return new RootfsChain(layers).put(store);
    }

    /**
     * {@code chain} plus the tree {@code tree} as a layer. Directories that exist below keep their mode and owner;
     * with an {@code owner}, everything at and under {@code ownerPath} gets it. A layer that needs no ownership is
     * the shared checkout of its tree; one that does is a chowned copy in {@code ctr-layers/}, named by its content.
     */
    public Digest treeLayer(Digest chainDigest, Digest tree, String owner, String ownerPath)
            throws EngineException, InterruptedException {
        RootfsChain chain = chain(chainDigest);
        List<Path> lowers = dirs.resolve(chain);
        Digest layer = withLowerDirModes(tree, lowers, "");
        int[] ids = UserSpec.owner(owner, lowers);
        Map<String, int[]> lowerOwners = new LinkedHashMap<>();
        try {
            collectLowerOwners(layer, lowers, "", ownerPath, ids != null, lowerOwners);
        } catch (IOException x) {
            throw new ContainerException("cannot read the owners of the container's directories: " + x.getMessage(), x);
        }
        if (ids == null && lowerOwners.isEmpty()) {
            dirs.checkout(layer);
            return chain.plus(dirs.treeEntry(layer)).put(store);
        }
        StringBuilder id = new StringBuilder("owned\0").append(layer).append('\0').append(ownerPath).append('\0');
        id.append(ids == null ? "-" : ids[0] + ":" + ids[1]);
        lowerOwners.forEach((k, v) -> id.append('\0').append(k).append('=').append(v[0]).append(':').append(v[1]));
        String name = "own-" + Digest.of(id.toString().getBytes(StandardCharsets.UTF_8)).hex();
        if (!dirs.hasLayer(name)) {
            dirs.commit(ownedCopy(layer, ownerPath, ids, lowerOwners), name);
        }
        return chain.plus(new RootfsChain.Entry("ctr-layers/" + name, null, null, null)).put(store);
    }

    /**
     * The directories of {@code dir} that exist as directories below with an owner other than root, and are not at
     * or under {@code ownerPath} when an owner is set: they keep that owner, as copying into them does.
     */
    private void collectLowerOwners(Digest dir, List<Path> lowers, String rel, String ownerPath, boolean owned,
            Map<String, int[]> out) throws EngineException, IOException {
        for (TreeEntry e : store.tree(dir).entries()) {
            if (!e.isDir()) {
                continue;
            }
            String p = OpPaths.join(rel, e.name());
            if (owned && under(p, ownerPath)) {
                continue;
            }
            Path below = topmost(lowers, p);
            if (below == null || !Files.isDirectory(below, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Map<String, Object> a = Files.readAttributes(below, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) a.get("uid");
            int gid = (Integer) a.get("gid");
            if (uid != 0 || gid != 0) {
                out.put(p, new int[] {uid, gid});
            }
            collectLowerOwners(e.digest(), lowers, p, ownerPath, owned, out);
        }
    }

    private static boolean under(String p, String base) {
        return base.isEmpty() || p.equals(base) || p.startsWith(base + "/");
    }

    /** A temp copy of stored tree {@code tree} chowned: {@code ids} at and under {@code ownerPath}, else as listed. */
    private Path ownedCopy(Digest tree, String ownerPath, int[] ids, Map<String, int[]> lowerOwners)
            throws EngineException {
        Path tmp = dirs.tempDir("owned");
        try {
            Files.delete(tmp);
            dirs.exportTree(tree, tmp);
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String rel = tmp.relativize(p).toString();
                    int[] o = ids != null && !rel.isEmpty() && under(rel, ownerPath) ? ids : lowerOwners.get(rel);
                    if (o != null) {
                        chown(p, o);
                    }
                }
            }
            return tmp;
        } catch (IOException e) {
            FileTrees.deleteQuietly(tmp);
            throw new ContainerException("cannot make an owned layer: " + e.getMessage(), e);
        }
    }

    private static void chown(Path p, int[] o) throws IOException {
        Files.setAttribute(p, "unix:uid", o[0], LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", o[1], LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The directory (or, with {@code file}, the file at {@code sourcePath}) of stored tree {@code tree} owned by
     * {@code ids}, kept in {@code ctr-layers/} by content so later execs reuse it; never write into it.
     */
    private Path ownedMountSource(Digest tree, String sourcePath, boolean file, int[] ids) throws EngineException {
        String name = "mnt-" + Digest.of(("owned-mount\0" + tree + "\0" + sourcePath + "\0" + file + "\0" + ids[0] + ":"
                + ids[1]).getBytes(StandardCharsets.UTF_8)).hex();
        if (!dirs.hasLayer(name)) {
            Path tmp = dirs.tempDir("owned-mount");
            try {
                if (file) {
                    Path f = dirs.checkout(tree).resolve(sourcePath);
                    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        throw new ContainerException("the file to mount is not a regular file: /" + sourcePath);
                    }
                    Path dst = tmp.resolve("file");
                    Files.copy(f, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    chown(dst, ids);
                } else {
                    Files.delete(tmp);
                    dirs.exportTree(tree, tmp);
                    try (Stream<Path> s = Files.walk(tmp)) {
                        for (Path p : (Iterable<Path>) s::iterator) {
                            chown(p, ids);
                        }
                    }
                }
            } catch (IOException e) {
                FileTrees.deleteQuietly(tmp);
                throw new ContainerException("cannot make an owned copy to mount: " + e.getMessage(), e);
            }
            dirs.commit(tmp, name);
        }
        Path dir = dirs.stateDir().resolve("ctr-layers").resolve(name);
        return file ? dir.resolve("file") : dir;
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
        RootfsChain chain = chain(chainDigest);
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
                FileTrees.deleteQuietly(tmp);
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

    /**
     * The image layers of a chain, bottom first, for export and publish: a layer that came from an image is that
     * image's layer as it was (same blob and digest, resolved through {@code images}, so a registry that has it is
     * not sent it again); every other layer (added files, exec changes, whiteouts) is packed from its directory once
     * and remembered under {@code packed-layers/}. An empty chain gives one empty layer.
     */
    public List<Layer> imageLayers(Digest chainDigest, ImageStore images) throws EngineException, InterruptedException {
        RootfsChain chain = chain(chainDigest);
        List<Path> topFirst = dirs.resolve(chain);
        List<Layer> out = new ArrayList<>();
        if (chain.layers().isEmpty()) {
            out.add(packed("ctr-layers/empty", topFirst.get(0)));
            return out;
        }
        int i = chain.layers().size() - 1;
        for (RootfsChain.Entry e : chain.layers()) {
            Path dir = topFirst.get(i--);
            out.add(e.image() != null || e.manifest() != null ? imageLayer(e, dir, images) : packed(e.dir(), dir));
        }
        return out;
    }

    private static Layer imageLayer(RootfsChain.Entry e, Path dir, ImageStore images)
            throws EngineException, InterruptedException {
        Image image = e.manifest() != null ? images.local(e.manifest(), Platform.parse(e.platform()))
                : images.resolve(ImageRef.parse(e.image()), Platform.parse(e.platform()));
        String diffId = dir.getFileName().toString();
        for (Layer l : image.layers()) {
            if (l.diffId().hex().equals(diffId)) {
                return l;
            }
        }
        throw new ContainerException("image " + image.displayName() + " has no layer with diff_id sha256:" + diffId
                + " any more; clear the engine cache and run again");
    }

    /** The packed layer of layer directory {@code dir} ({@code name} relative to the state dir), packed once. */
    private Layer packed(String name, Path dir) throws EngineException {
        Path memo = dirs.stateDir().resolve("packed-layers")
                .resolve(Digest.of(name.getBytes(StandardCharsets.UTF_8)).hex() + ".json");
        try {
            if (Files.isRegularFile(memo)) {
                Map<?, ?> m = JSON.readValue(memo.toFile(), Map.class);
                Layer l = new Layer((String) m.get("mediaType"), Digest.parse((String) m.get("digest")),
                        ((Number) m.get("size")).longValue(), Digest.parse((String) m.get("diffId")));
                if (store.has(l.digest())) {
                    return l;
                }
            }
        } catch (IOException | RuntimeException x) {
            // an unreadable memo is packed again below
        }
        Layer l = new LayerPacker(store).pack(dir, LayerPacker.Options.DEFAULT);
        try {
            Files.createDirectories(memo.getParent());
            Path tmp = store.tempPath("packed-memo");
            Files.write(tmp, JSON.writeValueAsBytes(Map.of("mediaType", l.mediaType(), "digest", l.digest().toString(),
                    "size", l.size(), "diffId", l.diffId().toString())));
            Files.move(tmp, memo, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException x) {
            throw new ContainerException("cannot record the packed layer of " + name + ": " + x.getMessage(), x);
        }
        return l;
    }

    /** The tree of the directory at {@code path} of a chain's merged view. */
    public Digest rootfsTree(Digest chain, String path) throws EngineException, InterruptedException {
        return reader.read(dirs.resolve(chain(chain)), path);
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

    /** The chain stored as {@code d}, from {@link #chains} when it was read or made before. */
    private RootfsChain chain(Digest d) throws ContainerException {
        return chains.get(d, x -> RootfsChain.load(store, x));
    }

    /** Runs {@code op} ({@code key} names its committed layer) with inputs: chain, then the mounts' sources. */
    public Digest exec(ExecOp op, List<Digest> in, Digest key) throws EngineException, InterruptedException {
        RootfsChain chain = chain(in.get(0));
        List<Path> lowers = dirs.resolve(chain);
        Path run = dirs.execDir();
        Path secretDir = null;
        List<CacheVolumes.Lease> leases = new ArrayList<>();
        List<Place> places = new ArrayList<>();
        Release release = null;
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
                        int[] mountOwner = UserSpec.owner(t.owner(), lowers);
                        Path co = mountOwner == null ? dirs.checkout(sources.get(m))
                                : ownedMountSource(sources.get(m), t.sourcePath(), t.file(), mountOwner);
                        if (t.file()) {
                            Path f = mountOwner == null ? co.resolve(t.sourcePath()) : co;
                            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                                throw new ContainerException("the file mounted at " + t.target() + " is not a regular"
                                        + " file: /" + t.sourcePath());
                            }
                            mounts.add(new Mount.Bind(f, t.target(), true));
                            places.add(new Place(t.target(), f, null));
                        } else {
                            Path mu = Files.createDirectories(run.resolve("m" + n).resolve("upper"));
                            Path mw = Files.createDirectories(run.resolve("m" + n).resolve("work"));
                            if (mountOwner != null) {
                                chown(mu, mountOwner); // overlayfs shows the upper's root: make it the lower's
                            }
                            mounts.add(new Mount.Overlay(t.target(), List.of(co), mu, mw));
                            dirMounts.put(t.target(), new Path[] {mu, co});
                            places.add(new Place(t.target(), co, mu));
                        }
                    }
                    case ExecMount.Cache c -> {
                        int[] owner = UserSpec.owner(c.owner(), lowers);
                        CacheVolumes.Lease lease = volumes.acquire(c.volume(), c.sharing(), sources.get(m), owner);
                        leases.add(lease);
                        mounts.add(new Mount.Bind(lease.path(), c.target(), false));
                        places.add(new Place(c.target(), lease.path(), lease.path()));
                    }
                    case ExecMount.Tmpfs t -> {
                        mounts.add(new Mount.Tmpfs(t.target(), t.sizeBytes(), 01777));
                        places.add(new Place(t.target(), null, null));
                    }
                    case ExecMount.Secret s -> {
                        if (secretDir == null) {
                            secretDir = secretScratch();
                        }
                        Path f = secretDir.resolve("s" + n);
                        Files.write(f, plaintext(s.secret(), s.target()));
                        Files.setAttribute(f, "unix:mode", s.mode());
                        if (!s.owner().isEmpty()) {
                            int[] o = UserSpec.owner(s.owner(), lowers);
                            Files.setAttribute(f, "unix:uid", o[0]);
                            Files.setAttribute(f, "unix:gid", o[1]);
                        }
                        used.add(s.secret());
                        mounts.add(new Mount.Bind(f, s.target(), true));
                        places.add(new Place(s.target(), f, null));
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
            byte[] stdin = op.redirectStdin().isEmpty() ? op.stdin().getBytes(StandardCharsets.UTF_8)
                    : redirectedStdin(op.redirectStdin(), cwd, places, lowers);
            ProcessSpec spec = new ProcessSpec(op.args(), env, cwd, ids[0], ids[1], List.of(),
                    stdin, "dagj", Optional.empty(), ResourceLimits.none());
            // The sandbox's clean-up (unmounting its overlays of upper and work) may end after this returns.
            ExecResult r = executor.runDeferringCleanup(new ExecRequest(spec, new RootFs.Overlay(lowers, upper,
                    work), mounts), Cancellation.none());
            release = r.release();
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
            redirect(upper, lowers, cwd, places, op.redirectStdout(), r.stdout().bytes(), ids);
            redirect(upper, lowers, cwd, places, op.redirectStderr(), r.stderr().bytes(), ids);
            Map<String, Digest> mountTrees = new LinkedHashMap<>();
            for (Map.Entry<String, Path[]> e : dirMounts.entrySet()) {
                mountTrees.put(e.getKey(), reader.read(List.of(e.getValue()), ""));
            }
            Digest nextChain = in.get(0); // nothing changed: the chain it ran on (stored again if it went)
            if (hasChanges(upper, lowers)) {
                syncChanges(upper);
                release.await(); // no overlay may still use the upper dir once it is a layer
                RootfsChain next = chain.plus(dirs.commit(upper, key.hex()));
                nextChain = next.put(store);
                chains.put(nextChain, next);
            } else if (!store.has(nextChain)) {
                nextChain = chain.put(store);
            }
            return new ExecResultRecord(nextChain, store.putBytes(stdout.getBytes(StandardCharsets.UTF_8)),
                    store.putBytes(stderr.getBytes(StandardCharsets.UTF_8)), code, mountTrees).put(store);
        } catch (IOException e) {
            throw new ContainerException("cannot prepare the exec of " + op.args() + ": " + e.getMessage(), e);
        } finally {
            for (CacheVolumes.Lease l : leases) {
                l.close();
            }
            if (secretDir != null) {
                FileTrees.deleteQuietly(secretDir);
            }
            if (release == null) {
                dirs.discard(run);
            } else {
                release.then(() -> dirs.discard(run));
            }
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

    /**
     * Where a mount of an exec is on the host: {@code read} is what the process sees at {@code target} before it
     * runs (null for a tmpfs), {@code write} where a write under it lands (null when it is read-only or discarded).
     */
    private record Place(String target, Path read, Path write) {
    }

    /** The deepest mount at or above container path {@code rel} (normalized), or null; with the path below it. */
    private static Map.Entry<Place, String> placeOf(List<Place> places, String rel) {
        Place best = null;
        for (Place p : places) {
            String t = p.target().substring(1);
            if ((rel.equals(t) || rel.startsWith(t + "/")) && (best == null || t.length() > best.target().length() - 1)) {
                best = p;
            }
        }
        if (best == null) {
            return null;
        }
        String t = best.target().substring(1);
        return Map.entry(best, rel.equals(t) ? "" : rel.substring(t.length() + 1));
    }

    private static String absolute(String path, String cwd) throws ContainerException {
        String rel = OpPaths.normalizeOrNull(path.startsWith("/") ? path : cwd + "/" + path);
        if (rel == null || rel.isEmpty()) {
            throw new ContainerException("invalid redirect path \"" + path + "\"");
        }
        return rel;
    }

    /** The bytes of the container file {@code path} (merged view, or a mount), for {@code redirectStdin}. */
    private static byte[] redirectedStdin(String path, String cwd, List<Place> places, List<Path> lowers)
            throws IOException, ContainerException {
        String rel = absolute(path, cwd);
        Map.Entry<Place, String> at = placeOf(places, rel);
        Path f;
        if (at == null) {
            f = topmost(lowers, rel);
        } else if (at.getKey().read() == null) {
            f = null;
        } else {
            f = at.getValue().isEmpty() ? at.getKey().read() : at.getKey().read().resolve(at.getValue());
        }
        if (f == null || !Files.isRegularFile(f)) {
            throw new ContainerException("cannot redirect stdin from " + path + ": no such file in the container");
        }
        return Files.readAllBytes(f);
    }

    /**
     * Writes an exec's output to container path {@code path} as Dagger does: relative to the working directory,
     * into the mount that holds it if any, mode 0600, owned by the exec's user.
     */
    private static void redirect(Path upper, List<Path> lowers, String cwd, List<Place> places, String path,
            byte[] bytes, int[] ids) throws IOException, ContainerException {
        if (path.isEmpty()) {
            return;
        }
        String rel = absolute(path, cwd);
        Map.Entry<Place, String> at = placeOf(places, rel);
        Path base;
        String sub;
        List<Path> below;
        if (at == null) {
            base = upper;
            sub = rel;
            below = lowers;
        } else if (at.getKey().read() == null) {
            return; // a tmpfs: gone with the exec, as the file would be
        } else if (at.getKey().write() == null || at.getValue().isEmpty()) {
            throw new ContainerException("cannot redirect output to " + path + ": " + at.getKey().target()
                    + " is a read-only mount");
        } else {
            base = at.getKey().write();
            sub = at.getValue();
            below = List.of(at.getKey().read());
        }
        Path f = base.resolve(sub);
        ensureParents(base, OpPaths.parent(sub), below);
        Files.deleteIfExists(f);
        Files.write(f, bytes);
        Files.setAttribute(f, "unix:mode", 0600);
        chown(f, ids);
    }

    /** Makes the directories of {@code rel} under {@code base} that are missing, copying mode and owner from below. */
    private static void ensureParents(Path base, String rel, List<Path> below) throws IOException {
        Path cur = base;
        String r = "";
        for (String seg : rel.isEmpty() ? new String[0] : rel.split("/")) {
            r = OpPaths.join(r, seg);
            cur = cur.resolve(seg);
            if (Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectory(cur);
            Path under = topmost(below, r);
            if (under != null && Files.isDirectory(under, LinkOption.NOFOLLOW_LINKS)) {
                Map<String, Object> a = Files.readAttributes(under, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(cur, "unix:mode", (Integer) a.get("mode") & 07777);
                chown(cur, new int[] {(Integer) a.get("uid"), (Integer) a.get("gid")});
            }
        }
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

    /** Up to this many entries, an exec's changes are fsynced one by one; beyond, one {@code sync -f} is cheaper. */
    private static final int FSYNC_EACH_LIMIT = 256;

    /**
     * Makes an exec's upper dir durable before it becomes a snapshot: each regular file and directory fsynced when
     * there are few (most execs change a handful of files; that saves starting {@code sync} and a sync of the whole
     * filesystem), else {@code sync -f} on its filesystem.
     */
    private static void syncChanges(Path upper) throws ContainerException, InterruptedException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.walk(upper)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (entries.size() > FSYNC_EACH_LIMIT) {
                    break;
                }
                entries.add(p);
            }
        } catch (IOException e) {
            throw new ContainerException("cannot list the exec's changes in " + upper + ": " + e.getMessage(), e);
        }
        if (entries.size() > FSYNC_EACH_LIMIT) {
            run(List.of("sync", "-f", upper.toString()), "sync the exec's changes");
            return;
        }
        // In reverse walk order: each entry is synced before the directory that names it.
        for (int i = entries.size() - 1; i >= 0; i--) {
            Path p = entries.get(i);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(p,
                        java.nio.file.StandardOpenOption.READ)) {
                    c.force(true);
                } catch (IOException e) {
                    throw new ContainerException("cannot sync the exec's change " + p + ": " + e.getMessage(), e);
                }
            }
        }
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
