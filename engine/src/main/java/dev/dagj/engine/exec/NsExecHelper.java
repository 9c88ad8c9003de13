package dev.dagj.engine.exec;

import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sandbox wrapper as one small native program, {@code dagj-nsexec} (source: the resource {@code nsexec.c}): it
 * enters a private mount namespace, mounts the run's overlays, sets the nofile limit, opens bwrap's status file as
 * fd 3, creates the "started" marker and execs the runtime. That is one program start where the shell wrapper
 * needs three ({@code unshare}, {@code sh}, {@code mount}); measured, it brings an overlay-rooted bwrap run within
 * about a millisecond of a bare bwrap on a plain directory (bench/RESULTS.md).
 *
 * <p>It is compiled on first use with the host's C compiler ({@code cc} or {@code gcc}; statically when the C library
 * allows it) into {@code <stateDir>/bin/dagj-nsexec-<source digest>}, atomically, so concurrent engines on one state
 * dir agree and a changed source gets a new file. Without a compiler, or if the build or its self-check fails,
 * {@link #binary} is empty, {@link #problem} says why, and the executors use the shell wrapper.
 */
final class NsExecHelper {
    private static final String RESOURCE = "nsexec.c";
    private static final ConcurrentMap<Path, NsExecHelper> BY_STATE_DIR = new ConcurrentHashMap<>();

    private final Path binDir;
    private final Map<String, String> env;
    private boolean done;
    private Optional<Path> binary = Optional.empty();
    private String problem = "";

    private NsExecHelper(Path binDir, Map<String, String> env) {
        this.binDir = binDir;
        this.env = env;
    }

    /** The helper of {@code stateDir}, shared by every executor of this JVM on it. */
    static NsExecHelper forStateDir(Path stateDir) {
        return BY_STATE_DIR.computeIfAbsent(stateDir.toAbsolutePath().normalize(),
                d -> new NsExecHelper(d.resolve("bin"), System.getenv()));
    }

    /** The compiled helper, building it on the first call; empty if it cannot be built ({@link #problem}). */
    synchronized Optional<Path> binary() {
        if (!done) {
            done = true;
            try {
                binary = Optional.of(build());
            } catch (IOException e) {
                problem = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
                problem = "interrupted while building dagj-nsexec";
            }
        }
        return binary;
    }

    /** Why {@link #binary} is empty (blank when it is not, or before the first call). */
    synchronized String problem() {
        return problem;
    }

    private Path build() throws IOException, InterruptedException {
        byte[] source;
        try (InputStream in = NsExecHelper.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the resource " + RESOURCE + " is missing from the engine's jar");
            }
            source = in.readAllBytes();
        }
        Path target = binDir.resolve("dagj-nsexec-" + digest(source));
        if (Files.isExecutable(target)) {
            return target;
        }
        Optional<Path> cc = compiler();
        if (cc.isEmpty()) {
            throw new IOException("no C compiler (cc or gcc) to build dagj-nsexec; using the unshare/sh/mount wrapper"
                    + " (apt-get install gcc libc6-dev makes execs faster)");
        }
        Files.createDirectories(binDir);
        String tmpName = ".dagj-nsexec-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path src = binDir.resolve(tmpName + ".c");
        Path tmp = binDir.resolve(tmpName);
        try {
            Files.write(src, source);
            HostCommand r = compile(cc.get(), src, tmp, true);
            if (!r.ok()) {
                r = compile(cc.get(), src, tmp, false);
            }
            if (!r.ok()) {
                throw new IOException("building dagj-nsexec with " + cc.get() + " failed: " + r.output());
            }
            selfCheck(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(tmp);
        }
    }

    private static HostCommand compile(Path cc, Path src, Path out, boolean statically) throws IOException {
        List<String> argv = new ArrayList<>(List.of(cc.toString(), "-O2", "-Wall"));
        if (statically) {
            argv.add("-static");
        }
        argv.addAll(List.of("-o", out.toString(), src.toString()));
        try {
            return HostCommand.run(argv);
        } catch (ExecException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Runs the fresh binary with no program: it must print its usage line and exit 125. */
    private static void selfCheck(Path binary) throws IOException {
        HostCommand r;
        try {
            r = HostCommand.run(List.of(binary.toString()));
        } catch (ExecException e) {
            throw new IOException("the freshly built " + binary + " does not run: " + e.getMessage(), e);
        }
        if (r.exitCode() != 125 || !r.output().startsWith("dagj-nsexec: ")) {
            throw new IOException("the freshly built " + binary + " does not behave (exit " + r.exitCode() + "): "
                    + r.output());
        }
    }

    private Optional<Path> compiler() {
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
        for (String name : List.of("cc", "gcc")) {
            for (String d : dirs) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                    return Optional.of(Path.of(d, name));
                }
            }
        }
        return Optional.empty();
    }

    private static String digest(byte[] bytes) {
        return Digest.of(bytes).hex().substring(0, 16);
    }
}
