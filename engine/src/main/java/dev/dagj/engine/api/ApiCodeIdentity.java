package dev.dagj.engine.api;

import dev.dagj.engine.digest.CanonicalEncoder;
import dev.dagj.engine.digest.Digest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Identifies the code an API schema is built from (the engine's jar, which holds the SDL and the scalars, and
 * graphql-java's, which introspects it), so that what is derived from the schema alone, its introspection, can be kept
 * on disk between runs. A jar is identified by its path, size and modification time, as the upload stat cache does:
 * rebuilding or replacing either jar gives another identity. Code loaded from a directory (a development build) has
 * no identity: its classes can change without the directory showing it, so nothing is kept for it.
 */
final class ApiCodeIdentity {
    private static final String DOMAIN = "dagj-api-code/v1";

    private ApiCodeIdentity() {
    }

    /** The identity of the jars {@link GraphqlApi} and graphql-java run from, or null when one is not a jar. */
    static Digest current() {
        return of(List.of(location(GraphqlApi.class), location(graphql.GraphQL.class)));
    }

    /** The identity of these code locations, or null when one is missing or not a regular file. */
    static Digest of(List<Path> jars) {
        CanonicalEncoder e = new CanonicalEncoder(DOMAIN);
        for (Path jar : jars) {
            if (jar == null) {
                return null;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(jar, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e1) {
                return null;
            }
            if (!a.isRegularFile()) {
                return null;
            }
            e.string(jar.toAbsolutePath().normalize().toString()).number(a.size())
                    .number(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
        return e.digest();
    }

    private static Path location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
