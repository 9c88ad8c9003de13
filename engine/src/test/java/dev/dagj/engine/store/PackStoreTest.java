package dev.dagj.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small blobs and trees packed by a {@link BlobBatch}: round trip, atomic visibility, sharing and damage. */
class PackStoreTest {
    @TempDir
    Path state;

    @TempDir
    Path host;

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void blobsAndTreesRoundTripThroughAPackVisibleOnlyAfterCommit() throws Exception {
        ContentStore store = ContentStore.open(state);
        Random rnd = new Random(7);
        Map<Digest, byte[]> written = new HashMap<>();
        List<TreeEntry> entries = new ArrayList<>();
        Digest tree;
        try (BlobBatch batch = store.newBatch()) {
            for (int i = 0; i < 300; i++) {
                byte[] data = new byte[i == 0 ? 0 : i == 1 ? 1 << 20 : rnd.nextInt(5000)];
                rnd.nextBytes(data);
                Digest d = batch.putBytes(data);
                assertThat(d).isEqualTo(Digest.of(data));
                written.put(d, data);
                entries.add(TreeEntry.file("f" + i, 0644, data.length, d));
            }
            tree = batch.putTree(new Tree(entries));
            assertThat(store.has(tree)).as("nothing is visible before the commit").isFalse();
            assertThat(written.keySet()).noneMatch(store::has);
            batch.commit();
        }
        assertThat(files(state.resolve("packs"))).hasSize(1);
        assertThat(files(state.resolve("blobs"))).as("no loose blob for packed ones").isEmpty();
        for (ContentStore s : List.of(store, ContentStore.open(state))) {
            assertThat(s.tree(tree).entries()).isEqualTo(new Tree(entries).entries());
            for (Map.Entry<Digest, byte[]> e : written.entrySet()) {
                assertThat(s.has(e.getKey())).isTrue();
                assertThat(s.readBytes(e.getKey())).isEqualTo(e.getValue());
                assertThat(s.blobSize(e.getKey())).isEqualTo(e.getValue().length);
                try (InputStream in = s.open(e.getKey())) {
                    assertThat(in.readAllBytes()).isEqualTo(e.getValue());
                }
                assertThat(s.isIntact(e.getKey())).isTrue();
            }
            TreeEntry f2 = s.tree(tree).entries().stream().filter(e -> e.name().equals("f2")).findFirst()
                    .orElseThrow();
            try (InputStream in = s.open(f2)) {
                assertThat(in.readAllBytes()).isEqualTo(written.get(f2.digest()));
            }
        }
    }

    @Test
    void aBatchClosedWithoutCommitLeavesNothing() throws Exception {
        ContentStore store = ContentStore.open(state);
        Digest d;
        try (BlobBatch batch = store.newBatch()) {
            d = batch.putBytes("never committed".getBytes());
        }
        assertThat(store.has(d)).isFalse();
        assertThat(files(state.resolve("packs"))).isEmpty();
        assertThat(files(state.resolve("tmp")).stream().filter(p -> !p.toString().endsWith(".lock")).toList())
                .as("the temp pack is removed").isEmpty();
        assertThatThrownBy(() -> store.readBytes(d)).hasMessageContaining("blob " + d + " is missing");
    }

    @Test
    void filesOverOneMegabyteBecomeLooseBlobsHashedWhileCopied() throws Exception {
        ContentStore store = ContentStore.open(state);
        byte[] big = new byte[(3 << 20) + 5];
        new Random(3).nextBytes(big);
        byte[] small = "small".getBytes();
        Files.write(host.resolve("big"), big);
        Files.write(host.resolve("small"), small);
        try (BlobBatch batch = store.newBatch()) {
            ContentStore.Stored b = batch.putFile(host.resolve("big"));
            assertThat(b).isEqualTo(new ContentStore.Stored(Digest.of(big), big.length));
            ContentStore.Stored s = batch.putFile(host.resolve("small"));
            assertThat(s).isEqualTo(new ContentStore.Stored(Digest.of(small), small.length));
            assertThat(store.has(s.digest())).isFalse();
            batch.commit();
            assertThat(store.has(s.digest())).isTrue();
            assertThat(store.blobPath(b.digest())).as("a large blob is loose, fsynced and renamed by the commit")
                    .exists();
            assertThat(store.readBytes(b.digest())).isEqualTo(big);
        }
        assertThatThrownBy(() -> store.newBatch().putFile(host.resolve("nope")))
                .hasMessageContaining("cannot read " + host.resolve("nope"));
    }

