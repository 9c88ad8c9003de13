package dev.dagj.engine.digest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A SHA-256 digest of a stream whose size is unknown, made before the native backend was loaded: it keeps what it is
 * given until either {@link #digest()} (then it is hashed in one piece, by the native backend if it has been loaded
 * meanwhile, else the JDK's) or {@link Sha256Source#LOAD_AT} bytes (then the stream is bulk: the native backend is
 * loaded, given what was kept, and takes every later update directly). So a small stream never loads it, and a large
 * one is hashed natively from its first byte. Not cloneable.
 */
final class DeferredSha256 extends MessageDigest {
    private static final int FIRST_BUFFER = 8192;

    private final Sha256Source source;
    private MessageDigest target;
    private byte[] kept = new byte[0];
    private int length;

    DeferredSha256(Sha256Source source) {
        super("SHA-256");
        this.source = source;
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    protected void engineUpdate(byte input) {
        if (target != null) {
            target.update(input);
            return;
        }
        room(1);
        kept[length++] = input;
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (target == null && length + (long) len >= Sha256Source.LOAD_AT) {
            target = source.forBytes(Sha256Source.LOAD_AT).newDigest();
            target.update(kept, 0, length);
            kept = null;
            length = 0;
        }
        if (target != null) {
            target.update(input, offset, len);
            return;
        }
        room(len);
        System.arraycopy(input, offset, kept, length, len);
        length += len;
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (target != null) {
            target.update(input);
            return;
        }
        super.engineUpdate(input);
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = target != null ? target.digest() : source.forBytes(length).digest(kept, 0, length);
        engineReset();
        return out;
    }

    @Override
    protected void engineReset() {
        target = null;
        kept = new byte[0];
        length = 0;
    }

    private void room(int more) {
        int need = length + more;
        if (need > kept.length) {
            kept = Arrays.copyOf(kept, Math.max(need, Math.max(FIRST_BUFFER, kept.length * 2)));
        }
    }
}
