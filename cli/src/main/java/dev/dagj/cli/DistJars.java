package dev.dagj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Build-time only (the {@code unsign-jars} execution in the cli pom): rewrites each signed jar of the distribution's
 * {@code lib/} without its signature. A signed jar costs every CLI run: the JVM reads its per-entry digests and checks
 * the signature when the first class loads from it (about 40-60 ms for JGit's), and class-data archives leave classes
 * of signed jars out, so they load from the jar every time. Maven already verified each jar's checksum when it
 * downloaded it; the classes and resources are copied unchanged.
 */
public final class DistJars {
    private DistJars() {
    }

    /** {@code args[0]}: the distribution's lib directory. */
    public static void main(String[] args) throws IOException {
        Path lib = Path.of(args[0]);
        List<Path> jars;
        try (Stream<Path> s = Files.list(lib)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            if (isSigned(jar)) {
                unsign(jar);
                System.out.println("unsigned " + jar.getFileName());
            }
        }
    }

    static boolean isSigned(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile(), false)) {
            return f.stream().anyMatch(e -> isSignatureFile(e.getName()));
        }
    }

    /** {@code META-INF/*.SF}, {@code .RSA}, {@code .DSA}, {@code .EC} and {@code SIG-*}: what jar signing adds. */
    static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC")
                || n.startsWith("META-INF/SIG-");
    }

    /** Rewrites {@code jar} in place (through a temp file and a rename) without signature files and entry digests. */
    static void unsign(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigning");
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            Manifest manifest = in.getManifest();
            Manifest main = new Manifest();
            if (manifest != null) {
                main.getMainAttributes().putAll(manifest.getMainAttributes());
            }
            if (main.getMainAttributes().getValue(Attributes.Name.MANIFEST_VERSION) == null) {
                main.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            }
            List<JarEntry> entries = new ArrayList<>(in.stream().toList());
            try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file, main)) {
                byte[] buf = new byte[64 * 1024];
                for (JarEntry e : entries) {
                    String name = e.getName();
                    if (isSignatureFile(name) || name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    JarEntry copy = new JarEntry(name);
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    try (InputStream data = in.getInputStream(e)) {
                        for (int n; (n = data.read(buf)) > 0; ) {
                            out.write(buf, 0, n);
                        }
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
