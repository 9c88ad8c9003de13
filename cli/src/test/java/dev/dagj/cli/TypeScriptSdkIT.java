package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.cli.DistLauncher.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official TypeScript SDK ({@code @dagger.io/dagger} from npm, unmodified) against the real launcher, in both ways
 * a client finds an engine: inside {@code dagger run} (DAGGER_SESSION_PORT/TOKEN) and by starting
 * {@code dagger session} itself through {@code _EXPERIMENTAL_DAGGER_CLI_BIN}. The checks live in
 * {@code sdk-check.mjs}. The packages are installed once per version under {@code ~/.cache/dagj-test/npm-<version>}
 * (or {@code $DAGJ_TEST_CACHE}) and reused; without the npm registry this test fails, it does not skip.
 */
class TypeScriptSdkIT {
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> SCRIPTS = List.of("sdk-check.mjs", "sdk-container.mjs", "sdk-module.mjs");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "@dagger.io/dagger {0} via {1}")
    @CsvSource({"0.19.11, dagger run", "0.19.11, dagger session", "0.21.9, dagger run", "0.21.9, dagger session"})
    void sdkBuildsReadsReloadsAndExports(String version, String mode) throws Exception {
        Path sdk = installedSdk(version);
        Path script = sdk.resolve("dagj-sdk-check.mjs");
        Path work = fixture();
        Path out = Files.createDirectories(tmp.resolve("out"));
        String launcher = DistLauncher.launcher().toString();

        List<String> command = new ArrayList<>();
        Map<String, String> env;
        if (mode.equals("dagger run")) {
            command.addAll(List.of(launcher, "run", "node", script.toString()));
            env = Map.of("DAGJ_OUT", out.toString());
        } else {
            command.addAll(List.of("node", script.toString()));
            env = Map.of("DAGJ_OUT", out.toString(), "_EXPERIMENTAL_DAGGER_CLI_BIN", launcher);
        }
        Result r = DistLauncher.run(DistLauncher.builder(work, tmp.resolve("state"), env, command), "", NODE_TIMEOUT);

        assertThat(r.exit()).as("node exit code; stdout:%n%s%nstderr:%n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("sdk-check ok (@dagger.io/dagger " + version + ")");
    }

    /**
     * A container pipeline (sdk-container.mjs): the SDK seeds a real docker-registry on loopback with a busybox image
     * built from a host directory, pulls it back, runs an exec with a mounted directory, a cache volume, a secret and
     * a file with an owner, checks an ExecError, exports a directory, publishes the result (which keeps the owner)
     * and redirects an exec's stdout into a file.
     */
    @ParameterizedTest(name = "container pipeline, @dagger.io/dagger {0} via {1}")
    @CsvSource({"0.19.11, dagger run", "0.21.9, dagger session"})
    void sdkRunsAContainerPipeline(String version, String mode) throws Exception {
        Path sdk = installedSdk(version);
        Path script = sdk.resolve("dagj-sdk-container.mjs");
        Path work = Files.createDirectories(tmp.resolve("work"));
        BusyboxRootfs.create(work.resolve("rootfs"));
        Files.createDirectories(work.resolve("src"));
        Files.writeString(work.resolve("src/hello.txt"), "hello from the host\n");
        Path out = Files.createDirectories(tmp.resolve("out"));
        String launcher = DistLauncher.launcher().toString();
        try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("registry"))) {
            List<String> command = new ArrayList<>();
            Map<String, String> env;
            if (mode.equals("dagger run")) {
                command.addAll(List.of(launcher, "run", "node", script.toString()));
                env = Map.of("DAGJ_OUT", out.toString(), "DAGJ_REGISTRY", registry.address());
            } else {
                command.addAll(List.of("node", script.toString()));
                env = Map.of("DAGJ_OUT", out.toString(), "DAGJ_REGISTRY", registry.address(),
                        "_EXPERIMENTAL_DAGGER_CLI_BIN", launcher);
            }
            Result r = DistLauncher.run(DistLauncher.builder(work, tmp.resolve("state"), env, command), "",
                    NODE_TIMEOUT);
            assertThat(r.exit()).as("node exit code; stdout:%n%s%nstderr:%n%s", r.out(), r.err()).isZero();
            assertThat(r.out()).contains("sdk-container ok (@dagger.io/dagger " + version + ")");
        }
    }

    /**
     * {@code Module.serve} (sdk-module.mjs): the SDK loads the example Go module with
     * {@code dag.moduleSource(path).asModule().serve()}, then its own raw GraphQL client calls the module's functions
     * through the session's extended schema.
     */
    @ParameterizedTest(name = "Module.serve, @dagger.io/dagger {0} via {1}")
    @CsvSource({"0.19.11, dagger run", "0.21.9, dagger session"})
    void sdkServesAModuleInItsSession(String version, String mode) throws Exception {
        Path sdk = installedSdk(version);
        Path script = sdk.resolve("dagj-sdk-module.mjs");
        Path module = tmp.resolve("showcase");
        ModuleFixtures.copyTree(Path.of(System.getProperty("dagj.repo.root"), "daggerverse-examples", "showcase"),
                module);
        Path work = Files.createDirectories(tmp.resolve("work"));
        String launcher = DistLauncher.launcher().toString();
        List<String> command = new ArrayList<>();
        Map<String, String> env;
        if (mode.equals("dagger run")) {
            command.addAll(List.of(launcher, "run", "node", script.toString()));
            env = Map.of("DAGJ_MODULE", module.toString());
        } else {
            command.addAll(List.of("node", script.toString()));
            env = Map.of("DAGJ_MODULE", module.toString(), "_EXPERIMENTAL_DAGGER_CLI_BIN", launcher);
        }
        Result r = DistLauncher.run(DistLauncher.builder(work, tmp.resolve("state"), env, command), "",
                Duration.ofMinutes(10));

        assertThat(r.exit()).as("node exit code; stdout:%n%s%nstderr:%n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("sdk-module ok (@dagger.io/dagger " + version + ")");
    }

    /** A work directory with {@code fixture/}: files to keep, an excluded directory and an excluded *.log file. */
    private Path fixture() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path f = work.resolve("fixture");
        Files.createDirectories(f.resolve("skip"));
        Files.createDirectories(f.resolve("nested"));
        Files.writeString(f.resolve("keep.txt"), "keep\n");
        Files.writeString(f.resolve("debug.log"), "log\n");
        Files.writeString(f.resolve("skip/x.txt"), "x\n");
        Files.writeString(f.resolve("nested/n.txt"), "nested\n");
        return work;
    }

    /** The SDK installed under the cache directory (installing it on first use), with the check script beside it. */
    private static synchronized Path installedSdk(String version) throws Exception {
        Path cache = cacheDir();
        Files.createDirectories(cache);
        Path dir = cache.resolve("npm-" + version);
        if (!version.equals(installedVersion(dir))) {
            install(cache, dir, version);
        }
        for (String name : SCRIPTS) {
            Path script = Files.createTempFile(dir, "check", ".tmp");
            try (InputStream in = TypeScriptSdkIT.class.getResourceAsStream(name)) {
                assertThat(in).as("test resource " + name).isNotNull();
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(script, dir.resolve("dagj-" + name), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        return dir;
    }

    private static void install(Path cache, Path dir, String version) throws Exception {
        Path staging = Files.createTempDirectory(cache, "npm-" + version + ".staging-");
        Files.writeString(staging.resolve("package.json"), "{\"name\":\"dagj-sdk-test\",\"private\":true}\n");
        ProcessBuilder pb = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                "@dagger.io/dagger@" + version).directory(staging.toFile());
        Result r;
        try {
            r = DistLauncher.run(pb, "", NPM_TIMEOUT);
        } catch (IOException e) {
            throw new AssertionError("cannot run npm (" + e.getMessage() + "): the TypeScript SDK tests need node and"
                    + " npm (./run-tests installs them) and the npm registry", e);
        }
        if (r.exit() != 0 || !version.equals(installedVersion(staging))) {
            fail("npm install @dagger.io/dagger@%s failed (exit %d): the TypeScript SDK tests need the npm registry."
                    + "%nstdout:%n%s%nstderr:%n%s", version, r.exit(), r.out(), r.err());
        }
        deleteTree(dir);
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            deleteTree(staging); // another run installed it meanwhile
        }
    }

    private static String installedVersion(Path dir) throws IOException {
        Path pkg = dir.resolve("node_modules/@dagger.io/dagger/package.json");
        if (!Files.isRegularFile(pkg)) {
            return null;
        }
        return new ObjectMapper().readTree(pkg.toFile()).path("version").asText(null);
    }

    private static Path cacheDir() {
        String explicit = System.getenv("DAGJ_TEST_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("dagj-test");
    }


    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
