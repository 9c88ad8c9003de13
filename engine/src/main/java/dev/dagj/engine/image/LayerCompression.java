package dev.dagj.engine.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How a layer blob is compressed. Each value knows its OCI media type and how to (de)compress a stream. */
public enum LayerCompression {
    NONE(MediaTypes.OCI_LAYER),
    GZIP(MediaTypes.OCI_LAYER_GZIP),
    ZSTD(MediaTypes.OCI_LAYER_ZSTD);

    private static final int BUFFER = 256 * 1024;
    private final String ociMediaType;

    LayerCompression(String ociMediaType) {
        this.ociMediaType = ociMediaType;
    }

    public String ociMediaType() {
        return ociMediaType;
    }

    /** The compression a layer media type declares (OCI and Docker, distributable or not); unknown ones are NONE. */
    public static LayerCompression ofMediaType(String mediaType) {
        if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) {
            return GZIP;
        }
        if (mediaType.endsWith("+zstd")) {
            return ZSTD;
        }
        return NONE;
    }

    /** The compression the first bytes of a blob show (gzip and zstd magic numbers), for archives without media types. */
    public static LayerCompression sniff(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Wraps {@code in} so reads return the uncompressed tar. Closing the result closes {@code in}. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStreamNoFinalizer(new java.io.BufferedInputStream(in, BUFFER));
        };
    }

    /** Wraps {@code out} so writes are compressed. Closing the result finishes the stream and closes {@code out}. */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, BUFFER);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, 3);
        };
    }
}
