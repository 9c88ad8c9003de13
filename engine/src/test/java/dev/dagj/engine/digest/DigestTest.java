package dev.dagj.engine.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hex text of a digest and its raw bytes, against the JDK's {@link HexFormat}. */
class DigestTest {
    @Test
    void rawAndHexRoundTripAsHexFormatWritesThem() {
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] raw = new byte[32];
            rnd.nextBytes(raw);
            if (i == 0) {
                java.util.Arrays.fill(raw, (byte) 0xff);
            } else if (i == 1) {
                java.util.Arrays.fill(raw, (byte) 0);
            }
            Digest d = Digest.fromRaw(raw);
            assertThat(d.hex()).isEqualTo(HexFormat.of().formatHex(raw));
            assertThat(d.raw()).isEqualTo(raw);
            assertThat(Digest.parse(d.toString())).isEqualTo(d);
        }
    }

    @Test
    void onlySixtyFourLowercaseHexDigitsAreADigest() {
        String ok = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(new Digest(ok).hex()).isEqualTo(ok);
        for (String bad : new String[] {ok.toUpperCase(), ok.substring(1), ok + "0", ok.replace('b', 'g'),
            ok.replace('a', '/'), ok.replace('f', ':'), ""}) {
            assertThatThrownBy(() -> new Digest(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a sha256 hex digest: \"" + bad + "\"");
        }
        assertThatThrownBy(() -> Digest.fromRaw(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes, not 31");
    }
}
