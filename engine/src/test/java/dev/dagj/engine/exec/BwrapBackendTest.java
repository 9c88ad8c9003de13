package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BwrapBackendTest extends ContainerExecutorContract {
    @Override
    ContainerExecutor executor(ExecConfig c) {
        return new BwrapBackend(c);
    }

    @Override
    BackendKind kind() {
        return BackendKind.BWRAP;
    }

    @Test
    void aConnectionMadeAheadWhoseHandlerDiedIsReplaced() throws Exception {
        assumeTrue(config.forkServer() && config.helper().isPresent(), "runs through the sandbox server");
        ExecResult first = executor(config).runDeferringCleanup(new ExecRequest(ProcessSpec.of("true"),
                busybox.overlay()), Cancellation.none());
        first.release().await(); // the next run's connection is made by now
        List<ProcessHandle> handlers = ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("")
                        .contains(config.serversDir().toString()))
                .flatMap(ProcessHandle::children).toList();
        assertThat(handlers).as("the server's waiting handlers").isNotEmpty();
        for (ProcessHandle h : handlers) {
            h.destroyForcibly();
            h.onExit().get();
        }
        assertThat(run(sh("echo again")).stdout().text()).isEqualTo("again\n");
    }

    @Test
    void theSandboxsDevIsTheOneBwrapMakes() throws Exception {
        assertTheSandboxsDevIsTheOneBwrapMakes();
    }

    @Test
    void refusesAUidSwitch() {
        assertThatThrownBy(() -> run(ProcessSpec.of("id").withUser(1000, 1000, List.of())))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("1000:1000");
    }

    @Test
    void refusesLimits() {
        assertThatThrownBy(() -> run(ProcessSpec.of("true").withLimits(ResourceLimits.none().withMaxPids(10))))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("cgroup limits");
    }

    @Test
    void refusesMissingMountPointsInAReadOnlyDirectoryRoot() {
        assertThatThrownBy(() -> run(ProcessSpec.of("true"), new RootFs.Directory(busybox.lower(), true),
                new Mount.Tmpfs("/not-there", 0, 0755)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("/not-there");
    }

    @Test
    void refusesAMountTargetThroughASymlink() throws Exception {
        Path layer = Files.createDirectories(tmp.resolve("symlink-layer-" + System.nanoTime()));
        Files.createSymbolicLink(layer.resolve("data"), Path.of("/etc"));
        assertThatThrownBy(() -> run(ProcessSpec.of("true"), busybox.overlay(layer),
                new Mount.Tmpfs("/data/x", 0, 0755)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("/data is a symlink");
        assertThat(Path.of("/etc/x")).doesNotExist();
    }

    @Test
    void refusesAMountTargetThroughASymlinkInTheUpperDirAsInALower() throws Exception {
        RootFs.Overlay root = busybox.overlay();
        // the lower's answers are remembered; the upper is checked whenever it has anything in it
        run(ProcessSpec.of("true"), root, new Mount.Tmpfs("/data/x", 0, 0755));
        RootFs.Overlay again = busybox.overlay();
        Files.createSymbolicLink(again.upper().resolve("data"), Path.of("/etc"));
        assertThatThrownBy(() -> run(ProcessSpec.of("true"), again, new Mount.Tmpfs("/data/x", 0, 0755)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("/data is a symlink");
        assertThat(Path.of("/etc/x")).doesNotExist();
    }
}
