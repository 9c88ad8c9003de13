package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuncBackendTest extends ContainerExecutorContract {
    @Override
    ContainerExecutor executor(ExecConfig c) {
        return new RuncBackend(c);
    }

    @Override
    BackendKind kind() {
        return BackendKind.RUNC;
    }

    @Test
    void runcMountsTheOverlayRootItselfWithoutAWrapper() throws Exception {
        ExecResult r = run(sh("grep ' / ' /proc/self/mounts"));
        // The layer names are relative to runc's working directory, the root path r/m in the run dir: only a
        // config.json mount made by runc itself looks like this (the wrappers mount from r with bare names).
        assertThat(r.stdout().text()).startsWith("overlay / overlay ").contains("lowerdir=../0,upperdir=../u");
    }

    @Test
    void switchesUserAndGroups() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("owned-" + System.nanoTime()));
        Files.setAttribute(host, "unix:mode", 0777);
        ExecResult r = run(ProcessSpec.of("sh", "-c", "id; touch /out/f; grep CapEff /proc/self/status")
                .withUser(1000, 1000, List.of(10, 20)), busybox.overlay(), new Mount.Bind(host, "/out", false));
        assertThat(r.stdout().text()).isEqualTo("uid=1000 gid=1000 groups=10,20\nCapEff:\t0000000000000000\n");
        assertThat(Files.getAttribute(host.resolve("f"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(host.resolve("f"), "unix:gid")).isEqualTo(1000);
    }

    @Test
    void aMemoryLimitOomKills() throws Exception {
        ExecResult r = run(ProcessSpec.of("sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived")
                .withLimits(ResourceLimits.none().withMemoryBytes(32L << 20)));
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(r.termination()).isEqualTo(Termination.EXITED);
        assertThat(r.stdout().text()).doesNotContain("survived");
    }

    @Test
    void aPidsLimitStopsForks() throws Exception {
        ExecResult r = run(ProcessSpec.of("sh", "-c",
                "cat /sys/fs/cgroup/pids/pids.max; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 2 & done")
                .withLimits(ResourceLimits.none().withMaxPids(5)));
        assertThat(r.stderr().text()).contains("can't fork");
        assertThat(r.stdout().text()).isEqualTo("5\n");
    }
}
