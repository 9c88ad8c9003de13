package dev.dagj.engine.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SystemRandomTest {
    @Test
    void givesTheBytesAskedForAndNeverTheSameTwice() {
        assertThat(SystemRandom.bytes(0)).isEmpty();
        assertThat(SystemRandom.bytes(32)).hasSize(32);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String h = SystemRandom.hex(16);
            assertThat(h).hasSize(32).matches("[0-9a-f]+");
            assertThat(seen.add(h)).as("a repeated 128-bit value").isTrue();
        }
    }

    @Test
    void eachBitIsSetAboutHalfTheTime() {
        byte[] b = SystemRandom.bytes(4096);
        int ones = 0;
        for (byte x : b) {
            ones += Integer.bitCount(x & 0xff);
        }
        // 32768 fair bits: mean 16384, standard deviation about 90.5; allow more than 6 of them
        assertThat(ones).isBetween(16384 - 600, 16384 + 600);
    }
}
