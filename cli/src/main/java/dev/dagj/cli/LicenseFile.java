package dev.dagj.cli;

import dev.dagj.resolver.GoQuote;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The LICENSE file {@code dagger init --sdk} writes, as Dagger does: with no {@code --license} flag, nothing is written
 * when a license file (any of Dagger's known names) exists in the source root or a parent up to the context directory
 * (the {@code .git} root); otherwise the source root gets {@code LICENSE} with the Apache-2.0 text. An explicit
 * {@code --license=<SPDX id>} skips the search and writes that license's text; {@code --license=} writes none.
 *
 * <p>Dagger downloads license texts from spdx.org; dagj works offline and ships the texts of the common licenses
 * below. Any other identifier is an error that names it and lists the ones available.
 */
final class LicenseFile {
    static final String DEFAULT_ID = "Apache-2.0";

    /** File names Dagger recognises as an existing license (the list pkg.go.dev uses). */
    static final List<String> KNOWN_NAMES = List.of(
            "COPYING", "COPYING.md", "COPYING.markdown", "COPYING.txt",
            "LICENCE", "LICENCE.md", "LICENCE.markdown", "LICENCE.txt",
            "LICENSE", "LICENSE.md", "LICENSE.markdown", "LICENSE.txt",
            "LICENSE-2.0.txt", "LICENCE-2.0.txt", "LICENSE-APACHE", "LICENCE-APACHE",
            "LICENSE-APACHE-2.0.txt", "LICENCE-APACHE-2.0.txt", "LICENSE-MIT", "LICENCE-MIT",
            "LICENSE.MIT", "LICENCE.MIT", "LICENSE.code", "LICENCE.code", "LICENSE.docs", "LICENCE.docs",
            "LICENSE.rst", "LICENCE.rst", "MIT-LICENSE", "MIT-LICENCE", "MIT-LICENSE.md", "MIT-LICENCE.md",
            "MIT-LICENSE.markdown", "MIT-LICENCE.markdown", "MIT-LICENSE.txt", "MIT-LICENCE.txt",
            "MIT_LICENSE", "MIT_LICENCE", "UNLICENSE", "UNLICENCE");

    /** SPDX identifier (upper case) to the bundled text resource. */
    private static final Map<String, String> TEXTS = texts();

    private LicenseFile() {
    }

    private static Map<String, String> texts() {
        Map<String, String> m = new TreeMap<>();
        for (String id : List.of("Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0", "CC0-1.0",
                "Unlicense")) {
            m.put(id, id);
        }
        for (String gpl : List.of("GPL-2.0", "GPL-3.0", "LGPL-2.1", "LGPL-3.0")) {
            m.put(gpl, gpl);
            m.put(gpl + "-only", gpl);
            m.put(gpl + "-or-later", gpl);
        }
        return m;
    }

    /** The canonical SPDX identifier {@code id} stands for (case-insensitive), or empty when no text is bundled. */
    static Optional<String> canonical(String id) {
        for (String known : TEXTS.keySet()) {
            if (known.equalsIgnoreCase(id)) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    /** The license text of {@code id}; an unknown identifier is an error naming it. */
    static String text(String id) throws CliException {
        String canonical = canonical(id).orElseThrow(() -> new CliException("failed to get license "
                + GoQuote.quote(id) + ": dagj has no text for this SPDX license identifier (available: "
                + String.join(", ", TEXTS.keySet()) + ")"));
        String resource = "licenses/" + TEXTS.get(canonical) + ".txt";
        try (InputStream in = LicenseFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CliException("failed to get license " + GoQuote.quote(id) + ": " + resource
                        + " is missing from the dagj distribution");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("failed to get license " + GoQuote.quote(id) + ": " + e.getMessage(), e);
        }
    }

    /** The first existing license file in {@code sourceRoot} or a parent up to {@code contextDir}, if any. */
    static Optional<Path> find(Path sourceRoot, Path contextDir) {
        for (Path dir = sourceRoot; dir != null; dir = dir.getParent()) {
            for (String name : KNOWN_NAMES) {
                Path candidate = dir.resolve(name);
                if (Files.exists(candidate)) {
                    return Optional.of(candidate);
                }
            }
            if (dir.equals(contextDir) || !dir.startsWith(contextDir)) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Writes {@code sourceRoot/LICENSE} with {@code text}. */
    static Path write(Path sourceRoot, String text) throws CliException {
        Path file = sourceRoot.resolve("LICENSE");
        try {
            Files.createDirectories(sourceRoot);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new CliException("failed to write license " + file + ": " + e.getMessage(), e);
        }
    }
}
