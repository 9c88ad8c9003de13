package dev.dagj.sdk.go;

import dev.dagj.plugin.SdkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Go toolchain on the engine's host: its GOROOT and version ({@code go1.26.8}).
 *
 * @param root    the GOROOT directory (holds {@code bin/go})
 * @param version the toolchain version, first line of {@code $GOROOT/VERSION}
 */
record GoToolchain(Path root, String version) {
    /** The setting naming the GOROOT to use. */
    static final String ROOT_SETTING = "go.root";
    /** Where a Go toolchain is usually installed. */
    static final Path STANDARD_ROOT = Path.of("/usr/local/go");

    /**
     * Finds the toolchain: the {@value #ROOT_SETTING} setting, else {@code go env GOROOT} of the {@code go} on
     * {@code PATH}, else {@code /usr/local/go}.
     */
    static GoToolchain locate(Map<String, String> settings, String path) throws SdkException {
        String explicit = settings.get(ROOT_SETTING);
        if (explicit != null && !explicit.isBlank()) {
            Path root = Path.of(explicit).toAbsolutePath().normalize();
            if (!Files.isExecutable(root.resolve("bin/go"))) {
                throw new SdkException("the Go SDK was told to use the Go toolchain at " + root + " (setting "
                        + ROOT_SETTING + "), but " + root.resolve("bin/go") + " does not exist");
            }
            return of(root);
        }
        for (String dir : path == null ? new String[0] : path.split(":")) {
            Path go = dir.isEmpty() ? null : Path.of(dir, "go");
            if (go != null && Files.isExecutable(go)) {
                Path root = installRoot(go, System.getenv("GOROOT"));
                return of(root != null ? root : goEnvRoot(go));
            }
        }
        if (Files.isExecutable(STANDARD_ROOT.resolve("bin/go"))) {
            return of(STANDARD_ROOT);
        }
        throw new SdkException("the Go SDK needs a Go toolchain (1.21 or newer) on the engine's host and found none:"
                + " no `go` on PATH and nothing at " + STANDARD_ROOT + ". Install Go (https://go.dev/dl/) or point"
                + " the engine at one with DAGJ_GO_ROOT=<GOROOT directory>");
    }

    /**
     * What {@code go env GOROOT} answers for {@code go}, without running it, in the usual case: with no
     * {@code GOROOT} in the environment, the go command takes its root from where its binary really is,
     * {@code <root>/bin/go} of an installation with a {@code VERSION} file and {@code pkg/tool}. Null when that does
     * not hold, and then the caller asks {@code go env} (a process start, ~7-10 ms of every warm module call).
     */
    static Path installRoot(Path go, String gorootEnv) {
        if (gorootEnv != null && !gorootEnv.isEmpty()) {
            return null;
        }
        try {
            Path real = go.toRealPath();
            Path bin = real.getParent();
            Path root = bin == null ? null : bin.getParent();
            if (root == null || !bin.getFileName().toString().equals("bin")
                    || !real.getFileName().toString().equals("go") || !Files.isRegularFile(root.resolve("VERSION"))
                    || !Files.isDirectory(root.resolve("pkg/tool"))) {
                return null;
            }
            return root;
        } catch (IOException e) {
            return null;
        }
    }

    private static Path goEnvRoot(Path go) throws SdkException {
        ProcessBuilder pb = new ProcessBuilder(List.of(go.toString(), "env", "GOROOT")).redirectErrorStream(true);
        pb.environment().put("GOTOOLCHAIN", "local");
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                p.destroyForcibly();
                throw new SdkException("`" + go + " env GOROOT` failed: " + out);
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElse(out)).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new SdkException("cannot run " + go + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SdkException("interrupted while running " + go, e);
        }
    }

    private static GoToolchain of(Path root) throws SdkException {
        Path versionFile = root.resolve("VERSION");
        try {
            String first = Files.readAllLines(versionFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                    .strip();
            if (!first.startsWith("go")) {
                throw new SdkException("the Go toolchain at " + root + " has no version in " + versionFile);
            }
            return new GoToolchain(root, first);
        } catch (IOException e) {
            throw new SdkException("cannot read the Go toolchain version from " + versionFile + ": " + e.getMessage(),
                    e);
        }
    }
}
