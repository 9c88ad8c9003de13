package dev.dagj.engine.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Absolute paths of the host programs the executors run. A path may not exist; {@link #require} says so with an
 * install hint when a run needs it.
 */
public record HostTools(Path runc, Path bwrap, Path unshare, Path sh, Path mount) {
    private static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");

    /** Looks each tool up in {@code PATH} from {@code env}, then in the usual system directories. */
    public static HostTools locate(Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SYSTEM_DIRS);
        return new HostTools(find("runc", dirs), find("bwrap", dirs), find("unshare", dirs), find("sh", dirs),
                find("mount", dirs));
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
}
