package dev.dagj.engine.op;

import dev.dagj.engine.digest.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * Something an {@link ExecOp} mounts over its root filesystem at an absolute, normalized container path
 * {@code target}. Only identities are part of a key: a cache volume by its id, a secret by its keyed digest; never
 * volume contents or secret plaintext.
 */
public sealed interface ExecMount {
    String target();

    /** The vertex this mount reads, or null. */
    Vertex source();

    /**
     * A directory ({@code file} false: the whole result tree of {@code source}, writable copy-on-write; the changes
     * are the result of {@link ExecMountOp}) or a file ({@code file} true: the regular file at {@code sourcePath} in
     * it, read-only). {@code owner} ("" for none; resolved as for {@link TreeLayerOp}) owns the mounted content.
     */
    record Tree(String target, Vertex source, String sourcePath, boolean file, String owner) implements ExecMount {
        public Tree {
            if (owner == null) {
                throw new IllegalArgumentException("owner must not be null");
            }
        }

        public Tree(String target, Vertex source, String sourcePath, boolean file) {
            this(target, source, sourcePath, file, "");
        }
    }

    /**
     * A persistent cache volume: {@code volume} is sha256 of {@code namespace:key}; {@code sharing} is SHARED, PRIVATE
     * or LOCKED; {@code source} (or null) seeds an empty volume; {@code owner} ("" or "uid[:gid]") owns its root.
     */
    record Cache(String target, String volume, String sharing, Vertex source, String owner) implements ExecMount {
    }

    /** A fresh tmpfs, {@code sizeBytes} 0 for the default size. */
    record Tmpfs(String target, long sizeBytes) implements ExecMount {
        @Override
        public Vertex source() {
            return null;
        }
    }

    /** A secret as a read-only file: {@code secret} is its keyed digest (never the plaintext). */
    record Secret(String target, Digest secret, int mode, String owner) implements ExecMount {
        @Override
        public Vertex source() {
            return null;
        }
    }

    /** The non-null sources of {@code mounts}, in order. */
    static List<Vertex> sources(List<ExecMount> mounts) {
        List<Vertex> out = new ArrayList<>();
        for (ExecMount m : mounts) {
            if (m.source() != null) {
                out.add(m.source());
            }
        }
        return out;
    }
}
