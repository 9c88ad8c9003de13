package dev.dagj.engine.digest;

import java.security.MessageDigest;
import java.util.Random;

/**
 * Run in a child JVM by {@link Sha256BackendsTest}: hashes a bulk input through {@link Digest} (so the process picks
 * its backend as the engine does), checks it against the JDK's, and prints which implementation it used.
 */
public final class Sha256Probe {
    private Sha256Probe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = new byte[(int) Sha256Source.LOAD_AT + 1];
        new Random(1).nextBytes(data);
        Digest d = Digest.of(data);
        Digest expected = Digest.fromRaw(MessageDigest.getInstance("SHA-256").digest(data));
        if (!d.equals(expected)) {
            System.out.println("wrong digest " + d + ", expected " + expected);
            System.exit(1);
        }
        System.out.println(Digest.sha256Implementation());
    }
}
