package dev.dagj.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Session;
import dev.dagj.engine.session.SessionClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 client on one keep-alive connection, for the benchmarks: a POST /query with Basic auth and a
 * JSON body, the response read on the calling thread. It makes the same request as {@link SessionClient} (and as the
 * Dagger SDKs), without {@code java.net.http}'s selector and executor threads, whose wake-ups after an idle wait of an
 * exec cost milliseconds on a loaded two-core VM and are the client's cost, not the engine's.
 */
final class PlainHttpClient implements AutoCloseable {
    private final int port;
    private final String auth;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    PlainHttpClient(Session session) {
        this(session.port(), session.token());
    }

    /** A client of a session served by another process (e.g. {@code dagger session}), by its port and token. */
    PlainHttpClient(int port, String token) {
        this.port = port;
        this.auth = "Basic " + Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code {"query": q}} and returns the parsed 200 response body. */
    JsonNode post(String query) throws IOException {
        if (socket == null) {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        }
        byte[] body = SessionClient.JSON.writeValueAsBytes(Map.of("query", query));
        String head = "POST /query HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + auth
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[h.length + body.length];
        System.arraycopy(h, 0, req, 0, h.length);
        System.arraycopy(body, 0, req, h.length, body.length);
        out.write(req);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected response: " + status);
        }
        int length = -1;
        for (String l; !(l = line()).isEmpty();) {
            if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(l.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length");
        }
        return SessionClient.JSON.readTree(in.readNBytes(length));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }
}
