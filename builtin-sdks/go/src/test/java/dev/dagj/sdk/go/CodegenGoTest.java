package dev.dagj.sdk.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Go code generator's own test suite ({@code go vet} and {@code go test}, offline) as part of the build, so
 * the generator shipped in this plugin is checked by the same command as everything else.
 */
class CodegenGoTest {
    private static final Path CODEGEN = Path.of("src/main/resources/dev/dagj/sdk/go/codegen");

    @TempDir
    Path cache;

    static String goBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
                return Path.of(dir, "go").toString();
            }
        }
        Path standard = Path.of("/usr/local/go/bin/go");
        if (Files.isExecutable(standard)) {
            return standard.toString();
        }
        throw new IllegalStateException("no Go toolchain: put `go` on PATH or install one under /usr/local/go");
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(args).directory(CODEGEN.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GOFLAGS", "-mod=mod");
        env.put("GOPROXY", "off");
        env.put("CGO_ENABLED", "0");
        env.put("GOTOOLCHAIN", "local");
        // GOCACHE stays Go's default (under the user's cache dir): the builds in these tests share the standard
        // library's compiled packages between runs.
        env.putIfAbsent("HOME", cache.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", args, out).isZero();
        return out;
    }

    @Test
    void goVetAndGoTestPass() throws Exception {
        String go = goBinary();
        run(List.of(go, "vet", "./..."));
        String out = run(List.of(go, "test", "-count=1", "./..."));
        assertThat(out).contains("ok  \tdagj.dev/codegen");
    }
}
