package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.nio.file.Path;

/** For tests outside this package that damage a store on purpose: where a loose blob lives. */
public final class StoreTestFiles {
    private StoreTestFiles() {
    }

    /**
     * Removes blob {@code d} from the store's files, as a cleanup or a disk fault would: its loose file, or the
     * whole pack holding it. Stores opened afterwards no longer have it.
     */
    public static void removeBlob(ContentStore store, Digest d) throws java.io.IOException {
        java.nio.file.Path loose = store.blobPath(d);
        if (java.nio.file.Files.deleteIfExists(loose)) {
            return;
        }
        try (java.util.stream.Stream<Path> packs = java.nio.file.Files.list(store.root().resolve("packs"))) {
            for (Path p : (Iterable<Path>) packs::iterator) {
                try (PackFile f = PackFile.open(p)) {
                    if (f.find(d.raw()) >= 0) {
                        java.nio.file.Files.delete(p);
                        return;
                    }
                }
            }
        }
        throw new IllegalArgumentException("blob " + d + " is not in the store");
    }

    /** The file of the loose (not packed) blob {@code d}. */
    public static Path looseBlob(ContentStore store, Digest d) {
        return store.blobPath(d);
    }
}
