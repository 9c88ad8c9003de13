package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.fs.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ContainerExecutor} backend must show, run against the real runtime on a busybox root
 * filesystem. Subclasses name the backend and add what only it can do.
 */
abstract class ContainerExecutorContract {
    @TempDir
    static Path tmp;
    static BusyboxRootFs busybox;
    static ExecConfig config;

    abstract ContainerExecutor executor(ExecConfig config);

    abstract BackendKind kind();

    @BeforeAll
    static void buildRootFs() throws Exception {
        busybox = BusyboxRootFs.create(tmp);
        config = ExecConfig.defaults(tmp.resolve("state"), System.getenv());
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        Path runs = config.runsDir();
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                assertThat(s.toList()).as("run dirs left behind").isEmpty();
            }
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                .as("host mount table mentions the state dir").doesNotContain(config.stateDir().toString())
                .as("host mount table mentions the runs dir").doesNotContain(runs.getParent().toString());
    }

    @AfterAll
    static void releaseRunsDir() {
        new StaleStateCleaner(config).releaseRunsDir();
        assertThat(config.runsDir().getParent()).as("the engine's dir in /dev/shm is removed").doesNotExist();
    }

    ExecResult run(ProcessSpec spec) throws Exception {
        return executor(config).run(new ExecRequest(spec, busybox.overlay()));
    }

    ExecResult run(ProcessSpec spec, RootFs root, Mount... mounts) throws Exception {
        return executor(config).run(new ExecRequest(spec, root, List.of(mounts)));
    }

    static ProcessSpec sh(String script) {
        return ProcessSpec.of("sh", "-c", script);
    }

    @Test
    void aDeferredCleanupLetsTheUpperDirBeReadThenReleasesEverything() throws Exception {
        RootFs.Overlay root = busybox.overlay();
        ExecResult r = executor(config).runDeferringCleanup(new ExecRequest(sh("echo hi > /written"), root),
                Cancellation.none());
        assertThat(r.exitCode()).isZero();
        // readable while the sandbox may still hold its overlay (what the exec's commit checks first)
        assertThat(Files.readString(root.upper().resolve("written"))).isEqualTo("hi\n");
        r.release().await();
        assertThat(r.release().isDone()).isTrue();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String mounts;
                try {
                    mounts = Files.readString(p.resolve("mountinfo"));
                } catch (IOException gone) {
                    continue;
                }
                assertThat(mounts).as("mounts of process " + p.getFileName() + " after the release")
                        .doesNotContain(config.runsDir().toString()).doesNotContain(root.upper().toString());
            }
        }
        // released: the upper dir may become a layer (moved, then mounted as a lower)
        Path layer = tmp.resolve("committed-" + System.nanoTime());
        Files.move(root.upper(), layer);
        assertThat(run(sh("cat /written"), busybox.overlay(layer)).stdout().text()).isEqualTo("hi\n");
    }

    @Test
    void echoesToStdoutAndStderr() throws Exception {
        ExecResult r = run(sh("echo out; echo err >&2"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().text()).isEqualTo("out\n");
        assertThat(r.stderr().text()).isEqualTo("err\n");
        assertThat(r.termination()).isEqualTo(Termination.EXITED);
        assertThat(r.backend()).isEqualTo(kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 42})
    void returnsTheExitCode(int code) throws Exception {
        ExecResult r = run(sh("exit " + code));
        assertThat(r.exitCode()).isEqualTo(code);
        assertThat(r.killed()).isFalse();
        assertThat(r.succeeded()).isEqualTo(code == 0);
    }

    @Test
    void passesStdin() throws Exception {
        ExecResult r = run(ProcessSpec.of("cat").withStdin("line one\nline two\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.stdout().text()).isEqualTo("line one\nline two\n");
    }

    @Test
    void passesMegabytesOfStdinAndStdoutBothWays() throws Exception {
        byte[] in = new byte[3 << 20];
        ThreadLocalRandom.current().nextBytes(in);
        // cat writes while it reads: neither side may wait for the other to finish
        ExecResult r = run(sh("cat; echo end >&2").withStdin(in));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().bytes()).isEqualTo(in);
        assertThat(r.stderr().text()).isEqualTo("end\n");
    }

    @Test
    void theProcessInheritsNoFileDescriptorsButStdio() throws Exception {
        // ls itself holds the directory open as the next free descriptor, 3
        ExecResult r = run(sh("ls /proc/self/fd"));
        assertThat(r.stdout().text().split("\\s+")).containsExactly("0", "1", "2", "3");
    }

    @Test
    void stdinIsEmptyWhenNoneGiven() throws Exception {
        assertThat(run(ProcessSpec.of("wc", "-c")).stdout().text().strip()).isEqualTo("0");
    }

    @Test
    void setsEnvAndCwd() throws Exception {
        ExecResult r = run(sh("echo \"$FOO|$BAR\"; pwd; env | grep -c DAGJ_ENGINE || true")
                .withEnv("FOO", "foo value").withEnv("BAR", "b'a\"r").withCwd("/etc"));
        assertThat(r.stdout().text()).isEqualTo("foo value|b'a\"r\n/etc\n0\n");
    }

    @Test
    void createsAMissingWorkingDirectory() throws Exception {
        RootFs.Overlay root = busybox.overlay();
        ExecResult r = run(ProcessSpec.of("pwd").withCwd("/work/src"), root);
        assertThat(r.stdout().text()).isEqualTo("/work/src\n");
        assertThat(root.upper().resolve("work/src")).isDirectory();
    }

    @Test
    void runsAsRootWithoutSupplementaryGroupsAndWithDockersDefaultCapabilities() throws Exception {
        ExecResult r = run(sh("id; grep CapEff /proc/self/status"));
        // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD
        // AUDIT_WRITE SETFCAP
        assertThat(r.stdout().text()).isEqualTo("uid=0(root) gid=0(root)\nCapEff:\t00000000a80425fb\n");
    }

    @Test
    void writesLandInTheUpperDirAndLowersStayUnchanged() throws Exception {
        Path layer = Files.createDirectories(tmp.resolve("layer-" + System.nanoTime()).resolve("etc"));
        Files.writeString(layer.resolve("hello"), "from layer\n");
        RootFs.Overlay root = busybox.overlay(layer.getParent());
        ExecResult r = run(sh("cat /etc/hello; echo changed > /etc/hello; echo new > /new.txt; rm /etc/passwd"),
                root);
        assertThat(r.stdout().text()).isEqualTo("from layer\n");
        assertThat(root.upper().resolve("new.txt")).hasContent("new");
        assertThat(root.upper().resolve("etc/hello")).hasContent("changed");
        assertThat(layer.resolve("hello")).hasContent("from layer");
        assertThat(busybox.lower().resolve("etc/passwd")).exists();
        assertThat(Files.readAttributes(root.upper().resolve("etc/passwd"), "unix:mode,rdev",
                java.nio.file.LinkOption.NOFOLLOW_LINKS).get("rdev")).as("whiteout").isEqualTo(0L);
        assertThat(busybox.lower().resolve("new.txt")).doesNotExist();
    }

    @Test
    void theSameUpperAndWorkDirsCanBeMountedAgain() throws Exception {
        RootFs.Overlay root = busybox.overlay();
        assertThat(run(sh("echo 1 > /count"), root).exitCode()).isZero();
        ExecResult r = run(sh("cat /count; echo 2 > /count"), root);
        assertThat(r.stdout().text()).isEqualTo("1\n");
        assertThat(root.upper().resolve("count")).hasContent("2");
        assertThat(run(sh("cat /count"), root).stdout().text()).isEqualTo("2\n");
    }

    @Test
    void worksWithDurableOverlaysAndTheUtilLinuxWrapper() throws Exception {
        ExecConfig c = config.withDurableOverlays(true).withTools(config.tools().withoutBusybox())
                .withNativeHelper(false);
        assertThat(c.tools().mount().get(0)).endsWith("/mount");
        RootFs.Overlay root = busybox.overlay();
        ExecResult r = executor(c).run(new ExecRequest(sh("echo hi > /f; grep ' / ' /proc/self/mounts"), root));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().text()).contains("overlay").doesNotContain("volatile");
        assertThat(root.upper().resolve("f")).hasContent("hi");
    }

    @Test
    void aDirectoryRootIsWrittenInPlace() throws Exception {
        Path dir = tmp.resolve("dirroot-" + System.nanoTime());
        copyTree(busybox.lower(), dir);
        ExecResult r = run(sh("echo hi > /root/x"), new RootFs.Directory(dir, false));
        assertThat(r.exitCode()).isZero();
        assertThat(dir.resolve("root/x")).hasContent("hi");
    }

    @Test
    void aReadOnlyDirectoryRootRefusesWrites() throws Exception {
        ExecResult r = run(sh("cat /etc/group; touch /etc/x"), new RootFs.Directory(busybox.lower(), true));
        assertThat(r.stdout().text()).isEqualTo("root:x:0:\n");
        assertThat(r.stderr().text()).contains("Read-only file system");
        assertThat(busybox.lower().resolve("etc/x")).doesNotExist();
    }

    @Test
    void aReadOnlyBindMountRefusesWrites() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("ro-" + System.nanoTime()));
        Files.writeString(host.resolve("f"), "host file\n");
        ExecResult r = run(sh("cat /data/f; echo x > /data/g"), busybox.overlay(),
                new Mount.Bind(host, "/data", true));
        assertThat(r.stdout().text()).isEqualTo("host file\n");
        assertThat(r.stderr().text()).contains("Read-only file system");
        assertThat(r.exitCode()).isNotZero();
        assertThat(host.resolve("g")).doesNotExist();
    }

    @Test
    void aReadWriteBindMountWritesToTheHost() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("rw-" + System.nanoTime()));
        Path file = Files.writeString(tmp.resolve("single-" + System.nanoTime()), "single\n");
        ExecResult r = run(sh("echo from container > /cache/out; cat /in/file.txt"), busybox.overlay(),
                new Mount.Bind(host, "/cache", false), new Mount.Bind(file, "/in/file.txt", true));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().text()).isEqualTo("single\n");
        assertThat(host.resolve("out")).hasContent("from container");
    }

    @Test
    void mountsATmpfs() throws Exception {
        RootFs.Overlay root = busybox.overlay();
        ExecResult r = run(sh("echo x > /scratch/f && stat -c %a /scratch && grep ' /scratch ' /proc/self/mounts"),
                root, new Mount.Tmpfs("/scratch", 1 << 20, 01777));
        assertThat(r.stdout().text()).startsWith("1777\ntmpfs /scratch tmpfs");
        assertThat(r.stdout().text()).contains("size=1024k");
        assertThat(root.upper().resolve("scratch/f")).doesNotExist();
    }

    @Test
    void aCopyOnWriteMountKeepsItsLowerUnchanged() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("cow-src-" + System.nanoTime()));
        Files.writeString(src.resolve("a"), "original\n");
        Path upper = Files.createDirectories(tmp.resolve("cow-up-" + System.nanoTime()));
        Path work = Files.createDirectories(tmp.resolve("cow-work-" + System.nanoTime()));
        ExecResult r = run(sh("cat /src/a; echo changed > /src/a; echo b > /src/b"), busybox.overlay(),
                new Mount.Overlay("/src", List.of(src), upper, work));
        assertThat(r.stdout().text()).isEqualTo("original\n");
        assertThat(src.resolve("a")).hasContent("original");
        assertThat(src.resolve("b")).doesNotExist();
        assertThat(upper.resolve("a")).hasContent("changed");
        assertThat(upper.resolve("b")).hasContent("b");
    }

    @Test
    void aCopyOnWriteMountOnADirectoryRootWorks() throws Exception {
        Path dir = tmp.resolve("dirroot-cow-" + System.nanoTime());
        copyTree(busybox.lower(), dir);
        Path src = Files.createDirectories(tmp.resolve("cow-src-" + System.nanoTime()));
        Files.writeString(src.resolve("a"), "original\n");
        Path upper = Files.createDirectories(tmp.resolve("cow-up-" + System.nanoTime()));
        Path work = Files.createDirectories(tmp.resolve("cow-work-" + System.nanoTime()));
        ExecResult r = run(sh("cat /src/a; echo changed > /src/a"), new RootFs.Directory(dir, false),
                new Mount.Overlay("/src", List.of(src), upper, work));
        assertThat(r.stdout().text()).isEqualTo("original\n");
        assertThat(src.resolve("a")).hasContent("original");
        assertThat(upper.resolve("a")).hasContent("changed");
    }

    @Test
    void anOverlayThatCannotBeMountedIsASetupErrorNamingIt() throws Exception {
        RootFs.Overlay ok = busybox.overlay();
        // overlayfs needs upper and work on one filesystem: /dev/shm (tmpfs) and the test dir are not.
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "dagj-test-upper");
        try {
            RootFs.Overlay bad = new RootFs.Overlay(ok.lowers(), shm, ok.work());
            assertThatThrownBy(() -> executor(config).run(new ExecRequest(ProcessSpec.of("true"), bad)))
                    .isInstanceOf(ExecException.class).hasMessageContaining("overlay");
        } finally {
            FileTrees.deleteWithinDevice(shm);
        }
    }

    @Test
    void setsTheNofileLimit() throws Exception {
        ExecResult r = run(sh("ulimit -Sn; ulimit -Hn"));
        assertThat(r.stdout().text()).isEqualTo("1024\n" + RuncBackend.hostNofileHardLimit() + "\n");
    }

    @Test
    void hasOnlyTheLoopbackInterface() throws Exception {
        ExecResult r = run(sh("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; ip link show lo | grep -c UP"));
        assertThat(r.stdout().text()).isEqualTo("lo\n1\n");
    }

    /** Prints the run's net, ipc, uts and cgroup namespace ids ({@code net:[4026531840]}), a line each. */
    static final String NAMESPACES = "for n in net ipc uts cgroup; do readlink /proc/self/ns/$n; done; ";

    /** The engine's own namespace of {@code type}, as {@code readlink /proc/self/ns/TYPE} prints it. */
    static String hostNamespace(String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString();
    }

    /**
     * Each run gets network (an up loopback with 127.0.0.1 and ::1, nothing else), IPC and UTS (its hostname)
     * namespaces that neither the host nor any other run has; bwrap runs a cgroup namespace of their own too, runc
     * runs stay in the host's (their config asks for none). Namespace ids are reused once a namespace is gone, so the
     * runs compared are alive together: each waits (a few seconds at most) until all have written their ids.
     */
    @Test
    void eachRunHasNetworkIpcAndUtsNamespacesOfItsOwnWithOnlyAnUpLoopback() throws Exception {
        int runs = 4;
        List<String> types = List.of("net", "ipc", "uts", "cgroup");
        Path meeting = Files.createDirectories(tmp.resolve("meeting-" + System.nanoTime()));
        List<List<String>> seen = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<ExecResult>> futures = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String host = "ns-" + i;
                futures.add(pool.submit(() -> run(sh(NAMESPACES + "hostname;"
                        + " ip -o addr show | awk '{print $2, $3, $4}'; ip -o link show | cut -d' ' -f2,3;"
                        + " touch /meet/" + host + "; for i in $(seq 100); do [ $(ls /meet | wc -l) = " + runs + " ]"
                        + " && exit 0; sleep 0.05; done; echo alone >&2; exit 1").withHostname(host),
                        busybox.overlay(), new Mount.Bind(meeting, "/meet", false))));
            }
            for (int i = 0; i < runs; i++) {
                ExecResult r = futures.get(i).get();
                assertThat(r.exitCode()).as(r.stderr().text()).isZero();
                List<String> lines = r.stdout().text().lines().toList();
                assertThat(lines.subList(4, lines.size())).containsExactly("ns-" + i,
                        "lo inet 127.0.0.1/8", "lo inet6 ::1/128", "lo: <LOOPBACK,UP,LOWER_UP>");
                seen.add(lines.subList(0, 4));
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < types.size(); t++) {
            String type = types.get(t);
            int k = t;
            List<String> ids = seen.stream().map(l -> l.get(k)).toList();
            assertThat(ids).allMatch(id -> id.startsWith(type + ":["), "names a " + type + " namespace");
            if (type.equals("cgroup") && kind() == BackendKind.RUNC) {
                assertThat(ids).as("runc runs' cgroup namespaces").containsOnly(hostNamespace(type));
                continue;
            }
            assertThat(ids).as("the runs' " + type + " namespaces").doesNotHaveDuplicates()
                    .doesNotContain(hostNamespace(type));
        }
    }

    /**
     * For the bwrap variants: a bwrap sandbox's /dev is the one bwrap's own {@code --dev} makes (the compiled wrapper
     * makes it, a sandbox server handler ahead of the run): the same entries, modes, link targets and mounts with the
     * same options.
     */
    void assertTheSandboxsDevIsTheOneBwrapMakes() throws Exception {
        String show = "ls -la /dev | tail -n +4 | awk '{print $1, $3, $4, $5, $NF}';"
                + " awk '$5 ~ /^\\/dev/ {print $4, $5, $6, $(NF-2), $(NF-1), $NF}' /proc/self/mountinfo";
        ExecResult ours = run(sh(show));
        assertThat(ours.exitCode()).as(ours.stderr().text()).isZero();
        HostCommand bare = HostCommand.run(List.of(config.tools().bwrap().toString(), "--unshare-pid",
                "--ro-bind", busybox.lower().toString(), "/", "--proc", "/proc", "--dev", "/dev", "--", "/bin/sh",
                "-c", show));
        assertThat(bare.ok()).as(bare.output()).isTrue();
        assertThat(ours.stdout().text().strip()).isEqualTo(bare.output().strip()).contains("/dev/pts");
    }

    /** With the host's network a run sees the host's interfaces, and still has IPC and UTS namespaces of its own. */
    @Test
    void aHostNetworkRunSeesTheHostsInterfaces() throws Exception {
        ExecResult r = executor(config).run(new ExecRequest(
                sh(NAMESPACES + "hostname; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort")
                        .withHostname("host-net-7"), busybox.overlay(), List.of(), ExecRequest.Network.HOST));
        assertThat(r.exitCode()).as(r.stderr().text()).isZero();
        List<String> lines = r.stdout().text().lines().toList();
        assertThat(lines.get(0)).isEqualTo(hostNamespace("net"));
        assertThat(lines.get(1)).startsWith("ipc:[").isNotEqualTo(hostNamespace("ipc"));
        assertThat(lines.get(2)).startsWith("uts:[").isNotEqualTo(hostNamespace("uts"));
        assertThat(lines.get(4)).isEqualTo("host-net-7");
        List<String> hostInterfaces = Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                .map(l -> l.substring(0, l.indexOf(':')).strip()).sorted().toList();
        assertThat(hostInterfaces).as("the host has more than loopback").hasSizeGreaterThan(1);
        assertThat(lines.subList(5, lines.size())).isEqualTo(hostInterfaces);
    }

    @Test
    void setsTheHostname() throws Exception {
        assertThat(run(ProcessSpec.of("hostname").withHostname("builder-7")).stdout().text()).isEqualTo("builder-7\n");
    }

    @Test
    void seesOnlyItsOwnProcesses() throws Exception {
        ExecResult r = run(sh("ls /proc | grep -c '^[0-9]'"));
        assertThat(Integer.parseInt(r.stdout().text().strip())).isLessThanOrEqualTo(4);
    }

    @Test
    void aTimeoutKillsTheContainer() throws Exception {
        String secs = Integer.toString(5000 + ThreadLocalRandom.current().nextInt(4000));
        long t0 = System.nanoTime();
        ExecResult r = run(sh("sleep " + secs + " & sleep " + secs).withTimeout(Duration.ofSeconds(1)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.termination()).isEqualTo(Termination.TIMED_OUT);
        assertThat(r.killed()).isTrue();
        assertThat(r.exitCode()).isEqualTo(137);
        assertThat(ms).isBetween(900L, 4000L);
        assertNoProcessRuns("sleep\0" + secs);
        assertNoContainersListed();
    }

    @Test
    void cancelFromAnotherThreadKillsTheContainer() throws Exception {
        String secs = Integer.toString(5000 + ThreadLocalRandom.current().nextInt(4000));
        Cancellation cancel = new Cancellation();
        Thread canceller = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            cancel.cancel();
        });
        long t0 = System.nanoTime();
        ExecResult r = executor(config).run(new ExecRequest(sh("sleep " + secs), busybox.overlay()), cancel);
        canceller.join();
        assertThat(r.termination()).isEqualTo(Termination.CANCELLED);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(4000L);
        assertNoProcessRuns("sleep\0" + secs);
        assertNoContainersListed();
    }

    @Test
    void anInterruptKillsTheContainerAndPropagates() throws Exception {
        String secs = Integer.toString(5000 + ThreadLocalRandom.current().nextInt(4000));
        Throwable[] thrown = new Throwable[1];
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                run(sh("sleep " + secs));
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        Thread.sleep(500);
        runner.interrupt();
        runner.join(5000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
        assertNoProcessRuns("sleep\0" + secs);
        assertNoContainersListed();
    }

    @Test
    void aMissingExecutableIsAStartError() {
        assertThatThrownBy(() -> run(ProcessSpec.of("nope")))
                .isInstanceOf(ProcessStartException.class)
                .hasMessage("exec \"nope\": executable file not found in $PATH")
                .extracting(e -> ((ProcessStartException) e).executable()).isEqualTo("nope");
        assertThatThrownBy(() -> run(ProcessSpec.of("/bin/nope")))
                .isInstanceOf(ProcessStartException.class)
                .hasMessage("exec \"/bin/nope\": stat /bin/nope: no such file or directory");
    }

    @Test
    void aMissingRuntimeSaysHowToInstallIt() {
        HostTools t = config.tools();
        ExecConfig c = config.withTools(new HostTools(Path.of("/nonexistent/runc"), Path.of("/nonexistent/bwrap"),
                t.unshare(), t.sh(), t.mount()));
        assertThatThrownBy(() -> executor(c).run(new ExecRequest(ProcessSpec.of("true"), busybox.overlay())))
                .isInstanceOf(HostToolMissingException.class)
                .hasMessageContaining(kind() == BackendKind.RUNC ? "runc is not installed" : "bwrap is not installed")
                .hasMessageContaining("apt-get install runc bubblewrap");
    }

    @Test
    void capsOutputAndSaysSo() throws Exception {
        ExecResult r = executor(config.withOutputCapBytes(1000)).run(
                new ExecRequest(sh("head -c 300000 /dev/zero; echo done >&2"), busybox.overlay()));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().bytes()).hasSize(1000);
        assertThat(r.stdout().totalBytes()).isEqualTo(300_000);
        assertThat(r.stdout().truncated()).isTrue();
        assertThat(r.stdout().text()).endsWith("[output truncated: 299000 more bytes not kept]\n");
        assertThat(r.stderr().text()).isEqualTo("done\n");
    }

    @Test
    void manyRunsInParallelAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<ExecResult>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                futures.add(pool.submit(() -> run(sh("echo run " + n + "; echo $$ > /pid; exit " + (n % 3)))));
            }
            for (int i = 0; i < 20; i++) {
                ExecResult r = futures.get(i).get();
                assertThat(r.stdout().text()).isEqualTo("run " + i + "\n");
                assertThat(r.exitCode()).isEqualTo(i % 3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertNoProcessRuns(String cmdline) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String cmd;
                try {
                    cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    continue;
                }
                assertThat(cmd).as("process " + p.getFileName() + " still runs").doesNotContain(cmdline);
            }
        }
    }

    static void assertNoContainersListed() throws Exception {
        Path root = config.stateDir().resolve("runc");
        if (!Files.isDirectory(root)) {
            return;
        }
        Process p = new ProcessBuilder("runc", "--root", root.toString(), "list", "-q").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.strip()).as("runc list").isEmpty();
    }

    static void copyTree(Path from, Path to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
