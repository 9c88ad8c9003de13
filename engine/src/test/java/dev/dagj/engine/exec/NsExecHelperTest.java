package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsExecHelperTest {
    @TempDir
    Path tmp;

    @Test
    void isBuiltOncePerStateDirAndReused() throws Exception {
        NsExecHelper h = NsExecHelper.forStateDir(tmp.resolve("state"));
        Optional<Path> bin = h.binary();
        assertThat(bin).as(h.problem()).isPresent();
        assertThat(bin.get().getParent()).isEqualTo(tmp.resolve("state/bin"));
        assertThat(bin.get().getFileName().toString()).matches("dagj-nsexec-[0-9a-f]{16}");
        assertThat(NsExecHelper.forStateDir(tmp.resolve("state"))).isSameAs(h);
        try (var s = Files.list(tmp.resolve("state/bin"))) {
            assertThat(s.toList()).as("no temp files left").containsExactly(bin.get());
        }
    }

    @Test
    void mountsAnOverlayInItsOwnNamespaceThenRunsTheProgram() throws Exception {
        Path bin = NsExecHelper.forStateDir(tmp.resolve("state")).binary().orElseThrow();
        Path lower = Files.createDirectories(tmp.resolve("lower"));
        Files.writeString(lower.resolve("f"), "from lower\n");
        Path dir = Files.createDirectories(tmp.resolve("ovl/m"));
        Files.createSymbolicLink(tmp.resolve("ovl/0"), lower);
        Files.createDirectories(tmp.resolve("ovl/u"));
        Files.createDirectories(tmp.resolve("ovl/w"));
        Path status = tmp.resolve("fd3");
        Path started = tmp.resolve("started");
        HostCommand r = HostCommand.run(List.of(bin.toString(), "-m", dir.getParent().toString(),
                "userxattr,lowerdir=0,upperdir=u,workdir=w", "-n", "512", "-3", status.toString(), "-s",
                started.toString(), "--", "/bin/sh", "-c",
                "cat m/f; echo new > m/g; ulimit -Sn; echo status >&3; grep -c ' " + dir + " overlay' /proc/self/mounts"));
        assertThat(r.output()).isEqualTo("from lower\n512\n1");
        assertThat(tmp.resolve("ovl/u/g")).hasContent("new");
        assertThat(status).hasContent("status");
        assertThat(started).exists();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }

    @Test
    void aFailedMountNamesTheOverlayAndDoesNotMarkTheStart() throws Exception {
        Path bin = NsExecHelper.forStateDir(tmp.resolve("state")).binary().orElseThrow();
        Path dir = Files.createDirectories(tmp.resolve("bad/m"));
        Path started = tmp.resolve("started");
        HostCommand r = HostCommand.run(List.of(bin.toString(), "-m", dir.getParent().toString(),
                "lowerdir=missing,upperdir=u,workdir=w", "-s", started.toString(), "--", "/bin/true"));
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.output()).startsWith("dagj-nsexec: mount overlay at " + dir + " (lowerdir=missing");
        assertThat(started).doesNotExist();
    }

    @Test
    void refusesARelativeProgramAndBadUsage() throws Exception {
        Path bin = NsExecHelper.forStateDir(tmp.resolve("state")).binary().orElseThrow();
        HostCommand r = HostCommand.run(List.of(bin.toString(), "--", "true"));
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.output()).isEqualTo("dagj-nsexec: exec true: Invalid argument");
        r = HostCommand.run(List.of(bin.toString(), "-x", "--", "/bin/true"));
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.output()).startsWith("dagj-nsexec: -x\nusage: dagj-nsexec");
    }
}
