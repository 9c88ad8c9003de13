package dev.dagj.engine.digest;

import java.lang.reflect.InvocationTargetException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Picks the SHA-256 backend once per process: OpenSSL's libcrypto through the FFM API ({@code OpenSslSha256}, in the
 * engine jar's Java 22 classes, {@code META-INF/versions/22}) when it loads, else the JDK's. The JDK's is used on a
 * JDK 21, without {@code libcrypto.so.3}, without {@code --enable-native-access=ALL-UNNAMED}, and when the environment
 * variable {@value #ENV} or the system property {@value #PROPERTY} is {@code 0} ({@code false}, {@code off},
 * {@code no}). Both give the same digests; under the CLI's C1-only JVM the native one is about ten times faster.
 */
final class Sha256Backends {
    static final String ENV = "DAGJ_NATIVE_DIGEST";
    static final String PROPERTY = "dagj.native.digest";
    static final String NATIVE_CLASS = "dev.dagj.engine.digest.OpenSslSha256";

    private Sha256Backends() {
    }

    /** The backend the process settings ask for; see the class comment. Never fails: the JDK's is the fallback. */
    static Sha256Backend fromEnvironment() {
        return choose(System.getenv(ENV), System.getProperty(PROPERTY), NATIVE_CLASS);
    }

    /**
     * The native backend from {@code nativeClass} (its static {@code open()}), unless {@code envValue} or
     * {@code propertyValue} (either may be null) turns it off or it is unavailable; then the JDK's, whose description
     * says why.
     */
    static Sha256Backend choose(String envValue, String propertyValue, String nativeClass) {
        if (isOff(propertyValue)) {
            return new Jdk("native SHA-256 turned off by -D" + PROPERTY + "=" + propertyValue);
        }
        if (propertyValue == null && isOff(envValue)) {
            return new Jdk("native SHA-256 turned off by " + ENV + "=" + envValue);
        }
        Class<?> c;
        try {
            c = Class.forName(nativeClass, true, Sha256Backends.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return new Jdk("native SHA-256 needs Java 22 or newer and the engine's multi-release jar (running on Java "
                    + Runtime.version().feature() + ")");
        }
        try {
            return (Sha256Backend) c.getDeclaredMethod("open").invoke(null);
        } catch (InvocationTargetException e) {
            Throwable why = e.getCause();
            return new Jdk("native SHA-256 unavailable: " + (why instanceof Sha256Backend.Unavailable
                    ? why.getMessage() : String.valueOf(why)));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Jdk("native SHA-256 unavailable: " + e);
        }
    }

    private static boolean isOff(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("0") || v.equals("false") || v.equals("off") || v.equals("no");
    }

    /**
     * The plain-Java SHA-256 ({@link JavaSha256}), for the small inputs a run hashes before it has bulk: unlike the
     * JDK's, it needs none of the JDK's security providers, whose set-up costs a short-lived CLI JVM 30-60 ms. Under
     * C1 it hashes about as fast as the JDK's; with C2 the JDK's is intrinsified, so bulk without the native backend
     * stays on the JDK's.
     */
    static final class PlainJava implements Sha256Backend {
        @Override
        public MessageDigest newDigest() {
            return new JavaSha256();
        }

        @Override
        public byte[] digest(byte[] data, int offset, int length) {
            return dev.dagj.plugin.Sha256.of(data, offset, length);
        }

        @Override
        public String description() {
            return "plain-Java SHA-256 (before bulk input)";
        }
    }

    /** The JDK's SHA-256 ({@code MessageDigest.getInstance("SHA-256")}). */
    static final class Jdk implements Sha256Backend {
        private final String why;

        Jdk(String why) {
            this.why = why;
        }

        @Override
        public MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }

        @Override
        public byte[] digest(byte[] data, int offset, int length) {
            MessageDigest md = newDigest();
            md.update(data, offset, length);
            return md.digest();
        }

        @Override
        public String description() {
            return "JDK SHA-256 (" + why + ")";
        }
    }
}
