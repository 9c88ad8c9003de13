package dev.dagj.engine.host;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * {@link Lstat} through glibc's {@code statx(2)} and the FFM API (Java 22), compiled with {@code --release 22} into the
 * engine jar's {@code META-INF/versions/22/}; {@link Lstat#loadNative()} finds it by name. The path and the result
 * buffer are Java arrays passed in place ({@link Linker.Option#critical(boolean) critical(true)}: a {@code statx} is a
 * few microseconds), so a call allocates only the path's bytes and its result. Paths with non-ASCII characters, and
 * any call that fails, are handed to {@link Lstat#JDK}, which knows the platform's file name encoding and turns
 * {@code errno} into the right exception.
 *
 * <p>{@code struct statx} has the same layout on every Linux architecture; its fields are read from a {@code long[]},
 * which is why a little-endian machine is required. The device number is composed as glibc's {@code makedev} does and
 * as the JDK reports {@code unix:dev}, so both implementations give equal {@link FileStat}s (a test checks this).
 */
@SuppressWarnings("restricted") // native access is required by open(); statx only writes into the buffer it is given
final class NativeLstat implements Lstat {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_BASIC_STATS = 0x7ff;
    /** STATX_TYPE | STATX_MODE | STATX_MTIME | STATX_CTIME | STATX_INO | STATX_SIZE: what a result must hold. */
    private static final int NEEDED = 0x1 | 0x2 | 0x40 | 0x80 | 0x100 | 0x200;
    /** {@code struct statx} is 256 bytes. */
    private static final int WORDS = 32;

    private final MethodHandle statx;
    private final ThreadLocal<long[]> buffers = ThreadLocal.withInitial(() -> new long[WORDS]);

    private NativeLstat(MethodHandle statx) {
        this.statx = statx;
    }

    /** Sets up the downcall; throws IllegalStateException when this JVM or C library cannot make it. */
    static NativeLstat open() {
        if (!NativeLstat.class.getModule().isNativeAccessEnabled()) {
            throw new IllegalStateException("native access is not enabled");
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("statx fields are read as little-endian words");
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("statx")
                .orElseThrow(() -> new IllegalStateException("the C library has no statx"));
        ValueLayout i = ValueLayout.JAVA_INT;
        ValueLayout a = ValueLayout.ADDRESS;
        // int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf)
        MethodHandle h = linker.downcallHandle(symbol, FunctionDescriptor.of(i, i, a, i, i, a),
                Linker.Option.critical(true));
        return new NativeLstat(h);
    }

    @Override
    public Result lstat(Path path) throws IOException {
        String s = path.toString();
        int n = s.length();
        byte[] name = new byte[n + 1]; // NUL-terminated
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            if (c == 0 || c >= 0x80) {
                return JDK.lstat(path);
            }
            name[k] = (byte) c;
        }
        long[] b = buffers.get();
        int rc;
        try {
            rc = (int) statx.invokeExact(AT_FDCWD, MemorySegment.ofArray(name), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
                    MemorySegment.ofArray(b));
        } catch (Throwable e) {
            return JDK.lstat(path);
        }
        if (rc != 0 || ((int) b[0] & NEEDED) != NEEDED) {
            return JDK.lstat(path); // it reports the error as the JDK does, or answers what statx left out
        }
        int mode = (int) (b[3] >>> 32) & 0xffff;
        long ino = b[4];
        long size = b[5];
        long ctime = b[12] * 1_000_000_000L + (b[13] & 0xffffffffL);
        long mtime = b[14] * 1_000_000_000L + (b[15] & 0xffffffffL);
        long major = b[17] & 0xffffffffL;
        long minor = b[17] >>> 32;
        long dev = (major & 0xfffL) << 8 | (major & ~0xfffL) << 32 | (minor & 0xffL) | (minor & ~0xffL) << 12;
        return new Result(mode, new FileStat(size, mtime, ctime, ino, dev));
    }
}
