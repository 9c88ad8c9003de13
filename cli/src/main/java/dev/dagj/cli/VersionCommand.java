package dev.dagj.cli;

import dev.dagj.engine.Engine;
import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code dagger version}: {@code dagger v0.19.11 (embedded dagj 0.1.0) linux/amd64}, i.e. Dagger's
 * {@code dagger <version> (<runner host>) <os>/<arch>} with the embedded engine as the runner. With {@code -v}, a
 * second line on stderr says which SHA-256 implementation bulk hashing uses ({@code sha256: native SHA-256 (...)}).
 */
@Command(name = "version", description = "Print the dagger version.")
final class VersionCommand implements Callable<Integer> {
    private final DaggerCommand root;

    VersionCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        root.trace().mark("command parsed");
        root.invocation().out().println(line(projectVersion(), System.getProperty("os.name"),
                System.getProperty("os.arch")));
        if (root.verbose.length > 0) {
            // which SHA-256 uploads and blobs are hashed with (loads the native one to find out)
            root.invocation().err().println("sha256: " + Digest.sha256Implementation());
        }
        return 0;
    }

    static String line(String dagjVersion, String osName, String osArch) {
        return "dagger " + Engine.DAGGER_VERSION + " (embedded dagj " + dagjVersion + ") " + os(osName) + "/"
                + arch(osArch);
    }

    /** The dagj version the build stamped into {@code version.properties}. */
    static String projectVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String os(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("mac") || n.startsWith("darwin")) {
            return "darwin";
        }
        if (n.startsWith("windows")) {
            return "windows";
        }
        return n.replace(' ', '_');
    }

    /** Go's GOARCH names for the JVM's os.arch values. */
    private static String arch(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
    }
}
