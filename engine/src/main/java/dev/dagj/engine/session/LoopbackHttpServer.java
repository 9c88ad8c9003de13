package dev.dagj.engine.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on 127.0.0.1 for the session API: one platform thread per connection reads its requests in
 * turn (keep-alive) and writes each response, status line, headers and body, with one write. Compared with the JDK's
 * server this saves, per request, the hand-off from its dispatcher thread to a worker (a thread wake-up, on the path of
 * every request) and a second write and TCP segment for the body. Clients are SDKs on the same host: request bodies
 * come with {@code Content-Length} or chunked, {@code Expect: 100-continue} is answered, HTTP/1.0 and
 * {@code Connection: close} close after the response. A malformed request gets a 400 (a too large one 413 or 431)
 * with a JSON error naming what is wrong, and the connection is closed.
 */
final class LoopbackHttpServer implements AutoCloseable {
    /** Longest request line or header line. */
    static final int MAX_LINE = 16 * 1024;
    /** Most header bytes of one request. */
    static final int MAX_HEADERS = 256 * 1024;
    /** Largest request body (a query inlines file contents, so it may be large). */
    static final int MAX_BODY = 1 << 30;

    /** A request: method, path (without the query string), HTTP version, lower-case header names, body. */
    record Request(String method, String path, String version, Map<String, String> headers, byte[] body) {
        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }
    }

    /** A response; {@code headers} come after {@code Content-Type}/{@code Content-Length}. */
    record Response(int status, String contentType, Map<String, String> headers, byte[] body) {
    }

    interface Handler {
        Response handle(Request request) throws IOException;
    }

    /** The response to a request the server refuses ({@code status} 4xx) or the handler failed on (500). */
    interface Errors {
        Response error(int status, String message);
    }

    /** A request the server refuses before it reaches the handler. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        Malformed(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final Errors errors;
    private final String name;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;
    private Thread acceptor;

    private LoopbackHttpServer(ServerSocket socket, Handler handler, Errors errors, String name) {
        this.socket = socket;
        this.handler = handler;
        this.errors = errors;
        this.name = name;
    }

    /** Listens on an ephemeral port of 127.0.0.1 and serves {@code handler}; threads are named after {@code name}. */
    static LoopbackHttpServer start(Handler handler, Errors errors, String name) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        LoopbackHttpServer server = new LoopbackHttpServer(s, handler, errors, name);
        server.acceptor = Thread.ofPlatform().daemon().name(name + "-accept").start(server::accept);
        return server;
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket c;
            try {
                c = socket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // a connection that failed while it was accepted; the next one may not
            }
            open.add(c);
            if (closed) {
                closeQuietly(c);
                return;
            }
            Thread.ofPlatform().daemon().name(name + "-" + connections.incrementAndGet()).start(() -> serve(c));
        }
    }

    private void serve(Socket c) {
        try (c) {
            c.setTcpNoDelay(true);
            Input in = new Input(c.getInputStream());
            OutputStream out = c.getOutputStream();
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                Request r;
                try {
                    r = read(in, out);
                } catch (Malformed m) {
                    write(out, errors.error(m.status, m.getMessage()), true);
                    return;
                }
                if (r == null) {
                    return; // the client closed the connection between requests
                }
                keepAlive = keepsAlive(r);
                Response resp;
                try {
                    resp = handler.handle(r);
                } catch (RuntimeException e) {
                    resp = errors.error(500, "the engine failed on this request: " + e);
                    keepAlive = false;
                }
                write(out, resp, !keepAlive);
            }
        } catch (IOException e) {
            // the client went away, or the server closed: nothing to answer
        } finally {
            open.remove(c);
        }
    }

    private static boolean keepsAlive(Request r) {
        String connection = r.header("connection");
        boolean http10 = "HTTP/1.0".equals(r.version());
        if (connection != null) {
            for (String token : connection.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (t.equals("close")) {
                    return false;
                }
                if (t.equals("keep-alive")) {
                    return true;
                }
            }
        }
        return !http10;
    }

    /** The next request on the connection, or null at a clean end of the stream before one. */
    static Request read(Input in, OutputStream out) throws IOException {
        String line;
        do {
            line = in.line(null);
            if (line == null) {
                return null;
            }
        } while (line.isEmpty()); // a client may send an empty line between requests
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1) {
            throw new Malformed(400, "malformed HTTP request line: " + clip(line));
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Malformed(400, "unsupported HTTP version " + clip(version) + " (use HTTP/1.1)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int total = line.length();
        for (;;) {
            String h = in.line("the request's headers end early");
            if (h.isEmpty()) {
                break;
            }
            total += h.length();
            if (total > MAX_HEADERS) {
                throw new Malformed(431, "the request's headers are larger than " + MAX_HEADERS + " bytes");
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || h.charAt(0) == ' ' || h.charAt(0) == '\t') {
                throw new Malformed(400, "malformed HTTP header line: " + clip(h));
            }
            String key = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            headers.merge(key, value, (a, b) -> a + ", " + b);
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        boolean chunked = te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked");
        if (te != null && !chunked) {
            throw new Malformed(400, "unsupported Transfer-Encoding " + clip(te) + " (send Content-Length or chunked)");
        }
        if (te != null && cl != null) {
            throw new Malformed(400, "a request may not have both Content-Length and Transfer-Encoding");
        }
        long length = 0;
        if (cl != null) {
            length = contentLength(cl);
        }
        if (length > MAX_BODY) {
            throw new Malformed(413, "the request body of " + length + " bytes is larger than " + MAX_BODY);
        }
        String expect = headers.get("expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue") && (chunked || length > 0)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = chunked ? chunked(in) : exactly(in, (int) length);
        return new Request(method, path, version, headers, body);
    }

    private static long contentLength(String value) throws Malformed {
        long length = -1;
        for (String part : value.split(",")) { // the same value repeated is allowed
            String p = part.trim();
            long v;
            try {
                v = Long.parseLong(p);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || p.startsWith("+") || (length >= 0 && v != length)) {
                throw new Malformed(400, "invalid Content-Length " + clip(value));
            }
            length = v;
        }
        return length;
    }

    private static byte[] exactly(Input in, int n) throws IOException {
        byte[] b = in.bytes(n);
        if (b.length != n) {
            throw new Malformed(400, "the request body ends after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private static byte[] chunked(Input in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            String size = in.line("the chunked request body ends early");
            int semi = size.indexOf(';');
            String hex = (semi < 0 ? size : size.substring(0, semi)).trim();
            long n;
            try {
                n = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || hex.startsWith("+") || hex.startsWith("-")) {
                throw new Malformed(400, "invalid chunk size " + clip(size));
            }
            if (n == 0) {
                break;
            }
            if (body.size() + n > MAX_BODY) {
                throw new Malformed(413, "the chunked request body is larger than " + MAX_BODY + " bytes");
            }
            body.write(exactly(in, (int) n));
            String end = in.line("the chunked request body ends early");
            if (!end.isEmpty()) {
                throw new Malformed(400, "a chunk of the request body does not end with CRLF");
            }
        }
        for (;;) { // trailer fields, ignored
            String t = in.line("the chunked request body's trailer ends early");
            if (t.isEmpty()) {
                return body.toByteArray();
            }
        }
    }

    /** A connection's input, buffered; lines and bodies are read from the buffer without a call per byte. */
    static final class Input {
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int lim;

        Input(InputStream in) {
            this.in = in;
        }

        /** Reads more into the buffer (compacting it first); false at the end of the stream. */
        private boolean fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n > 0) {
                lim += n;
            }
            return n > 0;
        }

        /**
         * One line without its CRLF (a bare LF is accepted), ISO-8859-1. At the end of the stream before any byte of
         * it: null when {@code endsEarly} is null (between requests, where a reset too is the client going away),
         * else a Malformed with that message.
         */
        String line(String endsEarly) throws IOException {
            int scanned = 0;
            for (;;) {
                for (int i = pos + scanned; i < lim; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String s = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        return s;
                    }
                }
                scanned = lim - pos;
                if (scanned >= MAX_LINE) {
                    throw new Malformed(431, "a request line or header is longer than " + MAX_LINE + " bytes");
                }
                boolean more;
                try {
                    more = fill();
                } catch (SocketException e) {
                    if (scanned == 0 && endsEarly == null) {
                        return null;
                    }
                    throw e;
                }
                if (!more) {
                    if (scanned > 0) {
                        throw new Malformed(400, "the request ends inside a line");
                    }
                    if (endsEarly == null) {
                        return null;
                    }
                    throw new Malformed(400, endsEarly);
                }
            }
        }

        /** Up to {@code n} bytes: fewer only at the end of the stream. */
        byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            int have = Math.min(n, lim - pos);
            System.arraycopy(buf, pos, out, 0, have);
            pos += have;
            while (have < n) {
                int r = in.read(out, have, n - have);
                if (r < 0) {
                    return Arrays.copyOf(out, have);
                }
                have += r;
            }
            return out;
        }
    }

    private static String clip(String s) {
        return s.length() <= 80 ? "\"" + s + "\"" : "\"" + s.substring(0, 80) + "...\"";
    }

    /** The whole response in one write. */
    static void write(OutputStream out, Response r, boolean close) throws IOException {
        StringBuilder h = new StringBuilder(160).append("HTTP/1.1 ").append(r.status()).append(' ')
                .append(reason(r.status())).append("\r\nContent-Type: ").append(r.contentType())
                .append("\r\nContent-Length: ").append(r.body().length).append("\r\n");
        r.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        if (close) {
            h.append("Connection: close\r\n");
        }
        h.append("\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + r.body().length);
        System.arraycopy(r.body(), 0, all, head.length, r.body().length);
        out.write(all);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            default -> "Status";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * Stops listening and closes every connection; requests still running finish, their responses are lost. Returns
     * once the port is closed: the JDK closes a server socket that a thread waits on in accept() only when that thread
     * has woken up, and until then the kernel still takes connections for it.
     */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (Thread.currentThread() != acceptor) {
            boolean interrupted = false;
            for (;;) {
                try {
                    acceptor.join(5000);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
