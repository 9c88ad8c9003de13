package dev.dagj.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRefTest {
    static final String HEX = "a".repeat(64);

    @Test
    void shortNamesExpandToDockerHub() throws ImageException {
        assertThat(ImageRef.parse("alpine").toString()).isEqualTo("docker.io/library/alpine:latest");
        assertThat(ImageRef.parse("alpine:3.19").tag()).contains("3.19");
        assertThat(ImageRef.parse("user/app").toString()).isEqualTo("docker.io/user/app:latest");
        assertThat(ImageRef.parse("index.docker.io/library/alpine").toString())
                .isEqualTo("docker.io/library/alpine:latest");
        assertThat(ImageRef.parse("docker.io/alpine").repository()).isEqualTo("library/alpine");
    }

    @Test
    void hostsWithPortsAndDomains() throws ImageException {
        ImageRef r = ImageRef.parse("127.0.0.1:5000/a/b:t");
        assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(r.repository()).isEqualTo("a/b");
        assertThat(r.tag()).contains("t");
        assertThat(ImageRef.parse("localhost/app").registry()).isEqualTo("localhost");
        assertThat(ImageRef.parse("localhost:5000/app").toString()).isEqualTo("localhost:5000/app:latest");
        assertThat(ImageRef.parse("ghcr.io/org/app:v1").name()).isEqualTo("ghcr.io/org/app");
        assertThat(ImageRef.parse("[::1]:5000/app:1").registry()).isEqualTo("[::1]:5000");
    }

    @Test
    void digestsWithAndWithoutTags() throws ImageException {
        ImageRef d = ImageRef.parse("alpine@sha256:" + HEX);
        assertThat(d.tag()).isEmpty();
        assertThat(d.digest()).contains(new Digest(HEX));
        assertThat(d.reference()).isEqualTo("sha256:" + HEX);
        ImageRef both = ImageRef.parse("127.0.0.1:5000/app:v1@sha256:" + HEX);
        assertThat(both.tag()).contains("v1");
        assertThat(both.reference()).isEqualTo("sha256:" + HEX);
        assertThat(both.toString()).isEqualTo("127.0.0.1:5000/app:v1@sha256:" + HEX);
        assertThat(ImageRef.parse(both.toString())).isEqualTo(both);
    }

    @Test
    void invalidReferencesSayWhy() {
        assertThatThrownBy(() -> ImageRef.parse("Alpine")).hasMessageContaining("must be lowercase");
        assertThatThrownBy(() -> ImageRef.parse("alpine@sha512:abc")).hasMessageContaining("only sha256");
        assertThatThrownBy(() -> ImageRef.parse("alpine@sha256:abc")).hasMessageContaining("digest");
        assertThatThrownBy(() -> ImageRef.parse("alpine:")).hasMessageContaining("tag");
        assertThatThrownBy(() -> ImageRef.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageRef.parse("a//b")).hasMessageContaining("not a valid repository");
    }

    @Test
    void platformsNormalise() throws ImageException {
        assertThat(Platform.parse("linux/x86_64")).isEqualTo(Platform.LINUX_AMD64);
        assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(new Platform("linux", "aarch64", ""));
        assertThat(Platform.parse("linux/arm/v7").toString()).isEqualTo("linux/arm/v7");
        assertThat(new Platform("linux", "arm", "").accepts(Platform.parse("linux/arm/v7"))).isTrue();
        assertThat(Platform.parse("linux/arm/v7").accepts(Platform.parse("linux/arm/v6"))).isFalse();
        assertThatThrownBy(() -> Platform.parse("linux")).hasMessageContaining("os/architecture");
    }

    @Test
    void endpointsAreHttpsExceptLoopbackAndInsecureHosts() {
        RegistryConfig c = new RegistryConfig(Set.of("reg.internal:5000"), Map.of());
        assertThat(c.endpoint("docker.io")).hasToString("https://registry-1.docker.io");
        assertThat(c.endpoint("ghcr.io")).hasToString("https://ghcr.io");
        assertThat(c.endpoint("localhost:5000")).hasToString("http://localhost:5000");
        assertThat(c.endpoint("127.0.0.1:5000")).hasToString("http://127.0.0.1:5000");
        assertThat(c.endpoint("[::1]:5000")).hasToString("http://[::1]:5000");
        assertThat(c.endpoint("reg.internal:5000")).hasToString("http://reg.internal:5000");
        assertThat(c.endpoint("reg.internal:6000")).hasToString("https://reg.internal:6000");
    }

    @Test
    void credentialsComeFromDockerConfig(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".docker"));
        String auth = Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"},"
                + "\"127.0.0.1:5000\":{\"username\":\"bob\",\"password\":\"pw\"},"
                + "\"ghcr.io\":{}}}");
        RegistryConfig c = RegistryConfig.load(Map.of(), home, Set.of());
        assertThat(c.credentialsFor("docker.io")).contains(new RegistryCredentials("alice", "s3cr:et"));
        assertThat(c.credentialsFor("127.0.0.1:5000")).contains(new RegistryCredentials("bob", "pw"));
        assertThat(c.credentialsFor("ghcr.io")).isEmpty();
        assertThat(c.credentialsFor("docker.io").orElseThrow().toString()).doesNotContain("s3cr");
        assertThat(RegistryConfig.load(Map.of("DOCKER_CONFIG", home.resolve("none").toString()), home, Set.of())
                .credentials()).isEmpty();
    }

    @Test
    void challengesParseQuotedCommas() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"reg\","
                + "scope=\"repository:a/b:pull,push\"").orElseThrow();
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
        assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push");
        assertThat(AuthChallenge.parse("Basic realm=\"x\"").orElseThrow().scheme()).isEqualTo("basic");
        assertThat(AuthChallenge.parse("")).isEqualTo(Optional.empty());
    }
}
