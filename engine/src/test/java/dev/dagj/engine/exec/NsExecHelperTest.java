package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * A server handler makes a -N run's network, IPC, UTS and cgroup namespaces while it waits for the connection,
     * and runs a bwrap run with -N in them; any other run goes back to the host's. With pre-making off (as when it
     * fails) the wrapper makes them itself: the run gets namespaces of its own either way. The "bwrap" here is a
     * shell under that name (the handler goes by the program's name), so the run can look at its handler ($PPID).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aServerHandlerMakesTheRunsNamespacesAheadOrLeavesThemToTheWrapper(boolean premade) throws Exception {
        Path bin = NsExecHelper.forStateDir(tmp.resolve("state")).binary().orElseThrow();
        Path bwrap = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("fake")).resolve("bwrap"),
                Path.of("/bin/sh"));
        Path socket = tmp.resolve("s");
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "-S", socket.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!premade) {
            pb.environment().put("DAGJ_NSEXEC_NO_PREMADE", "1");
        }
        Process server = pb.start();
        try {
            BufferedReader ready = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(ready.readLine()).isEqualTo("ready");
            String show = "for n in net ipc uts cgroup; do readlink /proc/$PPID/ns/$n; readlink /proc/self/ns/$n;"
                    + " done; hostname; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '";
            List<String> host = new ArrayList<>();
            for (String n : List.of("net", "ipc", "uts", "cgroup")) {
                host.add(Files.readSymbolicLink(Path.of("/proc/self/ns/" + n)).toString());
            }

            List<String> own = serve(socket, List.of("-N", "own-ns", "--", bwrap.toString(), "-c", show)).lines()
                    .toList();
            for (int k = 0; k < 4; k++) {
                String handler = own.get(2 * k);
                String run = own.get(2 * k + 1);
                assertThat(run).as("the run's namespace").isNotEqualTo(host.get(k));
                assertThat(handler).as("its handler's namespace").isEqualTo(premade ? run : host.get(k));
            }
            assertThat(own.subList(8, own.size())).containsExactly("own-ns", "lo");

            List<String> hostNet = serve(socket, List.of("--", bwrap.toString(), "-c", show)).lines().toList();
            for (int k = 0; k < 4; k++) {
                assertThat(hostNet.get(2 * k + 1)).as("a run without -N").isEqualTo(host.get(k));
            }
            List<String> other = serve(socket, List.of("-N", "other", "--", "/bin/sh", "-c", show)).lines().toList();
            for (int k = 0; k < 4; k++) {
                assertThat(other.get(2 * k)).as("the handler of a run that is not bwrap's").isEqualTo(host.get(k));
                assertThat(other.get(2 * k + 1)).as("its run, which made its own").isNotEqualTo(host.get(k));
            }
        } finally {
            server.getOutputStream().close();
            server.waitFor();
        }
    }

    /** One run through the server at {@code socket} (the protocol of nsexec.c): its stdout; it must exit 0. */
    private static String serve(Path socket, List<String> argv) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            ByteBuffer n = ByteBuffer.allocate(4);
            req.writeBytes(n.putInt(0, argv.size()).array());
            for (String a : argv) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                req.writeBytes(n.putInt(0, b.length).array());
                req.writeBytes(b);
            }
            req.writeBytes(n.putInt(0, 0).array());
            ch.write(ByteBuffer.wrap(req.toByteArray()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            java.io.DataInputStream d = new java.io.DataInputStream(java.nio.channels.Channels.newInputStream(ch));
            for (;;) {
                int type = d.readUnsignedByte();
                byte[] data = new byte[d.readInt()];
                d.readFully(data);
                switch (type) {
                    case 'o' -> out.writeBytes(data);
                    case 'e' -> err.writeBytes(data);
                    case 'x' -> {
                        ByteBuffer x = ByteBuffer.wrap(data);
                        assertThat(x.getInt() * 1000 + x.getInt()).as("exit of " + argv + ": " + err).isZero();
                        return out.toString(StandardCharsets.UTF_8);
                    }
                    default -> throw new IOException("bad frame type " + type);
                }
            }
        }
    }
}
