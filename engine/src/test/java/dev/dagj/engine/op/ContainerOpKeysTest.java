package dev.dagj.engine.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden keys of the container op kinds (same contract as {@link OpKeysTest}: a failure means the encoding changed,
 * which needs a new kind name or domain version, not new expected values), and the identity rules of exec keys.
 */
class ContainerOpKeysTest {
    private static final Digest D = Digest.of("x".getBytes(StandardCharsets.UTF_8));
    private static final Vertex EMPTY = Vertex.of(new EmptyRootfsOp());
    private static final Vertex IMAGE = Vertex.of(new ImageRootfsOp("127.0.0.1:5000/bb:v1@" + D, "linux/amd64", D));
    private static final Vertex TREE = Vertex.of(new ScratchOp());

    static ExecOp exec(List<ExecMount> mounts, List<String> env, List<ExecOp.SecretEnv> secrets) {
        return new ExecOp(IMAGE, mounts, List.of("sh", "-c", "true"), env, secrets, "/w", "", "", "", "", "SUCCESS");
    }

    @Test
    void goldenKeys() {
        Vertex x = Vertex.of(exec(List.of(new ExecMount.Tree("/src", TREE, "", false),
                new ExecMount.Cache("/c", "v", "SHARED", null, ""), new ExecMount.Tmpfs("/t", 0),
                new ExecMount.Secret("/s", D, 0400, "")), List.of("A=1"), List.of(new ExecOp.SecretEnv("S", D))));
        assertThat(List.of(EMPTY, IMAGE, Vertex.of(new TreeLayerOp(IMAGE, TREE)),
                Vertex.of(new WhiteoutLayerOp(IMAGE, "etc/motd")), Vertex.of(new RootfsTreeOp(IMAGE, "etc")), x,
                Vertex.of(new ExecRootfsOp(x)), Vertex.of(new ExecMountOp(x, "/src"))).stream()
                .map(v -> v.key().toString()).toList()).containsExactly(GOLDEN);
    }

    static final String[] GOLDEN = {
        "sha256:d1f415381b52579aa01887b9edfb3049951310b7ea3f15b9c1e5ef31680e20c1",
        "sha256:1f7f41ac4ab8712117e75bae1068fcc2bc3b6a3fd250b6564d331f25c84f0c3e",
        "sha256:41ed86da4c588d4175bac6d75f39476019b9e7d5a9e7cf84c0c1d946267ba1e0",
        "sha256:0fb05f445974baa439978e646d38d51e430201890b9c1a55cd7bef3981d16229",
        "sha256:84a561dbe5939050a4bac6f641b8e3ee8f8db648f6e7dfb83fa5c4c943b7d662",
        "sha256:23d24c97bbb2ca479e1cff0dc6dd8ed0e0921a646a8231fcb76cfa909cd87573",
        "sha256:2d159574ee5f31a80bf14f8b0c62994f505b928259b8a7e504774d94ec6422af",
        "sha256:dc71f955ba3063e71b916cd6a14d25636416e8fafda885a562ed0644e3704901",
    };

    @Test
    void execKeysChangeWithVolumeIdentityAndSecretDigestOnly() {
        Digest other = Digest.of("y".getBytes(StandardCharsets.UTF_8));
        Vertex a = Vertex.of(exec(List.of(new ExecMount.Cache("/c", "v1", "SHARED", null, "")), List.of(), List.of()));
        Vertex b = Vertex.of(exec(List.of(new ExecMount.Cache("/c", "v2", "SHARED", null, "")), List.of(), List.of()));
        assertThat(a).isNotEqualTo(b);
        Vertex s1 = Vertex.of(exec(List.of(), List.of(), List.of(new ExecOp.SecretEnv("S", D))));
        Vertex s2 = Vertex.of(exec(List.of(), List.of(), List.of(new ExecOp.SecretEnv("S", other))));
        assertThat(s1).isNotEqualTo(s2);
        assertThat(Vertex.of(exec(List.of(), List.of(), List.of(new ExecOp.SecretEnv("S", D))))).isEqualTo(s1);
    }
}
