package dev.dagj.engine.image;

import dev.dagj.engine.digest.Digest;
import java.util.List;
import java.util.Optional;

/**
 * One single-platform image whose manifest and config blobs are in the content store: where it came from
 * ({@code ref}: the pulled reference pinned to the digest the registry returned for it, empty for images assembled or
 * imported locally), its platform, its manifest and config descriptors, the parsed runtime config and its layers,
 * bottom first. Layer blobs may still be remote; {@link ImageStore#ensureSnapshots} fetches what is missing.
 */
public record Image(
        Optional<ImageRef> ref,
        Platform platform,
        Descriptor manifest,
        Descriptor configBlob,
        ImageConfig config,
        List<Layer> layers) {
    public Image {
        layers = List.copyOf(layers);
    }

    public Digest manifestDigest() {
        return manifest.digest();
    }

    /** A label for messages: the ref if there is one, else the manifest digest. */
    public String displayName() {
        return ref.map(ImageRef::toString).orElseGet(() -> manifest.digest().toString());
    }
}
