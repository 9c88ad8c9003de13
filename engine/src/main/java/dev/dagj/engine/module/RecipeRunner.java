package dev.dagj.engine.module;

import dev.dagj.engine.digest.SystemRandom;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;
import dev.dagj.engine.exec.ContainerExecutor;
import dev.dagj.engine.exec.ExecRequest;
import dev.dagj.engine.exec.ExecResult;
import dev.dagj.engine.exec.Mount;
import dev.dagj.engine.exec.ProcessSpec;
import dev.dagj.engine.exec.ResourceLimits;
import dev.dagj.engine.exec.RootFs;
import dev.dagj.engine.fs.FileTrees;
import dev.dagj.engine.host.HostExporter;
import dev.dagj.engine.host.HostUploader;
import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.TreeEditor;
import dev.dagj.engine.store.TreeEntry;
import dev.dagj.plugin.ContainerRecipe;
import dev.dagj.plugin.RecipeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * Runs plugin {@link ContainerRecipe}s with the engine's {@link ContainerExecutor}. No image registry is reachable, so
 * every base is built the same way: a fresh skeleton directory as the root, with {@link ContainerRecipe.Base.HostSystem}
 * adding the host's {@code /usr} and {@code /etc} read-only (the {@code /bin}, {@code /lib*}, {@code /sbin} links of a
 * merged-usr host are recreated as links). Store trees a recipe mounts read-only are materialized once per digest under
 * {@code <stateDir>/module-trees} and bound from there; cache volumes live under {@code <stateDir>/volumes/<namespace>};
 * scratch and output directories are fresh per run, and the output is read back into the store as a tree.
 */
public final class RecipeRunner {
    /** A build step that runs longer than this is killed. */
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(20);
    private static final List<String> SYSTEM_DIRS = List.of("usr", "etc");
    private static final List<String> SYSTEM_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

    private final ContentStore store;
    private final TreeEditor trees;
    private final ContainerExecutor executor;
    private final HostExporter exporter;
    private final HostUploader uploader;
    private final Path stateDir;
    private final Path hostRoot;

    public RecipeRunner(ContentStore store, ContainerExecutor executor, Path stateDir) throws EngineException {
        this(store, executor, stateDir, Path.of("/"));
    }

    RecipeRunner(ContentStore store, ContainerExecutor executor, Path stateDir, Path hostRoot) throws EngineException {
        this.store = store;
        this.trees = new TreeEditor(store);
        this.executor = executor;
        this.exporter = new HostExporter(store);
        this.uploader = new HostUploader(store, stateDir);
        this.stateDir = stateDir;
        this.hostRoot = hostRoot;
    }

    /**
     * What a recipe's module-specific mounts refer to.
     *
     * @param moduleSource  tree for {@link RecipeMount.ModuleSource}; null if the recipe may not use it
     * @param introspection bytes for {@link RecipeMount.Introspection}
     * @param generatedCode tree for {@link RecipeMount.GeneratedCode}
     * @param buildOutput   tree for {@link RecipeMount.BuildOutput}
     */
    public record Inputs(Digest moduleSource, byte[] introspection, Digest generatedCode, Digest buildOutput) {
    }

    /**
     * Runs the recipe's steps in order and returns its {@link RecipeMount.Output} directory as a stored tree. A step
     * that fails ends the run with a {@link RecipeFailedException} carrying its stderr.
     */
    public Digest build(ContainerRecipe recipe, Inputs inputs, String what) throws EngineException, InterruptedException {
        Path run = newRunDir();
        try {
            Prepared p = prepare(recipe, inputs, run, List.of());
            if (p.output == null) {
                throw new ModuleException(what + ": the plugin's recipe has no output directory");
            }
            for (ContainerRecipe.Step step : recipe.steps()) {
                SequencedMap<String, String> env = new LinkedHashMap<>(recipe.env());
                env.putAll(step.env());
                ExecResult r = executor.run(new ExecRequest(spec(step.args(), env, recipe.workdir(), Optional.of(
                        STEP_TIMEOUT)), p.root, p.mounts));
                if (!r.succeeded()) {
                    String err = r.stderr().text().strip();
                    if (err.isEmpty()) {
                        err = r.stdout().text().strip();
                    }
                    throw new RecipeFailedException(what, r.exitCode(), r.killed(), err);
                }
            }
            return uploader.uploadDirectory(p.output, List.of(), List.of(), false);
        } finally {
            FileTrees.deleteQuietly(run);
        }
    }

