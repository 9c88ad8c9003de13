package dev.dagj.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code lstat} of a host path for {@link HostUploader}: its mode ({@code st_mode}, type and permission bits) and its
 * {@link FileStat}. Two implementations give the same values: the JDK's ({@link #JDK}, the {@code unix:} attribute
 * view) and {@code statx} through the FFM API ({@code NativeLstat}, in the engine jar's Java 22 classes). Under the
 * CLI's C1-only JVM the JDK's builds a map of boxed attributes per call, about 3 KB of garbage and several
 * microseconds beyond the system call: for 20,000 files about 60 MB, half of what an upload allocated, and a young
 * collection of 100 ms or more. The native one allocates two small objects per call.
 */
interface Lstat {
    /** The result of one call. */
    record Result(int mode, FileStat stat) {
    }

    /**
     * The mode and stat of {@code path}, not following a symlink; throws what {@link Files#readAttributes} throws
     * (e.g. {@link java.nio.file.NoSuchFileException}).
     */
    Result lstat(Path path) throws IOException;

    /** The JDK's, for every path. */
    Lstat JDK = path -> {
        Map<String, Object> attrs = Files.readAttributes(path, FileStat.ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new Result((Integer) attrs.get("mode"), FileStat.of(attrs));
    };

    /** The native one's class, compiled for Java 22 into META-INF/versions/22. */
    String NATIVE_CLASS = "dev.dagj.engine.host.NativeLstat";

    /**
     * The native {@code statx} one if this JVM can load it (Java 22+, native access enabled, glibc's {@code statx}, a
     * little-endian machine) and {@code DAGJ_NATIVE_STAT} is not {@code 0}; else null. Loading costs a fresh JVM tens
     * of milliseconds (more when nothing else set up the FFM linker yet), so only large walks ask for it.
     */
    static Lstat loadNative() {
        String off = System.getenv("DAGJ_NATIVE_STAT");
        if ("0".equals(off) || "false".equalsIgnoreCase(off) || "off".equalsIgnoreCase(off)) {
            return null;
        }
        try {
            Class<?> c = Class.forName(NATIVE_CLASS, true, Lstat.class.getClassLoader());
            return (Lstat) c.getDeclaredMethod("open").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not available here: the JDK's is used, which gives the same values
        }
    }
}
