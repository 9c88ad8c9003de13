package dev.dagj.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    @TempDir
    Path state;

    @TempDir
    Path host;

    @Test
    void putFileHashesSmallAndLargeFilesLikePutBytes() throws Exception {
        ContentStore store = ContentStore.open(state);
        Random rnd = new Random(1);
        for (int size : new int[] {0, 1, 4096, (1 << 20), (1 << 20) + 1, 3 << 20}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            Path f = host.resolve("f" + size);
            Files.write(f, data);
            ContentStore.Stored s = store.putFile(f);
            assertThat(s.size()).isEqualTo(size);
            assertThat(s.digest()).isEqualTo(Digest.of(data));
            assertThat(store.readBytes(s.digest())).isEqualTo(data);
            assertThat(store.putFile(f)).as("storing again").isEqualTo(s);
        }
    }

    @Test
    void aBlobWhoseSizeDisagreesWithItsEntryIsAnError() throws Exception {
        ContentStore store = ContentStore.open(state);
        byte[] data = "hello, world".getBytes(StandardCharsets.UTF_8);
        Digest d = store.putBytes(data);
        try (InputStream in = store.open(TreeEntry.file("hello", 0644, data.length, d))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThatThrownBy(() -> store.open(TreeEntry.file("hello", 0644, 5, d)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("blob " + d)
                .hasMessageContaining("holds 12 bytes but the tree says 5");
        Files.write(store.blobPath(d), new byte[3]); // a blob truncated, say, by a power loss
        assertThat(store.blobSize(d)).isEqualTo(3);
        assertThat(store.isIntact(d)).isFalse();
        assertThatThrownBy(() -> store.open(TreeEntry.file("hello", 0644, data.length, d)))
                .hasMessageContaining("holds 3 bytes but the tree says 12")
                .hasMessageContaining("is damaged");
    }

    @Test
    void missingBlobIsNamed() throws Exception {
        ContentStore store = ContentStore.open(state);
        Digest d = Digest.of(new byte[] {1});
        assertThatThrownBy(() -> store.blobSize(d)).hasMessageContaining("blob " + d + " is missing");
    }

    @Test
    void openingRemovesWhatDeadProcessesLeftInTmp() throws Exception {
        Path tmp = state.resolve("tmp");
        Files.createDirectories(tmp.resolve("1-dead/sub"));
        Files.writeString(tmp.resolve("1-dead/blob-x"), "partial");
        Files.writeString(tmp.resolve("1-dead.lock"), "");
        Files.createDirectories(tmp.resolve("2-nolock"));
        Files.writeString(tmp.resolve("old-style-blob-123"), "partial");
        ContentStore.open(state);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .allMatch(n -> n.startsWith(ProcessHandle.current().pid() + "-"));
        }
    }

    @Test
    void twoStoresOnOneDirectoryDoNotRemoveEachOthersTempFiles() throws Exception {
        ContentStore first = ContentStore.open(state);
        Path pending = first.tempPath("blob");
        Files.writeString(pending, "in flight");
        ContentStore.open(state);
        assertThat(pending).exists();
        assertThat(first.putBytes(new byte[] {42})).isEqualTo(Digest.of(new byte[] {42}));
    }

    @Test
    void treesRoundTrip() throws Exception {
        ContentStore store = ContentStore.open(state);
        Digest blob = store.putBytes(new byte[] {1, 2});
        Tree t = new Tree(List.of(TreeEntry.file("b", 0755, 2, blob), TreeEntry.symlink("a", "b")));
        Digest d = store.putTree(t);
        assertThat(ContentStore.open(state).tree(d)).isEqualTo(t);
        assertThatThrownBy(() -> store.tree(blob)).hasMessageContaining("is not a directory tree");
    }
}
