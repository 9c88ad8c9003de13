package dev.dagj.engine.exec;

import java.nio.file.Path;
import java.util.List;

/**
 * Test helper process for {@link StaleStateCleanerTest}: an "engine" that starts {@code sleep <secs>} in a container
 * and is then killed with SIGKILL by the test, leaving what a crashed engine leaves.
 * Arguments: state dir, busybox lower dir, scratch dir for upper/work, backend (runc|bwrap), seconds.
 */
public final class AbandonedRunMain {
    private AbandonedRunMain() {
    }

    public static void main(String[] args) throws Exception {
        ExecConfig config = ExecConfig.defaults(Path.of(args[0]), System.getenv())
                .withPreference(BackendPreference.parse(args[3]));
        Path scratch = Path.of(args[2]);
        RootFs.Overlay root = new RootFs.Overlay(List.of(Path.of(args[1])),
                java.nio.file.Files.createDirectories(scratch.resolve("upper")),
                java.nio.file.Files.createDirectories(scratch.resolve("work")));
        new ExecutorSelection(config).run(new ExecRequest(ProcessSpec.of("sleep", args[4]), root));
    }
}
