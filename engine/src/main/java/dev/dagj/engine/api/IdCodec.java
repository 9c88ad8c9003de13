package dev.dagj.engine.api;

import dev.dagj.engine.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The text form of a {@link CallId}: {@value #PREFIX} followed by base64url (no padding) of a compact canonical
 * encoding. The encoding lists the steps from the first {@code Query} field on; a step is its result type, field
 * name and arguments; every string is a varint length plus UTF-8, every value starts with a one-byte tag. Equal
 * chains give equal text; changing the layout means a new prefix. Decoding checks every length and rejects trailing
 * bytes, so a damaged or foreign ID is reported as such and never half-loaded.
 */
public final class IdCodec {
    public static final String PREFIX = "dagj1:";
    private static final int MAX_DEPTH = 64;
    private static final byte T_STR = 1;
    private static final byte T_INT = 2;
    private static final byte T_BOOL = 3;
    private static final byte T_LIST = 4;
    private static final byte T_ID = 5;

    private IdCodec() {
    }

    public static String encode(CallId id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        writeCall(out, id);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** SHA-256 of the encoded ID: a short, stable name for the object (what the CLI prints after {@code Type@}). */
    public static Digest digest(CallId id) {
        return Digest.of(encode(id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes an ID; the error says what is wrong without echoing more than the start of the text. */
    public static CallId decode(String text) throws ApiException {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new ApiException("invalid ID " + quoteStart(text) + ": not an ID made by this engine (IDs start with \""
                    + PREFIX + "\")");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new ApiException("invalid ID " + quoteStart(text) + ": it is damaged (not base64url)", e);
        }
        Reader r = new Reader(bytes);
        try {
            CallId id = r.call(0);
            if (r.pos != bytes.length) {
                throw new ApiException("trailing bytes");
            }
            return id;
        } catch (ApiException | RuntimeException e) {
            throw new ApiException("invalid ID " + quoteStart(text) + ": it is damaged or truncated", e);
        }
    }

    static String quoteStart(String text) {
        if (text == null) {
            return "null";
        }
        return "\"" + (text.length() > 24 ? text.substring(0, 24) + "..." : text) + "\"";
    }

    private static void writeCall(ByteArrayOutputStream out, CallId id) {
        List<CallId> steps = id.steps();
        varint(out, steps.size());
        for (CallId s : steps) {
            string(out, s.type());
            string(out, s.field());
            varint(out, s.args().size());
            for (CallId.Arg a : s.args()) {
                string(out, a.name());
                literal(out, a.value());
            }
        }
    }

    private static void literal(ByteArrayOutputStream out, Literal l) {
        switch (l) {
            case Literal.Str s -> {
                out.write(T_STR);
                string(out, s.value());
            }
            case Literal.Int i -> {
                out.write(T_INT);
                long z = (i.value() << 1) ^ (i.value() >> 63);
                while ((z & ~0x7FL) != 0) {
                    out.write((int) ((z & 0x7F) | 0x80));
                    z >>>= 7;
                }
                out.write((int) z);
            }
            case Literal.Bool b -> {
                out.write(T_BOOL);
                out.write(b.value() ? 1 : 0);
            }
            case Literal.ListOf list -> {
                out.write(T_LIST);
                varint(out, list.values().size());
                list.values().forEach(v -> literal(out, v));
            }
            case Literal.Id i -> {
                out.write(T_ID);
                writeCall(out, i.id());
            }
        }
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(out, b.length);
        out.writeBytes(b);
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        int x = v;
        while ((x & ~0x7F) != 0) {
            out.write((x & 0x7F) | 0x80);
            x >>>= 7;
        }
        out.write(x);
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        CallId call(int depth) throws ApiException {
            if (depth > MAX_DEPTH) {
                throw new ApiException("nested too deeply");
            }
            int n = count();
            if (n == 0) {
                throw new ApiException("empty call chain");
            }
            CallId cur = null;
            for (int i = 0; i < n; i++) {
                String type = string();
                String field = string();
                int nargs = count();
                List<CallId.Arg> args = new ArrayList<>(nargs);
                for (int j = 0; j < nargs; j++) {
                    String name = string();
                    args.add(new CallId.Arg(name, literal(depth)));
                }
                cur = new CallId(cur, type, field, args);
            }
            return cur;
        }

        Literal literal(int depth) throws ApiException {
            if (depth > MAX_DEPTH) {
                throw new ApiException("nested too deeply");
            }
            byte tag = next();
            return switch (tag) {
                case T_STR -> new Literal.Str(string());
                case T_INT -> {
                    long z = 0;
                    for (int shift = 0; ; shift += 7) {
                        if (shift > 63) {
                            throw new ApiException("bad integer");
                        }
                        byte x = next();
                        z |= (long) (x & 0x7F) << shift;
                        if ((x & 0x80) == 0) {
                            break;
                        }
                    }
                    yield new Literal.Int((z >>> 1) ^ -(z & 1));
                }
                case T_BOOL -> {
                    byte x = next();
                    if (x != 0 && x != 1) {
                        throw new ApiException("bad boolean");
                    }
                    yield new Literal.Bool(x == 1);
                }
                case T_LIST -> {
                    int n = count();
                    List<Literal> vs = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        vs.add(literal(depth + 1));
                    }
                    yield new Literal.ListOf(vs);
                }
                case T_ID -> new Literal.Id(call(depth + 1));
                default -> throw new ApiException("unknown value tag " + tag);
            };
        }

        byte next() throws ApiException {
            if (pos >= b.length) {
                throw new ApiException("truncated");
            }
            return b[pos++];
        }

        /** A varint that is also a count of following items, each at least one byte: bounded by what is left. */
        int count() throws ApiException {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 28) {
                    throw new ApiException("bad length");
                }
                byte x = next();
                v |= (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    break;
                }
            }
            if (v < 0 || v > b.length - pos) {
                throw new ApiException("bad length");
            }
            return v;
        }

        String string() throws ApiException {
            int n = count();
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new ApiException("bad text", e);
            }
        }
    }
}
