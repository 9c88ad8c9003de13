package dev.dagj.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's HTTP server over real loopback sockets, with raw requests where the wire format matters: keep-alive,
 * pipelining, chunked bodies, 100-continue, HTTP/1.0, malformed and oversized requests, a failing handler, close.
 */
class LoopbackHttpServerTest {
    private LoopbackHttpServer server;
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = LoopbackHttpServer.start(this::echo, (status, message) -> new LoopbackHttpServer.Response(status,
                "text/plain", Map.of(), ("error: " + message).getBytes(StandardCharsets.UTF_8)), "test-http");
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        server.close();
    }

    /** Echoes method, path, a header and the body; /boom fails; /slow waits until the test ends. */
    private LoopbackHttpServer.Response echo(LoopbackHttpServer.Request r) {
        if (r.path().equals("/boom")) {
            throw new IllegalStateException("boom");
        }
        if (r.path().equals("/slow")) {
            slowStarted.countDown();
            try {
                slowRelease.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String text = r.method() + " " + r.path() + " x=" + r.header("x-test") + " body="
                + new String(r.body(), StandardCharsets.UTF_8);
        return new LoopbackHttpServer.Response(200, "text/plain", Map.of("X-Echo", "1"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String raw) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one response (status line, headers, Content-Length body) from {@code in}. */
    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String h = head.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                int at = h.indexOf("Content-Length: ");
                int len = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)));
                return h + new String(in.readNBytes(len), StandardCharsets.UTF_8);
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String post(String path, String body, String... headers) {
        StringBuilder r = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: x\r\n");
        for (String h : headers) {
            r.append(h).append("\r\n");
        }
        return r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                .append(body).toString();
    }

    @Test
    void answersJavaNetHttpRequests() throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/q?a=b")).header("X-Test", "t" + i).POST(HttpRequest.BodyPublishers.ofString("hi " + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Echo")).hasValue("1");
            assertThat(r.body()).isEqualTo("POST /q x=t" + i + " body=hi " + i);
        }
    }

    @Test
    void keepsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        try (Socket s = connect()) {
            send(s, post("/a", "one", "X-Test: 1") + post("/b", "twö", "x-test: 2"));
            InputStream in = s.getInputStream();
            String first = response(in);
            String second = response(in);
            assertThat(first).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Connection: close")
                    .endsWith("POST /a x=1 body=one");
            assertThat(second).endsWith("POST /b x=2 body=twö");
            send(s, "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response(in)).endsWith("GET /c x=null body=");
        }
    }

    @Test
    void decodesChunkedBodiesAndAnswers100Continue() throws Exception {
        try (Socket s = connect()) {
            send(s, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
            InputStream in = s.getInputStream();
            byte[] cont = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertThat(new String(cont, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            send(s, "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");
            assertThat(response(in)).endsWith("POST /c x=null body=hello, world");
        }
    }

    @Test
    void http10AndConnectionCloseEndTheConnection() throws Exception {
        for (String request : new String[] {"POST /a HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
                post("/a", "hi", "Connection: close")}) {
            try (Socket s = connect()) {
                send(s, request);
                InputStream in = s.getInputStream();
                assertThat(response(in)).contains("Connection: close\r\n").endsWith("body=hi");
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void malformedRequestsGetAnErrorNamingTheProblemAndAreClosed() throws Exception {
        Map<String, String> cases = Map.of(
                "BROKEN\r\n\r\n", "400 Bad Request",
                "POST /a HTTP/2.0\r\n\r\n", "unsupported HTTP version",
                "POST /a HTTP/1.1\r\nno colon here\r\n\r\n", "malformed HTTP header line",
                "POST /a HTTP/1.1\r\nContent-Length: -4\r\n\r\n", "invalid Content-Length",
                "POST /a HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n", "invalid Content-Length",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size",
                "POST /a HTTP/1.1\r\nX-Big: " + "y".repeat(LoopbackHttpServer.MAX_LINE) + "\r\n\r\n",
                "431 Request Header Fields Too Large",
                "POST /a HTTP/1.1\r\nContent-Length: " + (LoopbackHttpServer.MAX_BODY + 1L) + "\r\n\r\n",
                "413 Content Too Large");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            try (Socket s = connect()) {
                send(s, c.getKey());
                InputStream in = s.getInputStream();
                String r = response(in);
                assertThat(r).as(c.getKey().lines().findFirst().orElse("")).contains(c.getValue())
                        .contains("Connection: close").contains("error: ");
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aRequestCutShortIsNamedWhereItEnds() throws Exception {
        Map<String, String> cases = Map.of(
                "POST /a HTTP/1.1\r\nHost: x\r\n", "the request's headers end early",
                "POST /a HTTP/1.1\r\nHost: x", "the request ends inside a line",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
                "the chunked request body ends early",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n", "trailer ends early",
                "POST /a HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc", "ends after 3 of 9 bytes");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            try (Socket s = connect()) {
                send(s, c.getKey());
                s.shutdownOutput();
                assertThat(response(s.getInputStream())).as(c.getKey()).startsWith("HTTP/1.1 400 ")
                        .contains(c.getValue());
            }
        }
    }

    @Test
    void aFailingHandlerGets500AndTheServerGoesOn() throws Exception {
        try (Socket s = connect()) {
            send(s, post("/boom", ""));
            InputStream in = s.getInputStream();
            assertThat(response(in)).startsWith("HTTP/1.1 500 ").contains("boom").contains("Connection: close");
            assertThat(in.read()).isEqualTo(-1);
        }
        try (Socket s = connect()) {
            send(s, post("/ok", "still"));
            assertThat(response(s.getInputStream())).endsWith("body=still");
        }
    }

    @Test
    void aSlowRequestHoldsUpOnlyItsConnectionAndCloseEndsEveryConnection() throws Exception {
        try (Socket slow = connect(); Socket idle = connect(); Socket other = connect()) {
            send(slow, post("/slow", ""));
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            send(other, post("/fast", "f"));
            assertThat(response(other.getInputStream())).endsWith("body=f");
            long t0 = System.nanoTime();
            server.close();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(slow.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
        try (Socket s = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(
                    new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000))
                    .isInstanceOf(IOException.class);
        }
    }
}
