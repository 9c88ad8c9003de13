package dev.dagj.engine.digest;

import dev.dagj.plugin.Sha256;
import java.security.MessageDigest;

/**
 * The plain-Java SHA-256 ({@link Sha256}) as a {@link MessageDigest}. Made directly, not through
 * {@code MessageDigest.getInstance}, so using it initialises none of the JDK's security providers (30-60 ms in the
 * CLI's C1-only JVM, on a warm call's path); see {@link Sha256Backends.PlainJava}.
 */
final class JavaSha256 extends MessageDigest implements Cloneable {
    private Sha256 sha = new Sha256();

    JavaSha256() {
        super("SHA-256");
    }

    @Override
    protected void engineUpdate(byte input) {
        sha.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        sha.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
        return sha.digest();
    }

    @Override
    protected void engineReset() {
        sha.reset();
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        JavaSha256 c = (JavaSha256) super.clone();
        c.sha = sha.copy();
        return c;
    }
}