    /**
     * Runs a runtime container (a recipe without steps) once: its entrypoint followed by {@code args}, with extra
     * mounts and environment, in the host's network namespace (so it reaches the nested session on 127.0.0.1).
     */
    public ExecResult runRuntime(ContainerRecipe runtime, Inputs inputs, List<String> args, List<Mount> extraMounts,
            Map<String, String> extraEnv, Duration timeout) throws EngineException, InterruptedException {
        Path run = newRunDir();
        try {
            Prepared p = prepare(runtime, inputs, run, extraMounts);
            List<String> argv = new ArrayList<>(runtime.entrypoint());
            argv.addAll(args);
            if (argv.isEmpty()) {
                throw new ModuleException("the module runtime has no entrypoint");
            }
            SequencedMap<String, String> env = new LinkedHashMap<>(runtime.env());
            env.putAll(extraEnv);
            String cwd = runtime.workdir().isEmpty() ? "/" : runtime.workdir();
            return executor.run(new ExecRequest(spec(argv, env, cwd, Optional.ofNullable(timeout)), p.root, p.mounts,
                    ExecRequest.Network.HOST));
        } finally {
            FileTrees.deleteQuietly(run);
        }
    }

    private static ProcessSpec spec(List<String> args, SequencedMap<String, String> env, String cwd,
            Optional<Duration> timeout) {
        return new ProcessSpec(args, env, cwd.isEmpty() ? "/" : cwd, 0, 0, List.of(), new byte[0], "dagj",
                timeout, ResourceLimits.none());
    }

    private record Prepared(RootFs root, List<Mount> mounts, Path output) {
    }

    private Prepared prepare(ContainerRecipe recipe, Inputs in, Path run, List<Mount> extra)
            throws EngineException, InterruptedException {
        Path root = run.resolve("root");
        List<Mount> mounts = new ArrayList<>();
        skeleton(root, recipe.base(), mounts);
        Path output = null;
        int n = 0;
        for (RecipeMount m : recipe.mounts()) {
            n++;
            switch (m) {
                case RecipeMount.ModuleSource s -> mounts.add(new Mount.Bind(
                        materialize(required(in.moduleSource(), "module source")), s.path(), true));
                case RecipeMount.GeneratedCode g -> mounts.add(new Mount.Bind(
                        materialize(required(in.generatedCode(), "generated code")), g.path(), true));
                case RecipeMount.Introspection i -> {
                    if (in.introspection() == null) {
                        throw new ModuleException("the recipe mounts the API introspection where none is available");
                    }
                    Path f = run.resolve("introspection-" + n + ".json");
                    write(f, in.introspection());
                    mounts.add(new Mount.Bind(f, i.path(), true));
                }
                case RecipeMount.PluginFiles pf -> mounts.add(new Mount.Bind(pluginFiles(pf.files()), pf.path(), true));
                case RecipeMount.Cache c -> mounts.add(new Mount.Bind(volume("internal", c.key()), c.path(), false));
                case RecipeMount.HostPath h -> {
                    Path host = Path.of(h.hostPath()).toAbsolutePath().normalize();
                    if (!Files.isDirectory(host)) {
                        throw new ModuleException("the recipe mounts the host directory " + host
                                + ", which does not exist");
                    }
                    mounts.add(new Mount.Bind(host, h.path(), true));
                }
                case RecipeMount.Scratch s -> mounts.add(new Mount.Bind(mkdirs(run.resolve("scratch-" + n)), s.path(),
                        false));
                case RecipeMount.Output o -> {
                    output = mkdirs(run.resolve("output-" + n));
                    mounts.add(new Mount.Bind(output, o.path(), false));
                }
                case RecipeMount.BuildOutput b -> {
                    Path tree = materialize(required(in.buildOutput(), "build output"));
                    Path entry = tree.resolve(b.subpath()).normalize();
                    if (!entry.startsWith(tree) || !Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                        throw new ModuleException("the module's runtime build produced no " + b.subpath());
                    }
                    mounts.add(new Mount.Bind(entry, b.path(), true));
                }
            }
        }
        mounts.addAll(extra);
        return new Prepared(new RootFs.Directory(root, false), mounts, output);
    }

