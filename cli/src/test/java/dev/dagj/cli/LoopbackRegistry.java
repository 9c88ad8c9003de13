package dev.dagj.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real OCI registry (Debian's docker-registry) on 127.0.0.1 with temporary storage; stopped on close. */
final class LoopbackRegistry implements AutoCloseable {
    private final Process process;
    private final int port;

    private LoopbackRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LoopbackRegistry start(Path dir) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/docker-registry");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("/usr/bin/docker-registry is missing: install docker-registry"
                    + " (./run-tests does)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\n"
                + "log: {level: error}\n"
                + "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}, delete: {enabled: true}}\n"
                + "http: {addr: 127.0.0.1:" + port + "}\n");
        Process p = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LoopbackRegistry r = new LoopbackRegistry(p, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create("http://" + r.address() + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() == 200) {
                    return r;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        r.close();
        throw new IllegalStateException("docker-registry did not start on 127.0.0.1:" + port + "; see "
                + dir.resolve("registry.log"));
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
