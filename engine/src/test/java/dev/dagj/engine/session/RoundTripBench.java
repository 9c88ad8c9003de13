package dev.dagj.engine.session;

import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.solve.Progress;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Round-trip latency of a trivial {@code { version }} query over HTTP/1.1 keep-alive (java.net.http, as the Java SDK
 * uses) against a raw loopback TCP ping-pong of a small message in the same JVM, measured in the same run. Run by
 * {@code bench/roundtrip.sh}.
 *
 * <p>Arguments: [iterations (default 5000)] [warmup (default 3000)].
 */
public final class RoundTripBench {
    private static final int MESSAGE = 32;

    private RoundTripBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path state = Files.createTempDirectory("dagj-bench-state");
        try {
            long[] http = http(state, n, warmup);
            long[] tcp = tcp(n, warmup);
            report("tcp ping-pong      ", tcp);
            double ratio50 = (double) pct(http, 50) / pct(tcp, 50);
            double ratio90 = (double) pct(http, 90) / pct(tcp, 90);
            System.out.printf("ratio http/tcp: p50 %.1fx, p90 %.1fx%n", ratio50, ratio90);
            System.out.printf("target p50 < 1 ms: %s%n", pct(http, 50) < 1_000_000 ? "met" : "MISSED");
        } finally {
            try (Stream<Path> s = Files.walk(state)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long[] http(Path state, int n, int warmup) throws Exception {
        try (Engine engine = Engine.open(new EngineConfig(state, Progress.NONE));
                Session session = engine.openSession(Path.of("").toAbsolutePath())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString((session.token() + ":").getBytes(StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.port() + "/query"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ version }\"}")).build();
            long[] local = new long[n];
            for (int i = -warmup; i < n; i++) {
                long t0 = System.nanoTime();
                session.execute("{ version }", null, null);
                if (i >= 0) {
                    local[i] = System.nanoTime() - t0;
                }
            }
            report("in-process execute", local);
            long[] t = new long[n];
            for (int i = -warmup; i < n; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                long dt = System.nanoTime() - t0;
                if (r.statusCode() != 200 || !r.body().contains(Engine.DAGGER_VERSION)) {
                    throw new IllegalStateException("unexpected response " + r.statusCode() + ": " + r.body());
                }
                if (i >= 0) {
                    t[i] = dt;
                }
            }
            report("http { version }  ", t);
            report("  same, raw-socket HTTP/1.1 client", rawHttp(session.port(), auth, n, warmup));
            return t;
        }
    }

    /** The same request written by hand on one keep-alive socket: the server's share without java.net.http's. */
    private static long[] rawHttp(int port, String auth, int n, int warmup) throws IOException {
        byte[] body = "{\"query\":\"{ version }\"}".getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] req = new byte[head.length + body.length];
        System.arraycopy(head, 0, req, 0, head.length);
        System.arraycopy(body, 0, req, head.length, body.length);
        long[] t = new long[n];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (int i = -warmup; i < n; i++) {
                long t0 = System.nanoTime();
                out.write(req);
                out.flush();
                readResponse(in);
                if (i >= 0) {
                    t[i] = System.nanoTime() - t0;
                }
            }
        }
        return t;
    }

    private static void readResponse(InputStream in) throws IOException {
        int length = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c == '\n') {
                String l = line.toString().trim();
                line.setLength(0);
                if (l.isEmpty()) {
                    break;
                }
                if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
            } else {
                line.append((char) c);
            }
        }
        if (length < 0 || in.readNBytes(length).length != length) {
            throw new IOException("bad response");
        }
    }

    private static long[] tcp(int n, int warmup) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[MESSAGE];
                    while (true) {
                        in.readFully(buf);
                        out.write(buf);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the client closed: done
                }
            });
            long[] t = new long[n];
            try (Socket c = new Socket(server.getInetAddress(), server.getLocalPort())) {
                c.setTcpNoDelay(true);
                InputStream in = c.getInputStream();
                OutputStream out = c.getOutputStream();
                byte[] msg = new byte[MESSAGE];
                byte[] back = new byte[MESSAGE];
                for (int i = -warmup; i < n; i++) {
                    long t0 = System.nanoTime();
                    out.write(msg);
                    out.flush();
                    new DataInputStream(in).readFully(back);
                    long dt = System.nanoTime() - t0;
                    if (i >= 0) {
                        t[i] = dt;
                    }
                }
            }
            echo.join(1000);
            return t;
        }
    }

    private static long pct(long[] sorted, int p) {
        long[] s = sorted.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static void report(String name, long[] t) {
        System.out.printf("%s: p50 %7.1f us   p90 %7.1f us   (n=%d)%n", name, pct(t, 50) / 1e3, pct(t, 90) / 1e3, t.length);
    }
}
