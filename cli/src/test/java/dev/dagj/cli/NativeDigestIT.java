package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dagj.cli.DistLauncher.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native SHA-256 (OpenSSL through the FFM API, in the engine jar's Java 22 classes) in the real distribution: the
 * jar keeps its versioned classes, the launcher grants native access (no JVM warning on stderr), {@code version -v}
 * names the implementation, {@code DAGJ_NATIVE_DIGEST=0} turns it off, and an upload large enough to switch to it
 * gives the same digests as the JDK's.
 */
class NativeDigestIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private static void assumeNativeCanWork() {
        assumeTrue(Runtime.version().feature() >= 22, "the native SHA-256 needs Java 22");
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3")), "no libcrypto.so.3");
    }

    @Test
    void theDistributionsEngineJarIsMultiReleaseWithTheNativeClasses() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "a JDK 21 build has no Java 22 classes");
        Path lib = DistLauncher.launcher().getParent().resolveSibling("lib");
        Path engine;
        try (Stream<Path> jars = Files.list(lib)) {
            engine = jars.filter(p -> p.getFileName().toString().startsWith("engine-")).findFirst().orElseThrow();
        }
        try (JarFile jar = new JarFile(engine.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(jar.getEntry("META-INF/versions/22/dev/dagj/engine/digest/OpenSslSha256.class")).isNotNull();
        }
    }

    @Test
    void versionVerboseNamesTheNativeDigestAndTheEnvironmentVariableTurnsItOff() throws Exception {
        assumeNativeCanWork();
        Result on = DistLauncher.dagger(tmp, tmp.resolve("state"), "", TIMEOUT, "version", "-v");
        assertThat(on.exit()).as(on.err()).isZero();
        assertThat(on.err()).as("one line and no JVM warning").matches(
                "sha256: native SHA-256 \\(OpenSSL 3[^\\n]*, libcrypto\\.so\\.3\\)\\n");

        Result off = DistLauncher.run(DistLauncher.builder(tmp, tmp.resolve("state"),
                Map.of("DAGJ_NATIVE_DIGEST", "0"), List.of(DistLauncher.launcher().toString(), "version", "-v")),
                "", TIMEOUT);
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(off.err()).isEqualTo("sha256: JDK SHA-256 (native SHA-256 turned off by DAGJ_NATIVE_DIGEST=0)\n");
    }

    @Test
    void aBulkUploadGivesTheSameDigestsWithTheNativeAndTheJdkSha256() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Random rnd = new Random(11);
        List<byte[]> files = new ArrayList<>();
        for (int size : new int[] {20 << 20, (1 << 20) + 3, 70_000, 100, 0}) {
            byte[] b = new byte[size];
            rnd.nextBytes(b);
            files.add(b);
            Files.write(tree.resolve("f" + size), b);
        }
        for (int i = 0; i < 200; i++) {
            Files.writeString(tree.resolve("small" + i + ".txt"), "small file " + i);
        }
        StringBuilder q = new StringBuilder("{ host { directory(path: \"" + tree + "\") { digest");
        for (byte[] b : files) {
            q.append(" f").append(b.length).append(": file(path: \"f").append(b.length)
                    .append("\") { digest(excludeMetadata: true) }");
        }
        q.append(" } } }");

        Result nativeRun = DistLauncher.dagger(tmp, tmp.resolve("state-native"), q.toString(), TIMEOUT, "query");
        Result jdkRun = DistLauncher.run(DistLauncher.builder(tmp, tmp.resolve("state-jdk"),
                Map.of("DAGJ_NATIVE_DIGEST", "0"), List.of(DistLauncher.launcher().toString(), "query")),
                q.toString(), TIMEOUT);

        assertThat(nativeRun.exit()).as(nativeRun.err()).isZero();
        assertThat(nativeRun.err()).as("no JVM warning").isEmpty();
        assertThat(jdkRun.exit()).as(jdkRun.err()).isZero();
        assertThat(nativeRun.out()).isEqualTo(jdkRun.out());
        for (byte[] b : files) {
            String sha = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
            assertThat(nativeRun.out()).as("blob of f%d", b.length).contains("\"digest\": \"" + sha + "\"");
        }
    }
}
