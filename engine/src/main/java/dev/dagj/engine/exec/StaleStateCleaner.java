package dev.dagj.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagj.engine.fs.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what a crashed engine left in its state dir: runc containers named {@code dagj-*} under
 * {@code <stateDir>/runc} (killed, then {@code runc delete -f}), run dirs under {@link ExecConfig#runsDir()} and
 * sandbox server dirs under {@link ExecConfig#serversDir()}, each
 * only when the engine process that made it is gone ({@link ContainerIds#ownerAlive}): engines in other processes
 * that share the state dir keep their runs. Mounts need no cleanup: they were made in private mount namespaces that
 * died with their processes. An engine runs it when it starts.
 */
public final class StaleStateCleaner {
    /** What was removed. */
    public record Report(List<String> containers, List<String> runDirs) {
        public Report {
            containers = List.copyOf(containers);
            runDirs = List.copyOf(runDirs);
        }
    }

    private final ExecConfig config;
    private final ObjectMapper json = new ObjectMapper();

    public StaleStateCleaner(ExecConfig config) {
        this.config = config;
    }

    /** On engine close: stops this JVM's sandbox server; removes the engine's run-dir root when no run is left in it. */
    public void releaseRunsDir() {
        ForkServer.stopFor(config.serversDir());
        RunDir.removeIfEmpty(config.serversDir(), false);
        RunDir.removeIfEmpty(config.runsDir());
    }

    public Report clean() throws ExecException {
        List<String> containers = cleanContainers();
        List<String> dirs = new ArrayList<>();
        cleanRunDirs(config.runsDir(), dirs);
        cleanRunDirs(config.serversDir(), new ArrayList<>()); // a dead engine's sandbox server socket
        return new Report(containers, dirs);
    }

    /** Removes the run dirs (or server dirs) under {@code runs} whose engine process is gone. */
    private static void cleanRunDirs(Path runs, List<String> dirs) throws ExecException {
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (ContainerIds.ownerAlive(p.getFileName().toString())) {
                        continue;
                    }
                    killSandboxesOf(p);
                    FileTrees.deleteWithinDevice(p);
                    dirs.add(p.getFileName().toString());
                }
            } catch (IOException e) {
                throw new ExecException("cannot remove stale run dirs under " + runs + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Kills the sandboxes still running from the dead engine's run dir {@code runDir}: processes whose command line
     * names a path in it (bwrap binds the run's root from there), with their descendants. bwrap's
     * {@code --die-with-parent} usually ends them with their engine, but not always: seen on this VM under load, a
     * sandbox's init outlived its killed engine, reparented to init, with the container's process still running.
     * Waits briefly for them to exit, so the run dir is not removed from under them.
     */
    static void killSandboxesOf(Path runDir) throws IOException {
        String needle = runDir.toAbsolutePath().normalize() + "/";
        List<ProcessHandle> killed = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // gone meanwhile, or not ours to read
                }
                if (!cmdline.contains(needle)) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(name)).ifPresent(h -> {
                    h.descendants().forEach(d -> {
                        d.destroyForcibly();
                        killed.add(d);
                    });
                    h.destroyForcibly();
                    killed.add(h);
                });
            }
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (ProcessHandle h : killed) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private List<String> cleanContainers() throws ExecException {
        Path root = config.runcRoot();
        if (!Files.isDirectory(root) || !hasOurStateDirs(root)) {
            return List.of();
        }
        String runc = HostTools.require(config.tools().runc()).toString();
        HostCommand list = HostCommand.run(List.of(runc, "--root", root.toString(), "list", "--format", "json"));
        if (!list.ok()) {
            throw new ExecException("runc list under " + root + " failed: " + list.output());
        }
        List<String> removed = new ArrayList<>();
        for (String id : ids(list.output())) {
            if (!ContainerIds.isOurs(id) || ContainerIds.ownerAlive(id)) {
                continue;
            }
            HostCommand.run(List.of(runc, "--root", root.toString(), "kill", id, "KILL"));
            HostCommand del = HostCommand.run(List.of(runc, "--root", root.toString(), "delete", "-f", id));
            if (!del.ok() && Files.exists(root.resolve(id))) {
                throw new ExecException("runc delete -f " + id + " failed: " + del.output());
            }
            removed.add(id);
        }
        return removed;
    }

    /**
     * Whether runc's state root holds a directory named like one of our containers (runc keeps one per container,
     * named by its id). Without one there is nothing to clean, and the {@code runc list} process (tens of ms at every
     * engine start) is skipped.
     */
    private static boolean hasOurStateDirs(Path root) throws ExecException {
        try (Stream<Path> s = Files.list(root)) {
            return s.anyMatch(p -> ContainerIds.isOurs(p.getFileName().toString())
                    && !ContainerIds.ownerAlive(p.getFileName().toString()) && Files.isDirectory(p));
        } catch (IOException e) {
            throw new ExecException("cannot list runc's state under " + root + ": " + e.getMessage(), e);
        }
    }

    private List<String> ids(String listJson) throws ExecException {
        List<String> ids = new ArrayList<>();
        if (listJson.isBlank() || listJson.equals("null")) {
            return ids;
        }
        try {
            for (JsonNode c : json.readTree(listJson)) {
                ids.add(c.path("id").asText());
            }
        } catch (IOException e) {
            throw new ExecException("cannot parse runc list output: " + listJson, e);
        }
        return ids;
    }
}
