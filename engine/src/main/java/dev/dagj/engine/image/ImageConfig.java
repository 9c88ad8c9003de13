package dev.dagj.engine.image;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The runtime part of an image config ({@code config} in the OCI image config JSON) that the Container API reads and
 * changes. Lists keep their order; labels and exposed ports are sorted so equal configs encode to equal bytes.
 * Exposed ports are written as in the JSON: {@code 80/tcp}.
 */
public record ImageConfig(
        List<String> env,
        String workingDir,
        String user,
        List<String> entrypoint,
        List<String> cmd,
        Map<String, String> labels,
        Set<String> exposedPorts) {
    public static final ImageConfig EMPTY = new ImageConfig(List.of(), "", "", List.of(), List.of(), Map.of(), Set.of());

    public ImageConfig {
        env = List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        exposedPorts = java.util.Collections.unmodifiableSet(new TreeSet<>(exposedPorts));
    }

    public ImageConfig withEnv(List<String> e) {
        return new ImageConfig(e, workingDir, user, entrypoint, cmd, labels, exposedPorts);
    }

    public ImageConfig withWorkingDir(String w) {
        return new ImageConfig(env, w, user, entrypoint, cmd, labels, exposedPorts);
    }

    public ImageConfig withUser(String u) {
        return new ImageConfig(env, workingDir, u, entrypoint, cmd, labels, exposedPorts);
    }

    public ImageConfig withEntrypoint(List<String> e) {
        return new ImageConfig(env, workingDir, user, e, cmd, labels, exposedPorts);
    }

    public ImageConfig withCmd(List<String> c) {
        return new ImageConfig(env, workingDir, user, entrypoint, c, labels, exposedPorts);
    }

    public ImageConfig withLabels(Map<String, String> l) {
        return new ImageConfig(env, workingDir, user, entrypoint, cmd, l, exposedPorts);
    }

    public ImageConfig withExposedPorts(Set<String> p) {
        return new ImageConfig(env, workingDir, user, entrypoint, cmd, labels, p);
    }
}
