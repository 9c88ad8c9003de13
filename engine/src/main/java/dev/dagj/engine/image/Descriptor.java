package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;

/** An OCI content descriptor: what a blob is (media type), which it is (digest) and how big it is. */
public record Descriptor(String mediaType, Digest digest, long size) {
    public Descriptor {
        if (mediaType == null || mediaType.isEmpty()) {
            throw new IllegalArgumentException("a descriptor needs a media type");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative blob size " + size);
        }
    }
}
