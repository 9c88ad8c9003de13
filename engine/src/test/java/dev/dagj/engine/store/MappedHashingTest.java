package dev.dagj.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both ways of hashing a large blob's file give its SHA-256, for sizes around their slice and buffer sizes. */
class MappedHashingTest {
    @TempDir
    Path dir;

    @Test
    void theJava22MappingAndTheReadGiveTheFilesDigest() throws Exception {
        MappedHashing best = MappedHashing.get();
        if (Runtime.version().feature() >= 22) {
            assertThat(best.getClass().getName()).as("the Java 22 class loads here").isEqualTo(MappedHashing.JAVA22_CLASS);
        }
        byte[] data = new byte[(33 << 20) + 123];
        new Random(7).nextBytes(data);
        Path f = Files.write(dir.resolve("blob"), data);
        for (long size : new long[] {0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 16L << 20, (16L << 20) + 5,
            data.length}) {
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            expected.update(data, 0, (int) size);
            String want = HexFormat.of().formatHex(expected.digest());
            for (MappedHashing h : new MappedHashing[] {best, MappedHashing.READ}) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
                    h.hash(md, c, size);
                }
                assertThat(HexFormat.of().formatHex(md.digest())).as("%s, %d bytes", h, size).isEqualTo(want);
            }
        }
    }
}