    private static Digest required(Digest d, String what) throws ModuleException {
        if (d == null) {
            throw new ModuleException("the recipe mounts the " + what + " where none is available");
        }
        return d;
    }

    /** A fresh root: the usual top-level directories, plus the host's system directories for a HostSystem base. */
    private void skeleton(Path root, ContainerRecipe.Base base, List<Mount> mounts) throws ModuleException {
        switch (base) {
            case ContainerRecipe.Base.Image i -> throw new ModuleException("this engine cannot pull the image "
                    + i.ref() + " for an SDK recipe: no image support in module recipes yet");
            case ContainerRecipe.Base.Scratch s -> {
            }
            case ContainerRecipe.Base.HostSystem h -> {
            }
        }
        try {
            for (String d : List.of("proc", "dev", "tmp", "root", "etc", "usr")) {
                Files.createDirectories(root.resolve(d));
            }
            if (base instanceof ContainerRecipe.Base.HostSystem) {
                for (String d : SYSTEM_DIRS) {
                    mounts.add(new Mount.Bind(hostRoot.resolve(d), "/" + d, true));
                }
                for (String l : SYSTEM_LINKS) {
                    Path host = hostRoot.resolve(l);
                    if (Files.isSymbolicLink(host)) {
                        Files.createSymbolicLink(root.resolve(l), Files.readSymbolicLink(host));
                    } else if (Files.isDirectory(host)) {
                        Files.createDirectories(root.resolve(l));
                        mounts.add(new Mount.Bind(host, "/" + l, true));
                    }
                }
            }
            mounts.add(new Mount.Tmpfs("/tmp", 0, 01777));
        } catch (IOException e) {
            throw new ModuleException("cannot prepare a container root in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The stored tree {@code tree} as a read-only host directory, written once per digest. */
    Path materialize(Digest tree) throws EngineException {
        Path dir = stateDir.resolve("module-trees").resolve(tree.hex());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = stateDir.resolve("module-trees").resolve(".tmp-" + SystemRandom.hex(16));
        exporter.exportDirectory(tree, tmp, false);
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            FileTrees.deleteQuietly(tmp);
        } catch (IOException e) {
            FileTrees.deleteQuietly(tmp);
            if (!Files.isDirectory(dir)) {
                throw new ModuleException("cannot keep the tree " + tree + " at " + dir + ": " + e.getMessage(), e);
            }
        }
        return dir;
    }

    private Path pluginFiles(Map<String, byte[]> files) throws EngineException {
        Digest tree = trees.emptyTree();
        for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(files).entrySet()) {
            byte[] bytes = f.getValue();
            Digest blob = store.putBytes(bytes);
            String path = f.getKey();
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                tree = trees.mkdirs(tree, path.substring(0, slash), 0755);
            }
            tree = trees.put(tree, path, TreeEntry.file(path.substring(slash + 1), 0644, bytes.length, blob));
        }
        return materialize(tree);
    }

    /** The host directory of cache volume {@code key} in {@code namespace}. */
    Path volume(String namespace, String key) throws ModuleException {
        Digest id = new CanonicalEncoder("dagj-volume/v1").string(namespace).string(key).digest();
        return mkdirs(stateDir.resolve("volumes").resolve(id.hex()));
    }

    private Path newRunDir() throws ModuleException {
        return mkdirs(stateDir.resolve("module-runs").resolve(SystemRandom.hex(16)));
    }

    private static Path mkdirs(Path p) throws ModuleException {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new ModuleException("cannot create " + p + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path f, byte[] bytes) throws ModuleException {
        try {
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new ModuleException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
