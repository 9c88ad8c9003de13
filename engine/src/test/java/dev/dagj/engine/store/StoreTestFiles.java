package dev.dagj.engine.store;

import dev.dagj.engine.digest.Digest;
import java.nio.file.Path;

/** For tests outside this package that damage a store on purpose: where a loose blob lives. */
public final class StoreTestFiles {
    private StoreTestFiles() {
    }

    /** The file of the loose (not packed) blob {@code d}. */
    public static Path looseBlob(ContentStore store, Digest d) {
        return store.blobPath(d);
    }
}
