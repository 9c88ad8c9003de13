package dev.dagj.engine.exec;

import java.nio.file.Path;
import java.util.List;

/**
 * The container's root filesystem: an overlay of read-only layers with a writable upper dir, or one host directory
 * used as is.
 */
public sealed interface RootFs {
    /** Overlayfs has a hard limit on the number of lower layers. */
    int MAX_LOWERS = 500;

    /**
     * An overlayfs root. The executor mounts it (inside a private mount namespace, so it never shows in the host
     * mount table) with {@code -o userxattr}: in {@code upper}, a deleted file becomes a {@code c 0 0} character
     * device and a replaced directory carries the xattr {@code user.overlay.opaque=y}, which Java's
     * {@code UserDefinedFileAttributeView} can read. Lower dirs that were an earlier step's upper must therefore use
     * the same xattr namespace. Directories the executor creates as mount points (for mounts and the working
     * directory) appear in {@code upper} as empty directories.
     *
     * @param lowers read-only layers, top first; at least one, at most {@value RootFs#MAX_LOWERS}; never written
     * @param upper  an existing directory that receives every change; on the same filesystem as {@code work}
     * @param work   an existing empty directory overlayfs needs for itself
     */
    record Overlay(List<Path> lowers, Path upper, Path work) implements RootFs {
        public Overlay {
            lowers = lowers.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            if (lowers.isEmpty() || lowers.size() > MAX_LOWERS) {
                throw new IllegalArgumentException(
                        "an overlay root needs 1 to " + MAX_LOWERS + " lower dirs, got " + lowers.size());
            }
            upper = upper.toAbsolutePath().normalize();
            work = work.toAbsolutePath().normalize();
        }
    }

    /**
     * One host directory as the root. Writes land in it directly unless {@code readOnly}.
     */
    record Directory(Path dir, boolean readOnly) implements RootFs {
        public Directory {
            dir = dir.toAbsolutePath().normalize();
        }
    }
}
