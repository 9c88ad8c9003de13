package dev.dagj.engine.digest;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.ProviderException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SHA-256 from OpenSSL 3's {@code libcrypto.so.3}, called through the FFM API (Java 22). Under the CLI's C1-only JVM
 * the JDK's SHA-256 has no intrinsic and hashes about 110 MB/s; OpenSSL (SHA-NI or AVX2 code) over 1 GB/s.
 *
 * <p>This class is compiled with {@code --release 22} into the engine jar's {@code META-INF/versions/22/};
 * {@link Sha256Backends} finds it by name and calls {@link #open()}. Byte arrays are passed to OpenSSL in place, without
 * a copy, through downcalls made with {@link Linker.Option#critical(boolean) critical(true)}; since such a call holds
 * off the garbage collector, long inputs are passed in slices of {@link #SLICE} bytes. A digest's {@code EVP_MD_CTX}
 * is freed by a {@link Cleaner} once the digest is unreachable.
 */
@SuppressWarnings("restricted") // what restricted methods can break is checked in open(), and native access is required
final class OpenSslSha256 implements Sha256Backend {
    static final String LIBRARY = "libcrypto.so.3";
    /** The most bytes one critical downcall hashes (under a millisecond). */
    static final int SLICE = 1 << 20;
    /**
     * Updates shorter than this are gathered in a buffer: a downcall costs more than hashing a few hundred bytes
     * (Sha256Bench under C1: 127-byte updates buffered 660-1160 MB/s, 128-256-byte downcalls 340-730, 512-byte 800-1300).
     */
    static final int SMALL_UPDATE = 384;
    private static final int BUFFER = 2048;
    private static final int LENGTH = 32;
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private final MethodHandle ctxNew;
    private final MethodHandle ctxFree;
    private final MethodHandle ctxCopy;
    private final MethodHandle init;
    private final MethodHandle update;
    private final MethodHandle fin;
    private final MethodHandle oneShot;
    private final MemorySegment sha256;
    private final Cleaner cleaner;
    private final String description;

    private OpenSslSha256(SymbolLookup lib) throws Unavailable {
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        ValueLayout a = ValueLayout.ADDRESS;
        ValueLayout i = ValueLayout.JAVA_INT;
        ctxNew = handle(linker, lib, "EVP_MD_CTX_new", FunctionDescriptor.of(a));
        ctxFree = handle(linker, lib, "EVP_MD_CTX_free", FunctionDescriptor.ofVoid(a));
        ctxCopy = handle(linker, lib, "EVP_MD_CTX_copy_ex", FunctionDescriptor.of(i, a, a));
        init = handle(linker, lib, "EVP_DigestInit_ex", FunctionDescriptor.of(i, a, a, a));
        update = handle(linker, lib, "EVP_DigestUpdate", FunctionDescriptor.of(i, a, a, ValueLayout.JAVA_LONG),
                critical);
        fin = handle(linker, lib, "EVP_DigestFinal_ex", FunctionDescriptor.of(i, a, a, a), critical);
        // int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size, const EVP_MD *type,
        //                ENGINE *impl)
        oneShot = handle(linker, lib, "EVP_Digest", FunctionDescriptor.of(i, a, ValueLayout.JAVA_LONG, a, a, a, a),
                critical);
        MethodHandle fetch = handle(linker, lib, "EVP_MD_fetch", FunctionDescriptor.of(a, a, a, a));
        MethodHandle version = handle(linker, lib, "OpenSSL_version", FunctionDescriptor.of(a, i));
        try (Arena arena = Arena.ofConfined()) {
            // fetched once: EVP_sha256() would look the implementation up again on every init
            sha256 = (MemorySegment) fetch.invokeExact(MemorySegment.NULL,
                    arena.allocateFrom("SHA256"), MemorySegment.NULL);
            String v = ((MemorySegment) version.invokeExact(0)).reinterpret(Integer.MAX_VALUE).getString(0);
            description = "native SHA-256 (" + v + ", " + LIBRARY + ")";
        } catch (Throwable e) {
            throw new Unavailable("cannot set up SHA-256 in " + LIBRARY + ": " + e, e);
        }
        if (sha256.equals(MemorySegment.NULL)) {
            throw new Unavailable(LIBRARY + " has no SHA256 implementation (EVP_MD_fetch failed)");
        }
        cleaner = Cleaner.create(r -> {
            Thread t = new Thread(r, "dagj-sha256-cleaner");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads {@value #LIBRARY} and checks it: throws {@link Unavailable} when native access is not enabled for this
     * code ({@code --enable-native-access=ALL-UNNAMED}; without it the JDK would print a warning), when the library
     * or a function is missing, or when it hashes {@code "abc"} wrong.
     */
    static OpenSslSha256 open() throws Unavailable {
        if (!OpenSslSha256.class.getModule().isNativeAccessEnabled()) {
            throw new Unavailable("native access is not enabled (java --enable-native-access=ALL-UNNAMED)");
        }
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new Unavailable("cannot load " + LIBRARY + " (Debian package libssl3): " + e.getMessage(), e);
        }
        OpenSslSha256 s = new OpenSslSha256(lib);
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        String got = HexFormat.of().formatHex(s.digest(abc, 0, abc.length));
        if (!got.equals(ABC_SHA256)) {
            throw new Unavailable(LIBRARY + " hashed \"abc\" to " + got + ", not " + ABC_SHA256);
        }
        return s;
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd,
            Linker.Option... options) throws Unavailable {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new Unavailable(LIBRARY + " has no " + name));
        return linker.downcallHandle(symbol, fd, options);
    }

    @Override
    public MessageDigest newDigest() {
        return new NativeDigest(this);
    }

    @Override
    public byte[] digest(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > SLICE) {
            MessageDigest md = newDigest();
            md.update(data, offset, length);
            return md.digest();
        }
        byte[] out = new byte[LENGTH];
        int rc;
        try {
            // the count bounds what is read, so a slice is needed only for an offset (one segment less per small file)
            MemorySegment in = offset == 0 ? MemorySegment.ofArray(data)
                    : MemorySegment.ofArray(data).asSlice(offset, length);
            rc = (int) oneShot.invokeExact(in, (long) length,
                    MemorySegment.ofArray(out), MemorySegment.NULL, sha256, MemorySegment.NULL);
        } catch (Throwable e) {
            throw rethrow("EVP_Digest", e);
        }
        check(rc, "EVP_Digest");
        return out;
    }

    @Override
    public String description() {
        return description;
    }

    private static void check(int rc, String function) {
        if (rc != 1) {
            throw new ProviderException(function + " in " + LIBRARY + " failed (returned " + rc + ")");
        }
    }

    private static RuntimeException rethrow(String function, Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new ProviderException(function + " in " + LIBRARY + " failed: " + e, e);
    }

    /** An {@code EVP_MD_CTX}, freed when its digest is unreachable (or never, if the process ends first). */
    private record Context(MemorySegment ctx, MethodHandle free) implements Runnable {
        @Override
        public void run() {
            try {
                free.invokeExact(ctx);
            } catch (Throwable e) {
                throw rethrow("EVP_MD_CTX_free", e);
            }
        }
    }

    /**
     * A {@link MessageDigest} over one {@code EVP_MD_CTX}. Updates under {@link #SMALL_UPDATE} bytes are gathered in a
     * small buffer; the context is initialised lazily, so a digest that is finished and dropped costs no re-init.
     */
    static final class NativeDigest extends MessageDigest implements Cloneable {
        private final OpenSslSha256 lib;
        private final MemorySegment ctx;
        private boolean started;
        private byte[] pending;
        private int pendingLength;

        NativeDigest(OpenSslSha256 lib) {
            super("SHA-256");
            this.lib = lib;
            MemorySegment c;
            try {
                c = (MemorySegment) lib.ctxNew.invokeExact();
            } catch (Throwable e) {
                throw rethrow("EVP_MD_CTX_new", e);
            }
            if (c.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("EVP_MD_CTX_new in " + LIBRARY + " returned NULL");
            }
            this.ctx = c;
            lib.cleaner.register(this, new Context(c, lib.ctxFree));
        }

        @Override
        protected int engineGetDigestLength() {
            return LENGTH;
        }

        @Override
        protected void engineUpdate(byte input) {
            if (pending == null) {
                pending = new byte[BUFFER];
            } else if (pendingLength == BUFFER) {
                flush();
            }
            pending[pendingLength++] = input;
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            if (len < SMALL_UPDATE) {
                if (pending == null) {
                    pending = new byte[BUFFER];
                } else if (pendingLength + len > BUFFER) {
                    flush();
                }
                System.arraycopy(input, offset, pending, pendingLength, len);
                pendingLength += len;
                return;
            }
            flush();
            MemorySegment all = MemorySegment.ofArray(input);
            for (int done = 0; done < len; ) {
                int n = Math.min(SLICE, len - done);
                hash(all.asSlice(offset + done, n));
                done += n;
            }
        }

        @Override
        protected void engineUpdate(ByteBuffer input) {
            int len = input.remaining();
            if (len == 0) {
                return;
            }
            if (input.hasArray()) {
                engineUpdate(input.array(), input.arrayOffset() + input.position(), len);
                input.position(input.limit());
                return;
            }
            if (!input.isDirect()) {
                super.engineUpdate(input); // a read-only heap buffer: copied into an array in pieces
                return;
            }
            flush();
            MemorySegment all = MemorySegment.ofBuffer(input);
            for (long done = 0; done < len; ) {
                long n = Math.min(SLICE, len - done);
                hash(all.asSlice(done, n));
                done += n;
            }
            input.position(input.limit());
        }

        @Override
        protected byte[] engineDigest() {
            flush();
            start();
            byte[] out = new byte[LENGTH];
            int rc;
            try {
                rc = (int) lib.fin.invokeExact(ctx, MemorySegment.ofArray(out), MemorySegment.NULL);
            } catch (Throwable e) {
                throw rethrow("EVP_DigestFinal_ex", e);
            }
            check(rc, "EVP_DigestFinal_ex");
            started = false;
            return out;
        }

        @Override
        protected void engineReset() {
            pendingLength = 0;
            started = false;
        }

        @Override
        public Object clone() {
            NativeDigest copy = new NativeDigest(lib);
            if (started) {
                int rc;
                try {
                    rc = (int) lib.ctxCopy.invokeExact(copy.ctx, ctx);
                } catch (Throwable e) {
                    throw rethrow("EVP_MD_CTX_copy_ex", e);
                }
                check(rc, "EVP_MD_CTX_copy_ex");
                copy.started = true;
            }
            if (pending != null) {
                copy.pending = pending.clone();
                copy.pendingLength = pendingLength;
            }
            return copy;
        }

        private void start() {
            if (started) {
                return;
            }
            int rc;
            try {
                rc = (int) lib.init.invokeExact(ctx, lib.sha256, MemorySegment.NULL);
            } catch (Throwable e) {
                throw rethrow("EVP_DigestInit_ex", e);
            }
            check(rc, "EVP_DigestInit_ex");
            started = true;
        }

        private void flush() {
            if (pendingLength > 0) {
                hash(MemorySegment.ofArray(pending).asSlice(0, pendingLength));
                pendingLength = 0;
            }
        }

        private void hash(MemorySegment data) {
            start();
            int rc;
            try {
                rc = (int) lib.update.invokeExact(ctx, data, data.byteSize());
            } catch (Throwable e) {
                throw rethrow("EVP_DigestUpdate", e);
            }
            check(rc, "EVP_DigestUpdate");
        }
    }
}
