package dev.dagj.engine.digest;

import java.security.MessageDigest;

/**
 * Where {@link Digest} gets its SHA-256 from: the JDK's, or a native one ({@link Sha256Backends} picks). Implementations
 * MUST compute FIPS 180-4 SHA-256 (the same bytes as the JDK's for every input) and MUST be usable from any thread;
 * each {@link MessageDigest} they return is used by one thread at a time, as usual.
 */
interface Sha256Backend {
    /** A fresh digest; it MAY support {@link MessageDigest#clone()}. */
    MessageDigest newDigest();

    /** The SHA-256 of {@code length} bytes of {@code data} from {@code offset}, 32 bytes. */
    byte[] digest(byte[] data, int offset, int length);

    /** What this is, for a debug line, e.g. {@code native SHA-256 (OpenSSL 3.0.19, libcrypto.so.3)}. */
    String description();

    /** Thrown by a native backend that cannot work here: the text says why, and the JDK's digest is used instead. */
    final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why);
        }

        Unavailable(String why, Throwable cause) {
            super(why, cause);
        }
    }
}
