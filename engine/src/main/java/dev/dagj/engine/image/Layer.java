package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;

/**
 * One filesystem layer of an image: the blob as stored and transferred ({@code digest}, {@code size}, {@code mediaType},
 * possibly compressed) and {@code diffId}, the digest of the uncompressed tar, which names its snapshot.
 */
public record Layer(String mediaType, Digest digest, long size, Digest diffId) {
    public Layer {
        if (mediaType == null || mediaType.isEmpty() || digest == null || diffId == null || size < 0) {
            throw new IllegalArgumentException("a layer needs a media type, a digest, a size and a diff_id");
        }
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, size);
    }

    /** How the blob is compressed, from its media type. */
    public LayerCompression compression() {
        return LayerCompression.ofMediaType(mediaType);
    }
}
