package dev.dagj.engine.op;

import java.util.List;

/**
 * {@code dest} with {@code sourcePath} of {@code source} copied to {@code destPath}. A directory source has its
 * contents merged into the destination directory, filtered by {@code include}/{@code exclude} globs (relative to the
 * source directory; empty include means everything); a file source is written at {@code destPath} (inside it,
 * under the file's name, when {@code destPath} is an existing directory), with {@code mode} overriding its
 * permissions when not null.
 */
public record CopyOp(Vertex dest, String destPath, Vertex source, String sourcePath, List<String> include,
        List<String> exclude, Integer mode) implements Op {
    public CopyOp {
        OpPaths.requireNormal(destPath);
        OpPaths.requireNormal(sourcePath);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    @Override
    public List<Vertex> inputs() {
        return List.of(dest, source);
    }
}
