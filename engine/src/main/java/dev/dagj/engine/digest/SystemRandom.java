package dev.dagj.engine.digest;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random bytes from the kernel ({@code /dev/urandom}, the source the JDK's default {@code SecureRandom} reads on
 * Linux too), for session tokens, container names and unique temporary names. Read directly, they cost no
 * initialisation of the JDK's security providers: in the CLI's C1-only JVM that takes 30-60 ms, and a warm
 * {@code dagger call} would pay it on its critical path just to name a staging directory. Where {@code /dev/urandom}
 * cannot be read, a {@link SecureRandom} is used instead.
 */
public final class SystemRandom {
    private static final String DEVICE = "/dev/urandom";
    private static InputStream urandom;
    private static SecureRandom fallback;

    private SystemRandom() {
    }

    /** {@code n} random bytes. */
    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        synchronized (SystemRandom.class) {
            if (fallback == null) {
                try {
                    if (urandom == null) {
                        urandom = new FileInputStream(DEVICE);
                    }
                    if (urandom.readNBytes(b, 0, n) == n) {
                        return b;
                    }
                } catch (IOException e) {
                    // fall through to the JDK's generator
                }
                fallback = new SecureRandom();
            }
            fallback.nextBytes(b);
        }
        return b;
    }

    /** {@code n} random bytes as 2n lowercase hex digits. */
    public static String hex(int n) {
        return HexFormat.of().formatHex(bytes(n));
    }
}
