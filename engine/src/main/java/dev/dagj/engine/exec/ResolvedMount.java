package dev.dagj.engine.exec;

import java.nio.file.Path;

/**
 * A {@link Mount} as a backend applies it: copy-on-write overlays either mounted by the wrapper in the run dir and
 * turned into binds of their merged directory, or (runc only) left to the runtime as {@link Overlay} mounts.
 */
sealed interface ResolvedMount {
    String target();

    record Bind(Path source, String target, boolean readOnly) implements ResolvedMount {
    }

    record Tmpfs(String target, long sizeBytes, int mode) implements ResolvedMount {
    }

    /**
     * An overlay the runtime mounts itself, inside the container's mount namespace.
     *
     * @param options the overlayfs option string, with layer paths relative to the runtime's working directory
     */
    record Overlay(String target, String options) implements ResolvedMount {
    }
}
