package dev.dagj.engine.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code docker-registry serve} (distribution 2.8.2) on 127.0.0.1 with a free port and temp storage, plain
 * HTTP, no auth. Register it as a static {@code @RegisterExtension} field: it starts before the class's tests (ready
 * once {@code GET /v2/} answers 200) and is stopped (destroy, then wait) after them.
 */
final class LocalRegistry implements BeforeAllCallback, AfterAllCallback {
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private Path dir;
    private Process process;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install docker-registry");
        }
        dir = Files.createTempDirectory("dagj-registry");
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            Path config = dir.resolve("config.yml");
            Files.writeString(config, "version: 0.1\n"
                    + "log: {level: warn}\n"
                    + "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}, delete: {enabled: true},"
                    + " cache: {blobdescriptor: inmemory}}\n"
                    + "http: {addr: 127.0.0.1:" + port + ", headers: {X-Content-Type-Options: [nosniff]}}\n");
            process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            if (awaitReady()) {
                return;
            }
            stopProcess();
        }
        throw new IllegalStateException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }

    private boolean awaitReady() throws InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    return false;
                }
                try {
                    if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return true;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        }
        return false;
    }

    void stop() throws IOException, InterruptedException {
        stopProcess();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void stopProcess() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:<port>} */
    String host() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    ImageRef ref(String repoAndTag) throws ImageException {
        return ImageRef.parse(host() + "/" + repoAndTag);
    }
}
