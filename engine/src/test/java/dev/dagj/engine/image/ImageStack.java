package dev.dagj.engine.image;

import dev.dagj.engine.store.ContentStore;
import dev.dagj.engine.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One engine state directory's worth of image machinery for tests: store, snapshots, registry client, image store. */
final class ImageStack implements AutoCloseable {
    final Path state;
    final ContentStore store;
    final SnapshotStore snapshots;
    final RegistryClient registry;
    final ImageStore images;

    private ImageStack(Path state, ContentStore store, SnapshotStore snapshots, RegistryClient registry) {
        this.state = state;
        this.store = store;
        this.snapshots = snapshots;
        this.registry = registry;
        this.images = new ImageStore(store, snapshots, registry);
    }

    static ImageStack open(Path state) throws StoreException, ImageException {
        return open(state, RegistryConfig.DEFAULT);
    }

    static ImageStack open(Path state, RegistryConfig config) throws StoreException, ImageException {
        ContentStore store = ContentStore.open(state);
        return new ImageStack(state, store, SnapshotStore.open(store), new RegistryClient(config, store));
    }

    /** The names in {@code <state>/snapshots/}. */
    List<String> snapshotDirs() throws IOException {
        return list(state.resolve("snapshots"));
    }

    /**
     * What is left in {@code <state>/tmp/}: entries of live stores' staging directories (each
     * {@code tmp/<pid>-<id>/} next to its {@code .lock}) and anything else lying in {@code tmp/}. A live store's own
     * empty staging directory and lock file are not leftovers.
     */
    List<String> tempFiles() throws IOException {
        Path tmp = state.resolve("tmp");
        List<String> out = new ArrayList<>();
        for (String name : list(tmp)) {
            Path p = tmp.resolve(name);
            if (name.endsWith(".lock")) {
                continue;
            }
            if (Files.isDirectory(p) && Files.exists(tmp.resolve(name + ".lock"))) {
                for (String inner : list(p)) {
                    out.add(name + "/" + inner);
                }
            } else {
                out.add(name);
            }
        }
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    @Override
    public void close() {
        registry.close();
    }
}
