package dev.dagj.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagj.engine.digest.Digest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills two processes writing to one state directory at random moments and checks the store they leave behind.
 */
class StoreCrashTest {
    private static final byte[] TREE_MAGIC = "dagj-tree/v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int ROUNDS = 6;

    @TempDir
    Path state;

    @Test
    void aProcessKilledMidWriteLeavesAConsistentStore() throws Exception {
        Random rnd = new Random();
        for (int round = 0; round < ROUNDS; round++) {
            // two writer processes share the state directory, each writing loose blobs and packs
            Process child = startWriter();
            Process other = startWriter();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
                    BufferedReader out2 = new BufferedReader(new InputStreamReader(other.getInputStream(),
                            StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).as("the child started writing").isEqualTo("writing");
                assertThat(out2.readLine()).as("the other child started writing").isEqualTo("writing");
                Thread.sleep(50 + rnd.nextInt(400));
                // a store opened while the children write must leave their temp files alone
                ContentStore.open(state);
                Thread.sleep(rnd.nextInt(100));
                assertThat(child.isAlive()).as("the child is still writing (exit 3 means it failed)").isTrue();
                assertThat(other.isAlive()).as("the other child is still writing").isTrue();
                child.destroyForcibly();
                other.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            checkStore();
        }
    }

    private Process startWriter() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreCrashWriter.class.getName(), state.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private void checkStore() throws Exception {
        ContentStore store = ContentStore.open(state);
        CacheIndex index = CacheIndex.open(state);
        try {
            String ownPrefix = ProcessHandle.current().pid() + "-";
            try (Stream<Path> tmp = Files.list(state.resolve("tmp"))) {
                List<Path> left = tmp.toList();
                assertThat(left).as("only this JVM's staging areas are left in tmp/")
                        .allMatch(p -> p.getFileName().toString().startsWith(ownPrefix));
                for (Path p : left) {
                    if (Files.isDirectory(p)) {
                        try (Stream<Path> inside = Files.list(p)) {
                            assertThat(inside.toList()).as("staging " + p).isEmpty();
                        }
                    }
                }
            }
            int blobs = 0;
            int trees = 0;
            try (Stream<Path> all = Files.walk(state.resolve("blobs"))) {
                for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                    Digest d = Digest.parse(p.getFileName().toString());
                    assertThat(p).isEqualTo(store.blobPath(d));
                    assertThat(store.isIntact(d)).as("blob " + p + " hashes to its name").isTrue();
                    blobs++;
                    byte[] head = new byte[TREE_MAGIC.length];
                    try (var in = Files.newInputStream(p)) {
                        if (in.readNBytes(head, 0, head.length) == head.length && java.util.Arrays.equals(head,
                                TREE_MAGIC)) {
                            assertThat(store.tree(d).entries()).isNotEmpty();
                            trees++;
                        }
                    }
                }
            }
            assertThat(blobs).isPositive();
            assertThat(trees).isPositive();
            int packedTrees = 0;
            List<Digest> packed = store.packedDigests();
            for (Digest d : packed) {
                assertThat(store.isIntact(d)).as("packed blob " + d + " hashes to its name").isTrue();
                byte[] bytes = store.readBytes(d);
                if (bytes.length >= TREE_MAGIC.length && java.util.Arrays.equals(bytes, 0, TREE_MAGIC.length,
                        TREE_MAGIC, 0, TREE_MAGIC.length)) {
                    for (TreeEntry e : store.tree(d).entries()) {
                        assertThat(store.has(e.digest())).as("blob of " + e.name() + " in packed tree " + d).isTrue();
                    }
                    packedTrees++;
                }
            }
            assertThat(packedTrees).as("packs committed before the kill").isPositive();
            try (Stream<Path> names = Files.list(state.resolve("packs"))) {
                assertThat(names.toList()).as("only complete packs in packs/")
                        .allMatch(p -> p.getFileName().toString().endsWith(".pack"));
            }
            Map<Digest, Digest> entries = index.snapshot();
            assertThat(entries).isNotEmpty();
            entries.forEach((k, v) -> assertThat(v).as("index value of " + k).isEqualTo(StoreCrashWriter.valueFor(k)));
        } finally {
            index.close();
        }
    }
}
