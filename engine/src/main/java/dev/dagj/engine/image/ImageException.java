package dev.dagj.engine.image;

import dev.dagj.engine.EngineException;
import java.util.Optional;

/**
 * Resolving, pulling, unpacking, packing, pushing, exporting or importing an image failed. The message names the
 * image and, where one was involved, the registry, the layer or the tar entry at fault; {@link #image()} and
 * {@link #registry()} carry the first two as fields.
 */
public class ImageException extends EngineException {
    private static final long serialVersionUID = 1L;
    private final String image;
    private final String registry;

    public ImageException(String message) {
        this(null, null, message, null);
    }

    public ImageException(String message, Throwable cause) {
        this(null, null, message, cause);
    }

    public ImageException(String image, String registry, String message, Throwable cause) {
        super(message, cause);
        this.image = image;
        this.registry = registry;
    }

    /** The image reference involved, as the user wrote it or as it was canonicalised. */
    public Optional<String> image() {
        return Optional.ofNullable(image);
    }

    /** The registry host ({@code host[:port]}) involved. */
    public Optional<String> registry() {
        return Optional.ofNullable(registry);
    }
}
