package dev.dagj.engine.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host programs the executors run: the runtimes as paths, and the wrapper's {@code unshare}, {@code sh} and
 * {@code mount} as command prefixes. Paths may not exist; {@link #require} says so with an install hint when a run
 * needs one.
 *
 * <p>{@link #locate} prefers a static busybox (package busybox-static) for the wrapper: its applets start in well
 * under a millisecond, while util-linux {@code unshare} and {@code mount} load several shared libraries; on a busy
 * host that is the larger part of the wrapper's cost.
 */
public record HostTools(Path runc, Path bwrap, List<String> unshare, List<String> sh, List<String> mount) {
    private static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");
    private static final Set<String> APPLETS = Set.of("unshare", "sh", "mount");

    public HostTools {
        unshare = List.copyOf(unshare);
        sh = List.copyOf(sh);
        mount = List.copyOf(mount);
    }

    /**
     * Looks each tool up in {@code PATH} from {@code env}, then in the usual system directories; uses busybox's
     * applets for the wrapper when busybox has all three.
     */
    public static HostTools locate(Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SYSTEM_DIRS);
        Path runc = find("runc", dirs);
        Path bwrap = find("bwrap", dirs);
        Path busybox = find("busybox", dirs);
        if (hasApplets(busybox)) {
            String bb = busybox.toString();
            return new HostTools(runc, bwrap, List.of(bb, "unshare"), List.of(bb, "sh"), List.of(bb, "mount"));
        }
        return new HostTools(runc, bwrap, List.of(find("unshare", dirs).toString()), List.of(find("sh", dirs)
                .toString()), List.of(find("mount", dirs).toString()));
    }

    /** The same tools, but util-linux {@code unshare}, {@code mount} and {@code /bin/sh} for the wrapper. */
    public HostTools withoutBusybox() {
        return new HostTools(runc, bwrap, List.of(find("unshare", SYSTEM_DIRS).toString()), List.of("/bin/sh"),
                List.of(find("mount", SYSTEM_DIRS).toString()));
    }

    private static boolean hasApplets(Path busybox) {
        if (!Files.isExecutable(busybox)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true)
                    .redirectInput(HostCommand.DEV_NULL).start();
            String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && List.of(list.split("\n")).containsAll(APPLETS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Program {@code name} in the usual system directories (which need not exist: check before running it). */
    static Path inSystemDirs(String name) {
        return find(name, SYSTEM_DIRS);
    }

    private static Path find(String name, List<String> dirs) {
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return Path.of("/usr/bin", name);
    }

    /** {@code tool} itself if it is an executable file, else {@link HostToolMissingException}. */
    static Path require(Path tool) throws HostToolMissingException {
        if (!Files.isExecutable(tool)) {
            throw new HostToolMissingException(tool.getFileName().toString(), tool.toString());
        }
        return tool;
    }

    /** {@code command} if its program is an executable file, else {@link HostToolMissingException}. */
    static List<String> require(List<String> command) throws HostToolMissingException {
        require(Path.of(command.get(0)));
        return command;
    }
}
