package dev.dagj.engine.exec;

import java.nio.file.Path;

/**
 * A {@link Mount} as a backend applies it, after copy-on-write overlays were mounted in the run dir and turned into
 * binds of their merged directory.
 */
sealed interface ResolvedMount {
    String target();

    record Bind(Path source, String target, boolean readOnly) implements ResolvedMount {
    }

    record Tmpfs(String target, long sizeBytes, int mode) implements ResolvedMount {
    }
}
