package dev.dagj.engine.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the OCI runtime {@code config.json} runc runs: new pid, mount, network (runc brings {@code lo} up), ipc and
 * uts namespaces; Docker's default capabilities, masked and read-only paths; {@code RLIMIT_NOFILE} 1024 soft and the
 * host's hard limit (runc cannot raise it without CAP_SYS_RESOURCE); cgroup limits under {@code linux.resources}
 * with {@code linux.cgroupsPath} set to the container ID (relative, so it nests under the engine's own cgroup and
 * leaves no parent directory behind); no terminal.
 *
 * @param nofileHard the host's hard {@code RLIMIT_NOFILE}
 */
record OciRuntimeConfig(ObjectMapper json, long nofileHard) {
    private static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    private static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    /**
     * @param rootPath   the root filesystem directory (the merged overlay, or the caller's directory)
     * @param readOnly   whether the root is mounted read-only
     * @param userMounts the request's mounts, with each copy-on-write overlay already replaced by its merged
     *                   directory
     */
    ObjectNode build(String id, ProcessSpec spec, Path rootPath, boolean readOnly, List<ResolvedMount> userMounts) {
        return build(id, spec, rootPath, readOnly, userMounts, ExecRequest.Network.ISOLATED);
    }

    ObjectNode build(String id, ProcessSpec spec, Path rootPath, boolean readOnly, List<ResolvedMount> userMounts,
            ExecRequest.Network network) {
        ObjectNode c = json.createObjectNode();
        c.put("ociVersion", "1.0.2");
        c.set("process", process(spec));
        ObjectNode root = c.putObject("root");
        root.put("path", rootPath.toString());
        root.put("readonly", readOnly);
        c.put("hostname", spec.hostname());
        ArrayNode mounts = c.putArray("mounts");
        // An overlay at / comes first: runc makes the mounts in order, and the others land on top of it.
        for (ResolvedMount m : userMounts) {
            if (m instanceof ResolvedMount.Overlay o && o.target().equals("/")) {
                mount(mounts, "/", "overlay", "overlay", List.of(o.options().split(",")));
            }
        }
        mount(mounts, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(mounts, "/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        mount(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"));
        for (ResolvedMount m : userMounts) {
            switch (m) {
                case ResolvedMount.Bind b -> mount(mounts, b.target(), "bind", b.source().toString(),
                        List.of("rbind", b.readOnly() ? "ro" : "rw"));
                case ResolvedMount.Tmpfs t -> mount(mounts, t.target(), "tmpfs", "tmpfs", tmpfsOptions(t));
                case ResolvedMount.Overlay o -> {
                    if (!o.target().equals("/")) {
                        mount(mounts, o.target(), "overlay", "overlay", List.of(o.options().split(",")));
                    }
                }
            }
        }
        c.set("linux", linux(id, spec, network));
        return c;
    }

    private ObjectNode process(ProcessSpec spec) {
        ObjectNode p = json.createObjectNode();
        p.put("terminal", false);
        ObjectNode user = p.putObject("user");
        user.put("uid", spec.uid());
        user.put("gid", spec.gid());
        if (!spec.additionalGids().isEmpty()) {
            ArrayNode gids = user.putArray("additionalGids");
            spec.additionalGids().forEach(gids::add);
        }
        ArrayNode args = p.putArray("args");
        spec.args().forEach(args::add);
        ArrayNode env = p.putArray("env");
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        p.put("cwd", spec.cwd());
        ObjectNode caps = p.putObject("capabilities");
        boolean root = spec.uid() == 0;
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = caps.putArray(set);
            if (root || set.equals("bounding")) {
                DefaultCapabilities.NAMES.forEach(a::add);
            }
        }
        ObjectNode nofile = p.putArray("rlimits").addObject();
        nofile.put("type", "RLIMIT_NOFILE");
        nofile.put("hard", nofileHard);
        nofile.put("soft", Math.min(1024, nofileHard));
        p.put("noNewPrivileges", false);
        return p;
    }

    private ObjectNode linux(String id, ProcessSpec spec, ExecRequest.Network network) {
        ObjectNode l = json.createObjectNode();
        ArrayNode ns = l.putArray("namespaces");
        for (String t : List.of("pid", "network", "ipc", "uts", "mount")) {
            if (!t.equals("network") || network == ExecRequest.Network.ISOLATED) {
                ns.addObject().put("type", t);
            }
        }
        l.put("cgroupsPath", id);
        ObjectNode res = l.putObject("resources");
        res.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        spec.limits().memoryBytes().ifPresent(bytes -> res.putObject("memory").put("limit", bytes).put("swap", bytes));
        spec.limits().maxPids().ifPresent(n -> res.putObject("pids").put("limit", n));
        ArrayNode masked = l.putArray("maskedPaths");
        MASKED.forEach(masked::add);
        ArrayNode ro = l.putArray("readonlyPaths");
        READONLY.forEach(ro::add);
        return l;
    }

    private static List<String> tmpfsOptions(ResolvedMount.Tmpfs t) {
        String mode = "mode=" + Integer.toOctalString(t.mode());
        return t.sizeBytes() > 0 ? List.of("nosuid", "nodev", mode, "size=" + t.sizeBytes())
                : List.of("nosuid", "nodev", mode);
    }

    private static void mount(ArrayNode mounts, String dest, String type, String source, List<String> options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", dest);
        m.put("type", type);
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        options.forEach(o::add);
    }
}
