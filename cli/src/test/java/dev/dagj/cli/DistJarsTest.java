package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistJarsTest {
    @TempDir
    Path tmp;

    @Test
    void aSignedJarLosesItsSignatureAndKeepsItsContent() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Implementation-Title", "lib");
        Attributes digest = new Attributes();
        digest.putValue("SHA-256-Digest", "abc=");
        m.getEntries().put("a/A.class", digest);
        Path jar = tmp.resolve("lib.jar");
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f, m)) {
            put(out, "META-INF/LIB.SF", "sig");
            put(out, "META-INF/LIB.RSA", "rsa");
            put(out, "META-INF/maven/lib/pom.properties", "v=1");
            put(out, "a/A.class", "bytes");
        }
        assertThat(DistJars.isSigned(jar)).isTrue();

        DistJars.main(new String[] {tmp.toString()});

        assertThat(DistJars.isSigned(jar)).isFalse();
        try (JarFile f = new JarFile(jar.toFile())) {
            assertThat(f.getManifest().getMainAttributes().getValue("Implementation-Title")).isEqualTo("lib");
            assertThat(f.getManifest().getEntries()).isEmpty();
            assertThat(new String(f.getInputStream(f.getEntry("a/A.class")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("bytes");
            assertThat(f.getEntry("META-INF/maven/lib/pom.properties")).isNotNull();
            assertThat(f.getEntry("META-INF/LIB.SF")).isNull();
        }
        assertThat(tmp.resolve("lib.jar.unsigning")).doesNotExist();
    }

    /**
     * picocli's Java 5 classes come out as Java 8 class files that the type-checking verifier accepts (every class is
     * loaded and initialised, which links and verifies it), and a command still parses.
     */
    @Test
    void picocliIsUpgradedToClassFilesTheVerifierAccepts() throws Exception {
        Path original = Path.of(picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = Files.copy(original, tmp.resolve("picocli.jar"));
        assertThat(DistJars.hasOldClasses(jar)).isTrue();

        DistJars.main(new String[] {tmp.toString()});

        assertThat(DistJars.hasOldClasses(jar)).isFalse();
        int classes = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader()); JarFile f = new JarFile(jar.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) f.stream()::iterator) {
                String n = e.getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
                    Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), true, loader);
                    classes++;
                }
            }
            Class<?> spec = Class.forName("picocli.CommandLine$Model$CommandSpec", true, loader);
            Object s = spec.getMethod("create").invoke(null);
            Class<?> option = Class.forName("picocli.CommandLine$Model$OptionSpec", true, loader);
            Object builder = option.getMethod("builder", String[].class).invoke(null, (Object) new String[] {"-x"});
            spec.getMethod("addOption", option).invoke(s, builder.getClass().getMethod("build").invoke(builder));
            Class<?> cl = Class.forName("picocli.CommandLine", true, loader);
            Object commandLine = cl.getConstructor(Object.class).newInstance(s);
            Object parsed = cl.getMethod("parseArgs", String[].class).invoke(commandLine, (Object) new String[] {"-x"});
            assertThat(parsed.getClass().getMethod("hasMatchedOption", String.class).invoke(parsed, "-x"))
                    .isEqualTo(true);
        }
        assertThat(classes).isGreaterThan(100);
    }

    @Test
    void signatureFilesAreOnlyThoseJarSigningAdds() {
        assertThat(DistJars.isSignatureFile("META-INF/ECLIPSE_.SF")).isTrue();
        assertThat(DistJars.isSignatureFile("META-INF/ECLIPSE_.RSA")).isTrue();
        assertThat(DistJars.isSignatureFile("META-INF/SIG-X")).isTrue();
        assertThat(DistJars.isSignatureFile("META-INF/MANIFEST.MF")).isFalse();
        assertThat(DistJars.isSignatureFile("META-INF/maven/x/y.SF")).isFalse();
        assertThat(DistJars.isSignatureFile("x/Y.RSA")).isFalse();
    }

    private static void put(JarOutputStream out, String name, String content) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
