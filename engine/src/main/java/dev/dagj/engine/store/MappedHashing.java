package dev.dagj.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Hashes a file the store has just written (a large blob's temp file) from its pages in the page cache. On Java 22+
 * ({@code ArenaMappedHashing}, in the engine jar's Java 22 classes) each slice is mapped in an arena and unmapped as
 * soon as it is hashed: no byte is copied into this process. Java 21 cannot unmap a mapping before the garbage
 * collector finds it (so a large upload would keep its blobs mapped, and counted in the process's resident size, until
 * then), so there the file is read through a direct buffer instead.
 */
interface MappedHashing {
    /** Feeds the first {@code size} bytes of {@code file} to {@code md}. */
    void hash(MessageDigest md, FileChannel file, long size) throws IOException;

    /** The Java 22 class, found by name. */
    String JAVA22_CLASS = "dev.dagj.engine.store.ArenaMappedHashing";

    /** Reads through a 1 MiB direct buffer (the native SHA-256 reads it in place). */
    MappedHashing READ = (md, file, size) -> {
        ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
        long pos = 0;
        while (pos < size) {
            direct.clear().limit((int) Math.min(direct.capacity(), size - pos));
            int n = file.read(direct, pos);
            if (n < 0) {
                throw new IOException("the file ended after " + pos + " of " + size + " bytes");
            }
            md.update(direct.flip());
            pos += n;
        }
    };

    /** The best this JVM has, chosen once per process. */
    static MappedHashing get() {
        return Holder.BEST;
    }

    /** Lazily chosen: the class is loaded on the first large blob, not at start-up. */
    final class Holder {
        static final MappedHashing BEST = choose();

        private Holder() {
        }

        private static MappedHashing choose() {
            try {
                return (MappedHashing) Class.forName(JAVA22_CLASS, true, MappedHashing.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return READ; // Java 21, or a class path without the Java 22 classes
            }
        }
    }
}
