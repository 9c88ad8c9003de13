package dev.dagj.engine.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which SHA-256 backend a process picks: the native one unless it is turned off or cannot load, and then the JDK's,
 * with a description saying why, and never a failure or a JVM warning.
 */
class Sha256BackendsTest {
    @Test
    void theEnvironmentVariableTurnsTheNativeBackendOff() {
        for (String off : List.of("0", "false", "off", "no", " OFF ")) {
            Sha256Backend b = Sha256Backends.choose(off, null, Sha256Backends.NATIVE_CLASS);
            assertThat(b).isInstanceOf(Sha256Backends.Jdk.class);
            assertThat(b.description()).isEqualTo("JDK SHA-256 (native SHA-256 turned off by DAGJ_NATIVE_DIGEST="
                    + off + ")");
        }
    }

    @Test
    void theSystemPropertyTurnsItOffAndOverridesTheEnvironment() {
        Sha256Backend off = Sha256Backends.choose(null, "false", Sha256Backends.NATIVE_CLASS);
        assertThat(off.description()).isEqualTo("JDK SHA-256 (native SHA-256 turned off by -Ddagj.native.digest=false)");
        Sha256Backend on = Sha256Backends.choose("0", "1", "dev.dagj.engine.digest.NoSuchBackend");
        assertThat(on.description()).as("the property says on, so the class is looked up")
                .contains("needs Java 22 or newer");
    }

    @Test
    void aMissingNativeClassFallsBackToTheJdk() throws Exception {
        Sha256Backend b = Sha256Backends.choose(null, null, "dev.dagj.engine.digest.NoSuchBackend");
        assertThat(b).isInstanceOf(Sha256Backends.Jdk.class);
        assertThat(b.description()).startsWith("JDK SHA-256 (native SHA-256 needs Java 22 or newer");
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(java.util.HexFormat.of().formatHex(b.digest(abc, 0, 3)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aNativeClassThatCannotOpenFallsBackWithItsReason() {
        Sha256Backend b = Sha256Backends.choose(null, null, Unopenable.class.getName());
        assertThat(b.description()).isEqualTo("JDK SHA-256 (native SHA-256 unavailable: no libfoo.so.9 here)");
    }

    /** A stand-in native backend whose {@code open()} always reports it unavailable. */
    static final class Unopenable {
        static Sha256Backend open() throws Sha256Backend.Unavailable {
            throw new Sha256Backend.Unavailable("no libfoo.so.9 here");
        }
    }

    /**
     * A real child JVM on the engine's classes (the Java 22 ones included): with native access the native backend
     * loads; with {@code DAGJ_NATIVE_DIGEST=0}, or without {@code --enable-native-access}, the JDK's is used, and in
     * every case the JVM prints nothing on stderr (JDK 24+ warns when a restricted method is called without it).
     */
    @Test
    void aChildJvmPicksByItsFlagsAndEnvironmentAndPrintsNoWarning() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "the native SHA-256 needs Java 22");
        Path classes = Path.of(Digest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path tests = Path.of(Sha256BackendsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String cp = tests + File.pathSeparator + classes + File.pathSeparator
                + classes.resolve("META-INF/versions/22");
        String withAccess = run(List.of(), cp, true, Map.of());
        assertThat(withAccess).startsWith("native SHA-256 (OpenSSL 3");
        assertThat(run(List.of(), cp, true, Map.of("DAGJ_NATIVE_DIGEST", "0")))
                .isEqualTo("JDK SHA-256 (native SHA-256 turned off by DAGJ_NATIVE_DIGEST=0)");
        assertThat(run(List.of(), cp, false, Map.of())).isEqualTo(
                "JDK SHA-256 (native SHA-256 unavailable: native access is not enabled"
                        + " (java --enable-native-access=ALL-UNNAMED))");
    }

    /**
     * A machine without a usable {@code libcrypto.so.3}: a child JVM in a private mount namespace where the library is
     * hidden behind {@code /dev/null} (needs root and {@code unshare}) hashes a bulk input with the JDK's, correctly,
     * and prints nothing on stderr.
     */
    @Test
    void withoutTheLibraryAChildJvmFallsBackToTheJdk() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "the native SHA-256 needs Java 22");
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3");
        assumeTrue(Files.exists(lib), "no " + lib + " to hide");
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "hiding the library needs root and unshare");
        Path classes = Path.of(Digest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path tests = Path.of(Sha256BackendsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String cp = tests + File.pathSeparator + classes + File.pathSeparator
                + classes.resolve("META-INF/versions/22");
        List<String> hidden = List.of("/usr/bin/unshare", "-m", "sh", "-c",
                "mount --bind /dev/null " + lib + " && exec \"$0\" \"$@\"");
        assertThat(run(hidden, cp, true, Map.of())).isEqualTo("JDK SHA-256 (native SHA-256 unavailable: cannot load "
                + "libcrypto.so.3 (Debian package libssl3): Cannot open library: libcrypto.so.3)");
    }

    /**
     * Runs {@link Sha256Probe} in a child JVM (its command after {@code prefix}); returns its one stdout line, after
     * checking stderr is empty.
     */
    private static String run(List<String> prefix, String cp, boolean nativeAccess, Map<String, String> env)
            throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        if (nativeAccess) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", cp, Sha256Probe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DAGJ_NATIVE_DIGEST");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(err).as("stderr of %s", cmd).isEmpty();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
