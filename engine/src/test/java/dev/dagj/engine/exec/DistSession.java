package dev.dagj.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.session.SessionClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For the benchmarks: {@code bin/dagger session} of a built distribution (cli/target/dist), the engine exactly as an
 * SDK gets it (the launcher's JVM flags and start-up archive), served from another process. Stopped by closing its
 * stdin, as the SDKs do.
 */
final class DistSession implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int port;
    final String token;

    private DistSession(Process process, Path log, int port, String token) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.token = token;
    }

    /** Starts {@code dist/bin/dagger --state-dir state session} with {@code backend}; its stderr goes to a file. */
    static DistSession start(Path dist, Path state, BackendPreference backend)
            throws IOException, InterruptedException {
        Path launcher = dist.resolve("bin/dagger");
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is missing: build the distribution first (./dagger version)");
        }
        Files.createDirectories(state);
        Path log = state.resolveSibling(state.getFileName() + ".session.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(launcher.toString(), "--state-dir", state.toString(), "session"))
                .redirectError(log.toFile());
        pb.environment().put(BackendPreference.ENV, backend.name().toLowerCase(java.util.Locale.ROOT));
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        // A JVM agent given in DAGJ_JAVA_OPTS (a profiler) may print a line of its own first.
        while (line != null && !line.startsWith("{")) {
            line = out.readLine();
        }
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("dagger session printed nothing; its stderr: " + Files.readString(log));
        }
        try {
            JsonNode params = SessionClient.JSON.readTree(line);
            return new DistSession(p, log, params.get("port").asInt(), params.get("session_token").asText());
        } catch (IOException | RuntimeException e) {
            // not the connection line: stop the session before the caller removes its state dir
            p.destroyForcibly().waitFor();
            throw new IOException("dagger session printed " + line + " instead of its connection JSON", e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("dagger session did not stop within 30 s of its stdin closing; see " + log);
        }
        Files.deleteIfExists(log);
    }
}
