package dev.dagj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dagger session} through the real launcher, the way the official SDKs start it: the connect JSON is the first
 * stdout line, the endpoint answers with Basic auth, and both ways of stopping it (stdin closed, SIGTERM) exit 0.
 */
class SessionCommandIT {
    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private Process process;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    private BufferedReader start() throws Exception {
        Path err = tmp.resolve("stderr");
        ProcessBuilder pb = DistLauncher.builder(tmp, tmp.resolve("state"), Map.of(), List.of(
                DistLauncher.launcher().toString(), "session", "--label", "dagger.io/sdk.name:test",
                "--label", "dagger.io/sdk.version:0.0.0"));
        process = pb.redirectError(err.toFile()).start();
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private JsonNode firstLine(BufferedReader stdout) throws Exception {
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).as("first stdout line; stderr: %s", Files.readString(tmp.resolve("stderr")))
                .matches("\\{\"port\":\\d+,\"session_token\":\"[^\"]+\"}");
        return json.readTree(line);
    }

    private HttpResponse<String> post(int port, String token, String query) throws Exception {
        String body = json.writeValueAsString(Map.of("query", query));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((token + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(req, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void servesGraphqlAndExitsZeroWhenStdinCloses() throws Exception {
        BufferedReader stdout = start();
        JsonNode params = firstLine(stdout);
        int port = params.get("port").asInt();
        String token = params.get("session_token").asText();

        HttpResponse<String> ok = post(port, token, "{ version }");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).at("/data/version").asText()).isEqualTo("v0.19.11");
        assertThat(post(port, "wrong-token", "{ version }").statusCode()).isEqualTo(401);

        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("session ends after stdin closed").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stdout.readLine()).as("nothing after the connect line").isNull();
    }

    @Test
    void exitsZeroOnSigterm() throws Exception {
        BufferedReader stdout = start();
        firstLine(stdout);

        process.destroy(); // SIGTERM, as the npm SDK sends it

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("session ends after SIGTERM").isTrue();
        assertThat(process.exitValue()).as("stderr: %s", Files.readString(tmp.resolve("stderr"))).isZero();
    }
}
