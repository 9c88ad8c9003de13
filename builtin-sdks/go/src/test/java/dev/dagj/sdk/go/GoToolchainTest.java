package dev.dagj.sdk.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoToolchainTest {
    @TempDir
    Path tmp;

    /** Without running it, the same root as {@code go env GOROOT} of the host's go command. */
    @Test
    void theInstallRootIsWhatGoEnvSays() throws Exception {
        GoToolchain found = GoToolchain.locate(Map.of(), System.getenv("PATH"));
        Process p = new ProcessBuilder(found.root().resolve("bin/go").toString(), "env", "GOROOT").start();
        String goEnv = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        assertThat(found.root()).isEqualTo(Path.of(goEnv).toRealPath());
        assertThat(GoToolchain.installRoot(found.root().resolve("bin/go"), null)).isEqualTo(found.root());
    }

    @Test
    void aLinkedGoResolvesToItsInstallationAndAnythingElseIsLeftToGoEnv() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("go"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("pkg/tool"));
        Files.writeString(root.resolve("bin/go"), "#!/bin/sh\n");
        Files.writeString(root.resolve("VERSION"), "go1.99.0\n");
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("usr/bin")).resolve("go"),
                root.resolve("bin/go"));

        assertThat(GoToolchain.installRoot(link, null)).isEqualTo(root.toRealPath());
        assertThat(GoToolchain.installRoot(link, "/elsewhere")).as("GOROOT set: go env decides").isNull();
        Files.delete(root.resolve("VERSION"));
        assertThat(GoToolchain.installRoot(link, null)).as("not an installation").isNull();
    }
}
