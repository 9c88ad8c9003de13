package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link StoreCrashTest}: writes blobs, trees and cache index records into the state directory
 * named by its argument, in a loop, until it is killed. Prints "writing" once it has written a round. Any error exits
 * with status 3, so the parent can tell the child failed (for example because its temp files were removed under it)
 * rather than being killed.
 */
public final class StoreCrashWriter {
    private StoreCrashWriter() {
    }

    /** The value the child records for {@code key}, so the parent can check every record it reads back. */
    static Digest valueFor(Digest key) {
        return Digest.of(key.raw());
    }

    public static void main(String[] args) {
        try {
            Path dir = Path.of(args[0]);
            ContentStore store = ContentStore.open(dir);
            CacheIndex index = CacheIndex.open(dir);
            Random rnd = new Random();
            boolean announced = false;
            while (true) {
                List<TreeEntry> entries = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int size = rnd.nextInt(10) == 0 ? (1 << 20) + rnd.nextInt(1 << 20) : rnd.nextInt(64 * 1024);
                    byte[] data = new byte[size];
                    rnd.nextBytes(data);
                    Digest d = i % 2 == 0 ? store.putBytes(data)
                            : store.putStream(new ByteArrayInputStream(data)).digest();
                    entries.add(TreeEntry.file("f" + i, 0644, size, d));
                }
                Digest tree = store.putTree(new Tree(entries));
                // a batch of small blobs and a tree, packed: killed mid-pack, nothing of it may be visible
                try (BlobBatch batch = store.newBatch()) {
                    List<TreeEntry> packed = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        byte[] data = new byte[rnd.nextInt(8 * 1024)];
                        rnd.nextBytes(data);
                        packed.add(TreeEntry.file("p" + i, 0644, data.length, batch.putBytes(data)));
                    }
                    batch.putTree(new Tree(packed));
                    batch.commit();
                }
                byte[] k = new byte[32];
                rnd.nextBytes(k);
                Digest key = Digest.fromRaw(k);
                index.put(key, valueFor(key));
                index.put(tree, valueFor(tree));
                if (!announced) {
                    System.out.println("writing");
                    System.out.flush();
                    announced = true;
                }
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(3);
        }
    }
}
