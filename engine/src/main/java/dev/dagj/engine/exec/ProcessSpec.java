package dev.dagj.engine.exec;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The process to run inside the container.
 *
 * @param args           argv; {@code args[0]} is looked up in the container's {@code PATH} when it has no slash
 * @param env            the complete environment, in order (nothing is inherited; callers add {@code PATH})
 * @param cwd            absolute working directory; created (owned by root) if the root filesystem lacks it
 * @param uid            user id the process runs as
 * @param gid            primary group id
 * @param additionalGids supplementary groups
 * @param stdin          bytes fed to stdin, then closed; empty means stdin is {@code /dev/null}
 * @param hostname       the container's hostname (own UTS namespace)
 * @param timeout        wall-clock limit; when it passes the whole container is killed and the result says so
 * @param limits         cgroup limits
 */
public record ProcessSpec(
        List<String> args,
        SequencedMap<String, String> env,
        String cwd,
        int uid,
        int gid,
        List<Integer> additionalGids,
        byte[] stdin,
        String hostname,
        Optional<Duration> timeout,
        ResourceLimits limits) {

    public ProcessSpec {
        args = List.copyOf(args);
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("a process needs at least a non-empty args[0]");
        }
        env = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(env));
        for (String k : env.keySet()) {
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name: \"" + k + "\"");
            }
        }
        if (!cwd.startsWith("/")) {
            throw new IllegalArgumentException("the working directory must be absolute: " + cwd);
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
        }
        additionalGids = List.copyOf(additionalGids);
        stdin = stdin.clone();
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive: " + t);
            }
        });
        Objects.requireNonNull(limits, "limits");
    }

    /** {@code args} as root in {@code /}, with {@code PATH} set to the usual directories, no stdin, no limits. */
    public static ProcessSpec of(String... args) {
        SequencedMap<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        return new ProcessSpec(List.of(args), env, "/", 0, 0, List.of(), new byte[0], "dagj", Optional.empty(),
                ResourceLimits.none());
    }

    /** True when the process must run as another user or group than root: bwrap cannot switch users. */
    public boolean needsIdentitySwitch() {
        return uid != 0 || gid != 0 || !additionalGids.isEmpty();
    }

    /** True when the process needs cgroup limits: bwrap has none. */
    public boolean needsLimits() {
        return !limits.isEmpty();
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    /** Length of {@link #stdin()} without copying it. */
    public int stdinLength() {
        return stdin.length;
    }

    byte[] stdinUnsafe() {
        return stdin;
    }

    public ProcessSpec withEnv(String name, String value) {
        SequencedMap<String, String> e = new LinkedHashMap<>(env);
        e.put(name, value);
        return new ProcessSpec(args, e, cwd, uid, gid, additionalGids, stdin, hostname, timeout, limits);
    }

    public ProcessSpec withCwd(String dir) {
        return new ProcessSpec(args, env, dir, uid, gid, additionalGids, stdin, hostname, timeout, limits);
    }

    public ProcessSpec withUser(int newUid, int newGid, List<Integer> groups) {
        return new ProcessSpec(args, env, cwd, newUid, newGid, groups, stdin, hostname, timeout, limits);
    }

    public ProcessSpec withStdin(byte[] bytes) {
        return new ProcessSpec(args, env, cwd, uid, gid, additionalGids, bytes, hostname, timeout, limits);
    }

    public ProcessSpec withHostname(String name) {
        return new ProcessSpec(args, env, cwd, uid, gid, additionalGids, stdin, name, timeout, limits);
    }

    public ProcessSpec withTimeout(Duration t) {
        return new ProcessSpec(args, env, cwd, uid, gid, additionalGids, stdin, hostname, Optional.of(t), limits);
    }

    public ProcessSpec withLimits(ResourceLimits l) {
        return new ProcessSpec(args, env, cwd, uid, gid, additionalGids, stdin, hostname, timeout, l);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessSpec p && args.equals(p.args) && env.equals(p.env)
                && List.copyOf(env.keySet()).equals(List.copyOf(p.env.keySet())) && cwd.equals(p.cwd)
                && uid == p.uid && gid == p.gid && additionalGids.equals(p.additionalGids)
                && Arrays.equals(stdin, p.stdin) && hostname.equals(p.hostname) && timeout.equals(p.timeout)
                && limits.equals(p.limits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(args, env, cwd, uid, gid, additionalGids, Arrays.hashCode(stdin), hostname, timeout,
                limits);
    }

    @Override
    public String toString() {
        return "ProcessSpec[args=" + args + ", env=" + env.keySet() + ", cwd=" + cwd + ", user=" + uid + ":" + gid
                + additionalGids + ", stdin=" + stdin.length + " bytes, hostname=" + hostname + ", timeout="
                + timeout.map(Duration::toString).orElse("none") + ", limits=" + limits + "]";
    }
}
