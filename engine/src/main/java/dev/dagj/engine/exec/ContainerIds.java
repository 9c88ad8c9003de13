package dev.dagj.engine.exec;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Container and run-dir names: {@value #PREFIX} plus 16 random hex digits, so stale ones are recognizable. */
final class ContainerIds {
    static final String PREFIX = "dagj-";
    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return PREFIX + HexFormat.of().formatHex(b);
    }

    static boolean isOurs(String id) {
        return id.startsWith(PREFIX);
    }
}
