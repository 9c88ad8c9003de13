package dev.dagj.engine.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden keys: the op key format is a forever contract (results are cached under these keys across engine versions).
 * If one of these fails, the encoding changed; that needs a new domain version, not new expected values.
 */
class OpKeysTest {
    private static final Vertex SCRATCH = Vertex.of(new ScratchOp());
    private static final Digest TREE = Digest.of("tree".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void scratchKeyIsTheDocumentedEncoding() {
        // tag 1 (string), length 10, "dagj-op/v1"; tag 1, length 7, "scratch"; tag 5 (list), length 0 (no inputs).
        byte[] enc = new byte[2 + 10 + 2 + 7 + 2];
        int i = 0;
        enc[i++] = 1;
        enc[i++] = 10;
        for (byte b : "dagj-op/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            enc[i++] = b;
        }
        enc[i++] = 1;
        enc[i++] = 7;
        for (byte b : "scratch".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            enc[i++] = b;
        }
        enc[i++] = 5;
        enc[i] = 0;
        assertThat(SCRATCH.key()).isEqualTo(Digest.of(enc));
    }

    @Test
    void goldenKeys() {
        Vertex file = Vertex.of(new MkFileOp(SCRATCH, "a/b.txt", "hello", 0644));
        Vertex up = Vertex.of(new LocalUploadOp(TREE));
        assertThat(SCRATCH.key().toString())
                .isEqualTo("sha256:780a8aa92b8c6fabbb5e8d0b9b81c75a59fed3ca3e3b402dd001ff877f6a3e3c");
        assertThat(file.key().toString())
                .isEqualTo("sha256:4b07de785a0a1ea0497d8e274c53de3bfafd2b6ebfd2fc4efdcc9a842d6febbb");
        assertThat(up.key().toString())
                .isEqualTo("sha256:f43c2456b517063ec863ba50457279a12c11a8f9a4e7b6d25756af87f1bb85b9");
        assertThat(Vertex.of(new CopyOp(file, "x", up, "", List.of("*.go"), List.of("vendor"), null)).key().toString())
                .isEqualTo("sha256:6e1ae5ef889c6fd13bc7e93c9be5732dc508d0df21c70d21bcd97eb3dba04eb1");
        assertThat(Vertex.of(new MergeOp(List.of(file, up))).key().toString())
                .isEqualTo("sha256:d372dacbf22e1ee67906022ed9c15848ee72f4f68d5cfa5a672f604ef1eef320");
    }

    @Test
    void everyFieldAndInputIsInTheKey() {
        Vertex base = Vertex.of(new MkFileOp(SCRATCH, "a", "x", 0644));
        assertThat(base.key()).isEqualTo(Vertex.of(new MkFileOp(SCRATCH, "a", "x", 0644)).key());
        assertThat(base.key()).isNotEqualTo(Vertex.of(new MkFileOp(SCRATCH, "b", "x", 0644)).key());
        assertThat(base.key()).isNotEqualTo(Vertex.of(new MkFileOp(SCRATCH, "a", "y", 0644)).key());
        assertThat(base.key()).isNotEqualTo(Vertex.of(new MkFileOp(SCRATCH, "a", "x", 0755)).key());
        assertThat(base.key()).isNotEqualTo(Vertex.of(new MkFileOp(base, "a", "x", 0644)).key());
        // Field boundaries are unambiguous: ("ab","c") and ("a","bc") differ.
        assertThat(Vertex.of(new MkFileOp(SCRATCH, "ab", "c", 0644)).key())
                .isNotEqualTo(Vertex.of(new MkFileOp(SCRATCH, "a", "bc", 0644)).key());
        // Input order matters for merge.
        Vertex other = Vertex.of(new MkDirOp(SCRATCH, "d", 0755));
        assertThat(Vertex.of(new MergeOp(List.of(base, other))).key())
                .isNotEqualTo(Vertex.of(new MergeOp(List.of(other, base))).key());
        // Include and exclude lists are not interchangeable.
        assertThat(Vertex.of(new CopyOp(SCRATCH, "", base, "", List.of("a"), List.of(), null)).key())
                .isNotEqualTo(Vertex.of(new CopyOp(SCRATCH, "", base, "", List.of(), List.of("a"), null)).key());
    }

    @Test
    void opsRejectUnnormalizedPaths() {
        assertThatThrownBy(() -> new MkFileOp(SCRATCH, "/a", "x", 0644)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RmOp(SCRATCH, "a/../b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OpPaths.normalizeOrNull("/a/./b//c/")).isEqualTo("a/b/c");
        assertThat(OpPaths.normalizeOrNull("a/x/../b")).isEqualTo("a/b");
        assertThat(OpPaths.normalizeOrNull("../a")).isNull();
        assertThat(OpPaths.normalizeOrNull("/")).isEmpty();
    }
}
