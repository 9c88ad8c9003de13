package dev.dagj.engine.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JavaSha256Test {
    @Test
    void itIsTheJdksSha256ThroughTheMessageDigestApi() throws Exception {
        Random r = new Random(7);
        byte[] data = new byte[3000];
        r.nextBytes(data);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        MessageDigest ours = new JavaSha256();
        assertThat(ours.getAlgorithm()).isEqualTo("SHA-256");
        assertThat(ours.getDigestLength()).isEqualTo(32);

        ours.update(data, 0, 100);
        ours.update(data[100]);
        ours.update(ByteBuffer.wrap(data, 101, 1000));
        ByteBuffer direct = ByteBuffer.allocateDirect(500).put(data, 1101, 500).flip();
        ours.update(direct);
        MessageDigest forked = (MessageDigest) ours.clone();
        forked.update(data, 1601, 7);
        jdk.update(data, 0, 1601);
        MessageDigest jdkForked = (MessageDigest) jdk.clone();
        jdkForked.update(data, 1601, 7);

        assertThat(ours.digest()).isEqualTo(jdk.digest());
        assertThat(forked.digest()).isEqualTo(jdkForked.digest());
        ours.update(data, 5, 64);
        ours.reset();
        assertThat(ours.digest(data)).as("after a reset").isEqualTo(jdk.digest(data));
    }

    @Test
    void smallInputsBeforeBulkUseIt() {
        assertThat(new Sha256Backends.PlainJava().newDigest()).isInstanceOf(JavaSha256.class);
        assertThat(Digest.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
