package dev.dagj.engine.exec;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * cgroup limits for one container. Empty optionals mean "no limit". Memory includes swap (the process is OOM-killed,
 * exit 137, rather than swapped); {@code maxPids} bounds the number of processes and threads.
 */
public record ResourceLimits(OptionalLong memoryBytes, OptionalInt maxPids) {
    public ResourceLimits {
        if (memoryBytes.isPresent() && memoryBytes.getAsLong() < 4L << 20) {
            throw new IllegalArgumentException("a memory limit below 4 MiB cannot start a container: " + memoryBytes);
        }
        if (maxPids.isPresent() && maxPids.getAsInt() < 1) {
            throw new IllegalArgumentException("a pids limit must be at least 1: " + maxPids);
        }
    }

    public static ResourceLimits none() {
        return new ResourceLimits(OptionalLong.empty(), OptionalInt.empty());
    }

    public ResourceLimits withMemoryBytes(long bytes) {
        return new ResourceLimits(OptionalLong.of(bytes), maxPids);
    }

    public ResourceLimits withMaxPids(int pids) {
        return new ResourceLimits(memoryBytes, OptionalInt.of(pids));
    }

    public boolean isEmpty() {
        return memoryBytes.isEmpty() && maxPids.isEmpty();
    }
}
