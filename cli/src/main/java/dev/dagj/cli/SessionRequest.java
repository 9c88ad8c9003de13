package dev.dagj.cli;

import dev.dagj.engine.solve.Progress;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command needs from the engine to get one session: where the engine keeps its state, which host directory
 * relative host paths are resolved against, where per-vertex progress goes, and the client's labels (for example
 * {@code dagger.io/sdk.name -> nodejs}, from {@code dagger session --label}).
 */
record SessionRequest(Path stateDir, Path workdir, Progress progress, Map<String, String> labels) {
    SessionRequest {
        labels = Map.copyOf(labels);
    }
}
