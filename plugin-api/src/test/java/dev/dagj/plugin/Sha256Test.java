package dev.dagj.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void knownAnswers() {
        // FIPS 180-4 examples
        assertThat(hex(Sha256.of(new byte[0], 0, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(Sha256.of(abc, 0, 3)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        byte[] two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(Sha256.of(two, 0, two.length)))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void everyLengthAndChunkingGivesTheJdksDigest() throws Exception {
        Random r = new Random(42);
        byte[] data = new byte[5000];
        r.nextBytes(data);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        Sha256 ours = new Sha256();
        for (int len = 0; len <= 300; len++) {
            int off = r.nextInt(100);
            jdk.update(data, off, len);
            assertThat(Sha256.of(data, off, len)).as("length %d", len).isEqualTo(jdk.digest());
        }
        for (int round = 0; round < 200; round++) {
            int total = r.nextInt(data.length);
            int i = 0;
            while (i < total) {
                int n = r.nextInt(4) == 0 ? 1 : Math.min(total - i, 1 + r.nextInt(150));
                if (n == 1) {
                    ours.update(data[i]);
                } else {
                    ours.update(data, i, n);
                }
                i += n;
            }
            jdk.update(data, 0, total);
            assertThat(ours.digest()).as("round %d, %d bytes", round, total).isEqualTo(jdk.digest());
        }
    }

    @Test
    void aCopyGoesOnOnItsOwnAndDigestStartsOver() throws Exception {
        byte[] a = "hello, ".getBytes(StandardCharsets.UTF_8);
        byte[] b = "world".getBytes(StandardCharsets.UTF_8);
        Sha256 s = new Sha256();
        s.update(a, 0, a.length);
        Sha256 copy = s.copy();
        s.update(b, 0, b.length);
        copy.update(a, 0, a.length);

        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        assertThat(s.digest()).isEqualTo(jdk.digest("hello, world".getBytes(StandardCharsets.UTF_8)));
        assertThat(copy.digest()).isEqualTo(jdk.digest("hello, hello, ".getBytes(StandardCharsets.UTF_8)));
        assertThat(s.digest()).as("after digest, an empty input").isEqualTo(jdk.digest(new byte[0]));
    }

    @Test
    void aBadRangeIsRejected() {
        assertThatThrownBy(() -> new Sha256().update(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
