package dev.dagj.engine.op;

import dev.dagj.engine.digest.Digest;
import java.util.List;

/**
 * The root filesystem of an image: the chain of its layers' snapshots. {@code ref} is the canonical reference pinned
 * to the digest the registry gave for it (an index for multi-platform images), {@code platform} selects the image in
 * an index, and {@code manifest} is the digest of the selected single-platform manifest, so the key changes exactly
 * when the image content does. Evaluation never touches the network when the manifest, config and snapshots are local.
 * An empty {@code ref} is an image imported from a tarball ({@code Container.import}): its manifest, config and layer
 * blobs are in the content store, and its layers stay as imported.
 */
public record ImageRootfsOp(String ref, String platform, Digest manifest) implements Op {
    @Override
    public List<Vertex> inputs() {
        return List.of();
    }
}
