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
 * Build-time only (the {@code unsign-jars} execution in the cli pom, with ASM on its class path): rewrites the
 * distribution's jars that cost every CLI run start-up time and that the class-data archive cannot hold.
 * <ul>
 * <li>A signed jar: the JVM reads its per-entry digests and checks the signature when the first class loads from it
 * (about 40-60 ms for JGit's), and the archive leaves its classes out. It is rewritten without the signature; Maven
 * verified the jar's checksum when it downloaded it.</li>
 * <li>Class files older than Java 6 (picocli's are Java 5, about 170 classes and 50 ms a run): the archive leaves
 * them out, so they are parsed and checked by the old verifier on every run. They are rewritten as Java 8 class files
 * with stack map frames computed by ASM, their code unchanged. A frame ASM got wrong could not slip through: the
 * JVM's type-checking verifier would reject the class. A jar whose classes cannot all be rewritten is left as it
 * is.</li>
 * </ul>
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
            boolean signed = isSigned(jar);
            boolean old = hasOldClasses(jar);
            if (signed || old) {
                rewrite(jar, old ? jars : List.of());
                System.out.println("rewrote " + jar.getFileName() + (signed ? " unsigned" : "")
                        + (old ? " with Java 8 class files" : ""));
            }
        }
    }

    /** Class files before Java 6 (major version 50) have no stack map frames. */
    static boolean hasOldClasses(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile(), false)) {
            for (JarEntry e : (Iterable<JarEntry>) f.stream()::iterator) {
                if (isClass(e.getName())) {
                    try (InputStream in = f.getInputStream(e)) {
                        if (ClassUpgrade.isOld(in.readNBytes(8))) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/");
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

    /**
     * Rewrites {@code jar} in place (through a temp file and a rename) without signature files and entry digests, and,
     * when {@code classPath} is not empty, with its old class files upgraded ({@code classPath}: the jars their
     * super types come from). If a class cannot be upgraded the jar keeps its old classes.
     */
    static void rewrite(Path jar, List<Path> classPath) throws IOException {
        if (!classPath.isEmpty()) {
            try {
                write(jar, ClassUpgrade.over(classPath));
                return;
            } catch (ClassUpgrade.Failure e) {
                System.out.println("kept the old class files of " + jar.getFileName() + ": " + e.getMessage());
            }
        }
        write(jar, null);
    }

    private static void write(Path jar, ClassUpgrade upgrade) throws IOException {
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
                        if (upgrade != null && isClass(name)) {
                            out.write(upgrade.apply(name, data.readAllBytes()));
                        } else {
                            for (int n; (n = data.read(buf)) > 0; ) {
                                out.write(buf, 0, n);
                            }
                        }
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            if (upgrade != null) {
                upgrade.close();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
