package dev.dagj.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaleStateCleanerTest {
    @TempDir
    Path tmp;

    /**
     * A child JVM starts {@code sleep} through the executor and is killed with SIGKILL, like a crashing engine. With
     * runc the container's state survives it (and the container too, when runc was started from the JVM) and the
     * cleaner must kill and delete it; with bwrap the sandbox ends by itself. Either way the run dir stays behind, the cleaner removes
     * it without following its symlinks into the layers, and the host mount table never saw the overlay. While the
     * child still runs, a cleaner in this process removes nothing of it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"runc", "bwrap"})
    void cleansUpAfterACrashedEngine(String backend) throws Exception {
        BusyboxRootFs busybox = BusyboxRootFs.create(tmp);
        Path state = tmp.resolve("state");
        String secs = Integer.toString(5000 + ThreadLocalRandom.current().nextInt(4000));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process engine = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AbandonedRunMain.class.getName(), state.toString(), busybox.lower().toString(),
                tmp.resolve("scratch").toString(), backend, secs).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("engine.log").toFile()).start();
        try {
            waitFor(() -> sleepRuns(secs), "the container's sleep to start; engine log: " + tmp.resolve("engine.log"));
            // While that engine lives, another engine on the same state dir leaves its run alone.
            assertThat(new StaleStateCleaner(ExecConfig.defaults(state, System.getenv())).clean())
                    .isEqualTo(new StaleStateCleaner.Report(List.of(), List.of()));
            assertThat(sleepRuns(secs)).as("the live engine's container still runs").isTrue();
        } finally {
            engine.destroyForcibly().waitFor();
        }
        ExecConfig config = ExecConfig.defaults(state, System.getenv());
        if (backend.equals("runc")) {
            // runc run forked by the dagj-nsexec server: its handler kills the orphaned container when the engine's
            // connection closes; started from the JVM, runc orphans it. Either way runc's state is left behind.
            Thread.sleep(300);
            assertThat(runcList(config)).startsWith("dagj-");
        }
        // bwrap's --die-with-parent usually ends its sandbox with the engine, but not always (a sandbox's init was
        // seen to outlive its killed engine under load); the cleaner kills what is left either way.
        try (Stream<Path> s = Files.list(config.runsDir())) {
            assertThat(s.toList()).as("the crashed engine's run dir").hasSize(1);
        }

        StaleStateCleaner.Report report = new StaleStateCleaner(config).clean();

        assertThat(report.runDirs()).hasSize(1);
        assertThat(report.containers()).hasSize(backend.equals("runc") ? 1 : 0);
        waitFor(() -> !sleepRuns(secs), "the sleep to go away");
        assertThat(runcList(config)).isEmpty();
        try (Stream<Path> s = Files.list(config.runsDir())) {
            assertThat(s.toList()).isEmpty();
        }
        if (Files.isDirectory(config.serversDir())) {
            try (Stream<Path> s = Files.list(config.serversDir())) {
                assertThat(s.toList()).as("the crashed engine's sandbox server dir").isEmpty();
            }
        }
        assertThat(busybox.lower().resolve("bin/busybox")).exists();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(state.toString());
        assertThat(new StaleStateCleaner(config).clean()).isEqualTo(new StaleStateCleaner.Report(List.of(), List.of()));
        new StaleStateCleaner(config).releaseRunsDir();
    }

    @Test
    void aSandboxLeftRunningFromADeadEnginesRunDirIsKilledWithItsChildren() throws Exception {
        Path runDir = Files.createDirectories(tmp.resolve("runs/dagj-1-1-00"));
        String secs = Integer.toString(9000 + ThreadLocalRandom.current().nextInt(900));
        // A stand-in for a sandbox whose command line names the run dir (as bwrap's --bind does), with a child.
        Process sandbox = new ProcessBuilder("sh", "-c", "sleep " + secs + "; true", runDir + "/r/m").start();
        Process other = new ProcessBuilder("sh", "-c", "sleep " + secs + "; true", tmp + "/elsewhere/r/m").start();
        try {
            waitFor(() -> sandbox.descendants().findAny().isPresent(), "the stand-in's child to start");
            ProcessHandle child = sandbox.descendants().findAny().orElseThrow();

            StaleStateCleaner.killSandboxesOf(runDir);

            waitFor(() -> !sandbox.isAlive() && !child.isAlive(), "the stand-in and its child to die");
            assertThat(other.isAlive()).as("a process naming another dir").isTrue();
        } finally {
            for (Process p : List.of(other, sandbox)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly); // the sleeps, not only their shells
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void anEmptyStateDirIsFine() throws Exception {
        assertThat(new StaleStateCleaner(ExecConfig.defaults(tmp, System.getenv())).clean().runDirs()).isEmpty();
    }

    private static String runcList(ExecConfig config) throws Exception {
        if (!Files.isDirectory(config.runcRoot())) {
            return "";
        }
        Process p = new ProcessBuilder("runc", "--root", config.runcRoot().toString(), "list", "-q")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    private static boolean sleepRuns(String secs) {
        try {
            ContainerExecutorContract.assertNoProcessRuns("sleep\0" + secs);
            return false;
        } catch (AssertionError | java.io.IOException e) {
            return true;
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
