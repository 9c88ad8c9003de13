package dev.dagj.engine.exec;

import java.nio.file.Path;
import java.util.List;

/** Something mounted at an absolute container path, on top of the root filesystem, in list order. */
public sealed interface Mount {
    /** Absolute, normalized container path; never {@code /}. */
    String target();

    /** A host directory or file at {@code target}; writes go to the host unless {@code readOnly}. */
    record Bind(Path source, String target, boolean readOnly) implements Mount {
        public Bind {
            source = source.toAbsolutePath().normalize();
            target = checkTarget(target);
        }
    }

    /**
     * A fresh tmpfs at {@code target}, gone when the process exits.
     *
     * @param sizeBytes size limit; 0 for the kernel default (half of RAM)
     * @param mode      permission bits of the mount's root, e.g. {@code 01777}
     */
    record Tmpfs(String target, long sizeBytes, int mode) implements Mount {
        public Tmpfs {
            target = checkTarget(target);
            if (sizeBytes < 0 || mode < 0 || mode > 07777) {
                throw new IllegalArgumentException("invalid tmpfs size or mode: " + sizeBytes + ", " + mode);
            }
        }
    }

    /**
     * A copy-on-write directory: an overlay of {@code lowers} (top first) at {@code target}; the process may write,
     * the lowers never change, and the changes land in {@code upper} (same conventions as {@link RootFs.Overlay}).
     * Give throwaway {@code upper}/{@code work} dirs to discard changes.
     */
    record Overlay(String target, List<Path> lowers, Path upper, Path work) implements Mount {
        public Overlay {
            target = checkTarget(target);
            RootFs.Overlay checked = new RootFs.Overlay(lowers, upper, work);
            lowers = checked.lowers();
            upper = checked.upper();
            work = checked.work();
        }
    }

    private static String checkTarget(String target) {
        if (!target.startsWith("/") || target.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a mount target must be an absolute container path: " + target);
        }
        String normalized = Path.of(target).normalize().toString();
        if (normalized.equals("/")) {
            throw new IllegalArgumentException("a mount cannot replace the root filesystem: " + target);
        }
        return normalized;
    }
}
