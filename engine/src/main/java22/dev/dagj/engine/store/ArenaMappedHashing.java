package dev.dagj.engine.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * {@link MappedHashing} on Java 22+: each slice of the file is mapped in a confined arena and unmapped once hashed
 * (Java 21's {@code FileChannel.map} leaves unmapping to the garbage collector). Compiled with {@code --release 22} into
 * the engine jar's {@code META-INF/versions/22/}.
 */
public final class ArenaMappedHashing implements MappedHashing {
    /** The most mapped at once. */
    private static final long SLICE = 16L << 20;

    @Override
    public void hash(MessageDigest md, FileChannel file, long size) throws IOException {
        for (long pos = 0; pos < size; pos += SLICE) {
            try (Arena arena = Arena.ofConfined()) {
                md.update(file.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(SLICE, size - pos), arena)
                        .asByteBuffer());
            }
        }
    }
}
