package dev.dagj.engine.op;

import dev.dagj.engine.digest.Digest;
import java.util.List;

/**
 * A directory uploaded from a client's host, already hashed and stored: {@code tree} is the digest of the stored tree
 * after include/exclude/.gitignore filtering. The key depends on content only, so the same files from another path or
 * session hit the same cache entries, and any change of content gives a new key.
 */
public record LocalUploadOp(Digest tree) implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of();
    }
}
