package dev.dagj.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagj.engine.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeEditorTest {
    @TempDir
    Path state;
    ContentStore store;
    TreeEditor trees;

    @BeforeEach
    void open() throws StoreException {
        store = ContentStore.open(state);
        trees = new TreeEditor(store);
    }

    private Digest withFile(Digest root, String path, String contents) throws StoreException {
        byte[] b = contents.getBytes(StandardCharsets.UTF_8);
        return trees.put(root, path, TreeEntry.file("x", 0644, b.length, store.putBytes(b)));
    }

    private List<String> paths(Digest root) throws StoreException {
        List<String> out = new ArrayList<>();
        walk(root, "", out);
        return out;
    }

    private void walk(Digest dir, String prefix, List<String> out) throws StoreException {
        for (TreeEntry e : store.tree(dir).entries()) {
            String p = prefix + e.name();
            out.add(e.isDir() ? p + "/" : p);
            if (e.isDir()) {
                walk(e.digest(), p + "/", out);
            }
        }
    }

    @Test
    void putMakesParentsAndSharesUnchangedSubtrees() throws StoreException {
        Digest t = withFile(trees.emptyTree(), "a/b/c.txt", "c");
        t = withFile(t, "z.txt", "z");
        assertThat(paths(t)).containsExactly("a/", "a/b/", "a/b/c.txt", "z.txt");
        Digest a1 = trees.lookup(t, "a").digest();
        Digest t2 = withFile(t, "y.txt", "y");
        assertThat(trees.lookup(t2, "a").digest()).isEqualTo(a1);
    }

    @Test
    void writingBelowAFileIsAnError() throws StoreException {
        Digest t = withFile(trees.emptyTree(), "a/b", "file");
        assertThatThrownBy(() -> withFile(t, "a/b/c", "x"))
                .hasMessageContaining("cannot create /a/b/c: /a/b is not a directory");
    }

    @Test
    void equalContentBuiltInAnyOrderHasEqualDigests() throws StoreException {
        Digest one = withFile(withFile(trees.emptyTree(), "a", "1"), "b/c", "2");
        Digest two = withFile(withFile(trees.emptyTree(), "b/c", "2"), "a", "1");
        assertThat(one).isEqualTo(two);
    }

    @Test
    void removeAndSubdir() throws StoreException {
        Digest t = withFile(withFile(trees.emptyTree(), "a/b.txt", "b"), "a/c.txt", "c");
        assertThat(paths(trees.remove(t, "a/b.txt"))).containsExactly("a/", "a/c.txt");
        assertThat(trees.remove(t, "missing")).isEqualTo(t);
        assertThat(paths(trees.subdir(t, "a"))).containsExactly("b.txt", "c.txt");
        assertThatThrownBy(() -> trees.subdir(t, "a/b.txt")).hasMessageContaining("/a/b.txt is not a directory");
        assertThatThrownBy(() -> trees.subdir(t, "q")).hasMessageContaining("no such file or directory: /q");
    }

    @Test
    void mergeLetsUpperWinAndMergesDirectories() throws StoreException {
        Digest lower = withFile(withFile(trees.emptyTree(), "d/x", "lower"), "d/only-lower", "l");
        Digest upper = withFile(withFile(trees.emptyTree(), "d/x", "upper"), "d/only-upper", "u");
        Digest m = trees.merge(lower, upper);
        assertThat(paths(m)).containsExactly("d/", "d/only-lower", "d/only-upper", "d/x");
        TreeEntry x = trees.lookup(m, "d/x");
        assertThat(new String(store.readBytes(x.digest()), StandardCharsets.UTF_8)).isEqualTo("upper");
    }

    @Test
    void diffKeepsOnlyWhatUpperAddsOrChanges() throws StoreException {
        Digest lower = withFile(withFile(trees.emptyTree(), "same", "s"), "d/changed", "1");
        Digest upper = withFile(withFile(lower, "d/changed", "2"), "new", "n");
        assertThat(paths(trees.diff(lower, upper))).containsExactly("d/", "d/changed", "new");
        assertThat(trees.diff(upper, upper)).isEqualTo(trees.emptyTree());
    }

    @Test
    void filterAppliesIncludeAndExcludeGlobs() throws StoreException {
        Digest t = trees.emptyTree();
        for (String p : List.of("main.go", "go.mod", "vendor/x/y.go", "docs/readme.md", "sub/pkg/a.go", "sub/pkg/a_test.go")) {
            t = withFile(t, p, p);
        }
        assertThat(paths(trees.filter(t, new PathFilter(List.of("**/*.go"), List.of("vendor", "**/*_test.go")))))
                .containsExactly("main.go", "sub/", "sub/pkg/", "sub/pkg/a.go");
        assertThat(paths(trees.filter(t, new PathFilter(List.of("docs"), List.of()))))
                .containsExactly("docs/", "docs/readme.md");
        assertThat(paths(trees.filter(t, new PathFilter(List.of(), List.of("*", "!go.mod")))))
                .containsExactly("go.mod");
    }
}
