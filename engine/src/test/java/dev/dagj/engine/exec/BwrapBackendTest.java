package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
