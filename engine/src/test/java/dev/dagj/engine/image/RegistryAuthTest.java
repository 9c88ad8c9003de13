package dev.dagj.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bearer-token and Basic auth, anonymous and with credentials from a docker config.json, through {@link FrontProxy}. */
class RegistryAuthTest {
    @RegisterExtension
    static final LocalRegistry REGISTRY = new LocalRegistry();
    static final RegistryCredentials ALICE = new RegistryCredentials("alice", "pa:ss");

    @TempDir
    Path work;
    ImageStack publisher;
    ImageRef pushed;

    @BeforeEach
    void push() throws Exception {
        publisher = ImageStack.open(work.resolve("publisher"));
        pushed = new TestImages(publisher, work.resolve("build")).pushBusybox(REGISTRY.ref("private/app:v1"));
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    private ImageRef via(FrontProxy proxy) throws ImageException {
        return ImageRef.parse(proxy.host() + "/private/app:v1");
    }

    private RegistryConfig dockerConfigFor(String host, RegistryCredentials c) throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        String auth = Base64.getEncoder().encodeToString((c.username() + ":" + c.password())
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth
                + "\"}}}");
        return RegistryConfig.load(Map.of(), home, Set.of());
    }

    @Test
    void anonymousBearerTokenFlowPullsAndReusesTheToken() throws Exception {
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.BEARER, Optional.empty());
                ImageStack puller = ImageStack.open(work.resolve("puller"))) {
            Image image = puller.images.resolve(via(proxy), Platform.LINUX_AMD64);
            assertThat(image.manifestDigest()).isEqualTo(pushed.digest().orElseThrow());
            assertThat(puller.images.ensureSnapshots(image).get(0).resolve("bin/busybox")).exists();
            assertThat(proxy.tokenRequests).hasValue(1);
            assertThat(proxy.scopes).containsExactly("repository:private/app:pull");
        }
    }

    @Test
    void tokenRequestsCarryDockerConfigCredentials() throws Exception {
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.BEARER, Optional.of(ALICE));
                ImageStack puller = ImageStack.open(work.resolve("puller"), dockerConfigFor(proxy.host(), ALICE));
                ImageStack anonymous = ImageStack.open(work.resolve("anonymous"))) {
            Image image = puller.images.resolve(via(proxy), Platform.LINUX_AMD64);
            assertThat(puller.images.ensureSnapshots(image)).hasSize(1);
            assertThatThrownBy(() -> anonymous.images.resolve(via(proxy), Platform.LINUX_AMD64))
                    .isInstanceOf(ImageException.class)
                    .hasMessageContaining("authentication failed for " + via(proxy))
                    .hasMessageContaining("token server " + proxy.host() + " answered HTTP 401")
                    .hasMessageContaining("no credentials for " + proxy.host());
        }
    }

    @Test
    void wrongCredentialsAreNamed() throws Exception {
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.BEARER, Optional.of(ALICE));
                ImageStack puller = ImageStack.open(work.resolve("puller"),
                        dockerConfigFor(proxy.host(), new RegistryCredentials("alice", "wrong")))) {
            assertThatThrownBy(() -> puller.images.resolve(via(proxy), Platform.LINUX_AMD64))
                    .hasMessageContaining("answered HTTP 401 for user alice");
        }
    }

    @Test
    void basicChallengesUseDockerConfigCredentials() throws Exception {
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.BASIC, Optional.of(ALICE));
                ImageStack puller = ImageStack.open(work.resolve("puller"), dockerConfigFor(proxy.host(), ALICE));
                ImageStack anonymous = ImageStack.open(work.resolve("anonymous"))) {
            Image image = puller.images.resolve(via(proxy), Platform.LINUX_AMD64);
            assertThat(puller.images.ensureSnapshots(image)).hasSize(1);
            assertThatThrownBy(() -> anonymous.images.resolve(via(proxy), Platform.LINUX_AMD64))
                    .hasMessage("pull access denied / not found: " + via(proxy) + " (UNAUTHORIZED)");
        }
    }

    @Test
    void blobRedirectsAreFollowedWithoutLeakingTheToken() throws Exception {
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.BEARER, Optional.empty());
                ImageStack puller = ImageStack.open(work.resolve("puller"))) {
            proxy.redirectBlobs = true;
            Image image = puller.images.resolve(via(proxy), Platform.LINUX_AMD64);
            assertThat(puller.images.ensureSnapshots(image).get(0).resolve("bin/busybox")).exists();
            assertThat(proxy.redirected).hasValue(2);
            assertThat(proxy.redirectedWithAuthorization).hasValue(0);
        }
    }

    @Test
    void pushGetsAPushScopedToken() throws Exception {
        try (FrontProxy proxy = new FrontProxy(REGISTRY.host(), FrontProxy.Auth.BEARER, Optional.empty())) {
            Image image = publisher.images.resolve(pushed, Platform.LINUX_AMD64);
            ImageRef target = ImageRef.parse(proxy.host() + "/pushed/app:v2");
            ImageRef result = publisher.images.publish(target, List.of(image));
            assertThat(result.digest()).isEqualTo(pushed.digest());
            assertThat(proxy.scopes).contains("repository:pushed/app:pull,push");
            try (ImageStack puller = ImageStack.open(work.resolve("puller"))) {
                assertThat(puller.images.resolve(REGISTRY.ref("pushed/app:v2"), Platform.LINUX_AMD64)
                        .manifestDigest()).isEqualTo(pushed.digest().orElseThrow());
            }
        }
    }
}