    @Test
    void aFullPackIsCommittedAndANewOneStarted() throws Exception {
        ContentStore store = ContentStore.open(state);
        List<Digest> ds = new ArrayList<>();
        try (BlobBatch batch = store.newBatch(64 * 1024)) {
            Random rnd = new Random(5);
            for (int i = 0; i < 100; i++) {
                byte[] data = new byte[4096];
                rnd.nextBytes(data);
                ds.add(batch.putBytes(data));
            }
            assertThat(files(state.resolve("packs")).size()).as("full packs committed on the way").isGreaterThan(3);
            batch.commit();
        }
        assertThat(ds).allMatch(ContentStore.open(state)::has);
    }

    @Test
    void concurrentWritersOnOneStateDirectorySeeEachOthersPacks() throws Exception {
        ContentStore a = ContentStore.open(state);
        ContentStore b = ContentStore.open(state);
        // opened before any pack exists: must find the others' packs when a lookup misses
        ContentStore reader = ContentStore.open(state);
        assertThat(reader.has(Digest.of(new byte[] {1}))).isFalse();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<Digest, byte[]>>> jobs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                ContentStore s = w % 2 == 0 ? a : b;
                int seed = w / 2; // writers of different stores write the same blobs too
                jobs.add(pool.submit(() -> {
                    Map<Digest, byte[]> out = new HashMap<>();
                    Random rnd = new Random(seed);
                    try (BlobBatch batch = s.newBatch()) {
                        for (int round = 0; round < 5; round++) {
                            for (int i = 0; i < 200; i++) {
                                byte[] data = new byte[rnd.nextInt(3000)];
                                rnd.nextBytes(data);
                                out.put(batch.putBytes(data), data);
                            }
                            batch.commit();
                        }
                    }
                    return out;
                }));
            }
            Map<Digest, byte[]> all = new HashMap<>();
            for (Future<Map<Digest, byte[]>> j : jobs) {
                all.putAll(j.get());
            }
            for (ContentStore s : List.of(a, b, reader, ContentStore.open(state))) {
                for (Map.Entry<Digest, byte[]> e : all.entrySet()) {
                    assertThat(s.readBytes(e.getKey())).isEqualTo(e.getValue());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchOfAFewBlobsStoresThemLooseInsteadOfMakingAPack() throws Exception {
        ContentStore store = ContentStore.open(state);
        List<Digest> ds = new ArrayList<>();
        Digest tree;
        try (BlobBatch batch = store.newBatch()) {
            List<TreeEntry> entries = new ArrayList<>();
            for (int i = 0; i < BlobBatch.MIN_PACK - 1; i++) {
                byte[] data = ("file " + i).getBytes();
                ds.add(batch.putBytes(data));
                entries.add(TreeEntry.file("f" + i, 0644, data.length, ds.get(i)));
            }
            tree = batch.putTree(new Tree(entries));
            assertThat(store.has(tree)).isFalse();
            assertThat(ds).noneMatch(store::has);
            batch.commit();
        }
        assertThat(files(state.resolve("packs"))).isEmpty();
        ContentStore again = ContentStore.open(state);
        assertThat(ds).allMatch(d -> Files.exists(again.blobPath(d)));
        assertThat(again.tree(tree).entries()).hasSize(BlobBatch.MIN_PACK - 1);
    }

    @Test
    void aDamagedPackIsLeftOutAndItsBlobsCountAsMissing() throws Exception {
        ContentStore store = ContentStore.open(state);
        Digest d;
        try (BlobBatch batch = store.newBatch()) {
            d = batch.putBytes("packed".getBytes());
            for (int i = 0; i < BlobBatch.MIN_PACK; i++) {
                batch.putBytes(("filler " + i).getBytes());
            }
            batch.commit();
        }
        Path pack = files(state.resolve("packs")).get(0);
        byte[] bytes = Files.readAllBytes(pack);
        Files.write(pack, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // truncated
        Files.write(state.resolve("packs").resolve("junk.pack"), "not a pack".getBytes());
        ContentStore after = ContentStore.open(state);
        assertThat(after.blobPath(d)).doesNotExist();
        assertThat(after.has(d)).isFalse();
        assertThatThrownBy(() -> after.readBytes(d)).hasMessageContaining("blob " + d + " is missing");
        try (BlobBatch batch = after.newBatch()) {
            assertThat(batch.putBytes("packed".getBytes())).isEqualTo(d);
            batch.commit();
        }
        assertThat(after.readBytes(d)).isEqualTo("packed".getBytes());
    }
}
