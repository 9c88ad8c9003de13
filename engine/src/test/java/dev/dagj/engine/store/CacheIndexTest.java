package dev.dagj.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheIndexTest {
    @TempDir
    Path state;

    private static Digest d(String s) {
        return Digest.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path log() {
        return state.resolve("cache").resolve("index-v1.log");
    }

    @Test
    void recordsSurviveReopening() throws Exception {
        try (CacheIndex idx = CacheIndex.open(state)) {
            idx.put(d("k1"), d("v1"));
            idx.put(d("k2"), d("v2"));
            idx.put(d("k1"), d("v1"));
        }
        assertThat(Files.size(log())).as("an unchanged record is not appended again").isEqualTo(2L * CacheIndex.RECORD);
        try (CacheIndex idx = CacheIndex.open(state)) {
            assertThat(idx.get(d("k1"))).isEqualTo(d("v1"));
            assertThat(idx.get(d("k2"))).isEqualTo(d("v2"));
            assertThat(idx.get(d("k3"))).isNull();
        }
    }

    @Test
    void aTornRecordHidesNoRecordAfterIt() throws Exception {
        try (CacheIndex idx = CacheIndex.open(state)) {
            idx.put(d("a"), d("va"));
            idx.put(d("torn"), d("vtorn"));
            idx.put(d("b"), d("vb"));
            idx.put(d("c"), d("vc"));
        }
        byte[] all = Files.readAllBytes(log());
        int r = CacheIndex.RECORD;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(all, 0, r); // a
        b.write(all, r, 30); // the first 30 bytes of "torn", as a killed writer leaves them
        b.write(all, 2 * r, 2 * r); // b, c
        Files.write(log(), b.toByteArray());
        try (CacheIndex idx = CacheIndex.open(state)) {
            assertThat(idx.snapshot()).isEqualTo(Map.of(d("a"), d("va"), d("b"), d("vb"), d("c"), d("vc")));
            idx.put(d("after"), d("vafter"));
        }
        try (CacheIndex idx = CacheIndex.open(state)) {
            assertThat(idx.get(d("after"))).isEqualTo(d("vafter"));
            assertThat(idx.size()).isEqualTo(4);
        }
    }

    @Test
    void aTornTrailingRecordIsDroppedAndLaterAppendsAreRead() throws Exception {
        try (CacheIndex idx = CacheIndex.open(state)) {
            idx.put(d("a"), d("va"));
        }
        byte[] all = Files.readAllBytes(log());
        byte[] torn = Arrays.copyOf(all, all.length + 40);
        System.arraycopy(all, 0, torn, all.length, 40);
        Files.write(log(), torn);
        try (CacheIndex idx = CacheIndex.open(state)) {
            assertThat(idx.size()).isEqualTo(1);
            idx.put(d("b"), d("vb"));
        }
        try (CacheIndex idx = CacheIndex.open(state)) {
            assertThat(idx.snapshot()).isEqualTo(Map.of(d("a"), d("va"), d("b"), d("vb")));
        }
    }

    @Test
    void aFlippedBitDropsOnlyItsRecord() throws Exception {
        try (CacheIndex idx = CacheIndex.open(state)) {
            idx.put(d("a"), d("va"));
            idx.put(d("b"), d("vb"));
        }
        byte[] all = Files.readAllBytes(log());
        all[10] ^= 1;
        Files.write(log(), all);
        try (CacheIndex idx = CacheIndex.open(state)) {
            assertThat(idx.snapshot()).isEqualTo(Map.of(d("b"), d("vb")));
        }
    }
}
