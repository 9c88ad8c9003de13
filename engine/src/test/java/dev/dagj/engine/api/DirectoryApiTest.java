package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class DirectoryApiTest extends ApiTestBase {
    private static final String TREE = "directory { withNewFile(path: \"a.txt\", contents: \"A\") {"
            + " withNewFile(path: \"sub/b.txt\", contents: \"B\") { withNewFile(path: \"sub/deep/c.md\", contents: \"C\") {";
    private static final String END = "} } } }";

    private String id(String chain) throws Exception {
        JsonNode d = client.data("{ " + chain + " }");
        return d.findValue("id").asText();
    }

    @Test
    void tsSdkWithNewFileEntries() throws Exception {
        JsonNode d = client.data("\n      { directory  { withNewFile (path: \"a.txt\",contents: \"hello\") { entries  } } }\n    ");
        assertThat(strings(at(d, "directory", "withNewFile", "entries"))).containsExactly("a.txt");
    }

    @Test
    void entriesAreSortedAndMarkDirectories() throws Exception {
        JsonNode d = client.data("{ " + TREE + " entries sub: entries(path: \"sub\") deep: entries(path: \"/sub/./deep/\") " + END + " }");
        JsonNode r = at(d, "directory", "withNewFile", "withNewFile", "withNewFile");
        assertThat(strings(r.get("entries"))).containsExactly("a.txt", "sub/");
        assertThat(strings(r.get("sub"))).containsExactly("b.txt", "deep/");
        assertThat(strings(r.get("deep"))).containsExactly("c.md");
    }

    @Test
    void emptyDirectoryHasNoEntries() throws Exception {
        assertThat(strings(at(client.data("{ directory { entries } }"), "directory", "entries"))).isEmpty();
    }

    @Test
    void globMatchesWholePaths() throws Exception {
        JsonNode d = client.data("{ " + TREE + " txt: glob(pattern: \"**/*.txt\") top: glob(pattern: \"*\")"
                + " md: glob(pattern: \"sub/*/*.md\") " + END + " }");
        JsonNode r = at(d, "directory", "withNewFile", "withNewFile", "withNewFile");
        assertThat(strings(r.get("txt"))).containsExactly("a.txt", "sub/b.txt");
        assertThat(strings(r.get("top"))).containsExactly("a.txt", "sub/");
        assertThat(strings(r.get("md"))).containsExactly("sub/deep/c.md");
    }

    @Test
    void fileAndDirectoryNavigate() throws Exception {
        JsonNode d = client.data("{ " + TREE + " file(path: \"sub/b.txt\") { contents name }"
                + " directory(path: \"sub\") { name entries file(path: \"deep/c.md\") { contents } } name " + END + " }");
        JsonNode r = at(d, "directory", "withNewFile", "withNewFile", "withNewFile");
        assertThat(at(r, "file", "contents").asText()).isEqualTo("B");
        assertThat(at(r, "file", "name").asText()).isEqualTo("b.txt");
        assertThat(at(r, "directory", "name").asText()).isEqualTo("sub/");
        assertThat(strings(at(r, "directory", "entries"))).containsExactly("b.txt", "deep/");
        assertThat(at(r, "directory", "file", "contents").asText()).isEqualTo("C");
        assertThat(r.get("name").asText()).isEqualTo("/");
    }

    @Test
    void withFileCopiesAFileWithOptionalPermissions() throws Exception {
        String file = id("directory { withNewFile(path: \"x/src.txt\", contents: \"S\") { file(path: \"x/src.txt\") { id } } }");
        JsonNode d = client.data("{ directory { withFile(path: \"d/copy.txt\", source: " + lit(file) + ", permissions: 384) {"
                + " entries(path: \"d\") file(path: \"d/copy.txt\") { contents } } } }");
        assertThat(strings(at(d, "directory", "withFile", "entries"))).containsExactly("copy.txt");
        assertThat(at(d, "directory", "withFile", "file", "contents").asText()).isEqualTo("S");
        Path out = work.resolve("copy-out");
        client.data("{ directory { withFile(path: \"c.txt\", source: " + lit(file) + ", permissions: 384) { export(path: \"copy-out\") } } }");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("c.txt")))).isEqualTo("rw-------");
    }

    @Test
    void withDirectoryMergesWithFiltersAndAcceptsTheOlderArgumentName() throws Exception {
        String src = id(TREE + " id " + END);
        JsonNode d = client.data("{ directory { withNewFile(path: \"keep\", contents: \"k\") {"
                + " withDirectory(path: \"into\", source: " + lit(src) + ", exclude: [\"**/*.md\"]) { entries glob(pattern: \"into/**\") } } } }");
        JsonNode r = at(d, "directory", "withNewFile", "withDirectory");
        assertThat(strings(r.get("entries"))).containsExactly("into/", "keep");
        assertThat(strings(r.get("glob"))).containsExactly("into/a.txt", "into/sub/", "into/sub/b.txt", "into/sub/deep/");

        JsonNode inc = client.data("{ directory { withDirectory(path: \"/\", source: " + lit(src) + ", include: [\"sub/**\"]) { glob(pattern: \"**\") } } }");
        assertThat(strings(at(inc, "directory", "withDirectory", "glob")))
                .containsExactly("sub/", "sub/b.txt", "sub/deep/", "sub/deep/c.md");

        String viaSource = id("directory { withDirectory(path: \"p\", source: " + lit(src) + ") { id } }");
        String viaDirectory = id("directory { withDirectory(path: \"p\", directory: " + lit(src) + ") { id } }");
        assertThat(viaDirectory).isEqualTo(viaSource);
    }

    @Test
    void withNewDirectoryAndWithout() throws Exception {
        JsonNode d = client.data("{ " + TREE + " withNewDirectory(path: \"empty/inner\") {"
                + " withoutFile(path: \"a.txt\") { withoutDirectory(path: \"sub\") { entries inner: entries(path: \"empty\") } } } " + END + " }");
        JsonNode r = at(d, "directory", "withNewFile", "withNewFile", "withNewFile", "withNewDirectory", "withoutFile",
                "withoutDirectory");
        assertThat(strings(r.get("entries"))).containsExactly("empty/");
        assertThat(strings(r.get("inner"))).containsExactly("inner/");
    }

    @Test
    void withNewDirectoryPermissionsReachExport() throws Exception {
        client.data("{ directory { withNewDirectory(path: \"locked\", permissions: 448) { export(path: \"perm-out\") } } }");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("perm-out/locked"))))
                .isEqualTo("rwx------");
    }

    @Test
    void diffKeepsWhatTheOtherAddsOrChanges() throws Exception {
        String lower = id("directory { withNewFile(path: \"same\", contents: \"1\") { withNewFile(path: \"changed\", contents: \"old\") { id } } }");
        String upper = id("directory { withNewFile(path: \"same\", contents: \"1\") { withNewFile(path: \"changed\", contents: \"new\") {"
                + " withNewFile(path: \"added\", contents: \"+\") { id } } } }");
        JsonNode d = client.data("{ loadDirectoryFromID(id: " + lit(lower) + ") { diff(other: " + lit(upper) + ") { entries file(path: \"changed\") { contents } } } }");
        assertThat(strings(at(d, "loadDirectoryFromID", "diff", "entries"))).containsExactly("added", "changed");
        assertThat(at(d, "loadDirectoryFromID", "diff", "file", "contents").asText()).isEqualTo("new");
    }

    @Test
    void digestDependsOnContentOnly() throws Exception {
        JsonNode a = client.data("{ directory { withNewFile(path: \"x\", contents: \"1\") { withNewFile(path: \"y\", contents: \"2\") { digest } } } }");
        JsonNode b = client.data("{ directory { withNewFile(path: \"y\", contents: \"2\") { withNewFile(path: \"x\", contents: \"1\") { digest } } } }");
        String da = at(a, "directory", "withNewFile", "withNewFile", "digest").asText();
        assertThat(da).matches("sha256:[0-9a-f]{64}");
        assertThat(at(b, "directory", "withNewFile", "withNewFile", "digest").asText()).isEqualTo(da);
        JsonNode c = client.data("{ directory { withNewFile(path: \"x\", contents: \"other\") { digest } } }");
        assertThat(at(c, "directory", "withNewFile", "digest").asText()).isNotEqualTo(da);
    }

    @Test
    void exportWritesTheTreeAndWipes() throws Exception {
        Path out = work.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("stale.txt"), "old");
        JsonNode d = client.data("{ " + TREE + " export(path: \"out\") " + END + " }");
        assertThat(at(d, "directory", "withNewFile", "withNewFile", "withNewFile", "export").asText()).isEqualTo(out.toString());
        assertThat(Files.readString(out.resolve("sub/deep/c.md"))).isEqualTo("C");
        assertThat(out.resolve("stale.txt")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a.txt")))).isEqualTo("rw-r--r--");

        client.data("{ " + TREE + " export(path: " + lit(out.toString()) + ", wipe: true) " + END + " }");
        assertThat(out.resolve("stale.txt")).doesNotExist();
        assertThat(out.resolve("a.txt")).hasContent("A");
    }

    @Test
    void syncReturnsTheIdAndIdsLoad() throws Exception {
        JsonNode d = client.data("{ " + TREE + " id sync " + END + " }");
        JsonNode r = at(d, "directory", "withNewFile", "withNewFile", "withNewFile");
        assertThat(r.get("sync").asText()).isEqualTo(r.get("id").asText()).startsWith(IdCodec.PREFIX);
        JsonNode l = client.data("{ loadDirectoryFromID(id: " + lit(r.get("id").asText()) + ") { glob(pattern: \"**/*.md\") } }");
        assertThat(strings(at(l, "loadDirectoryFromID", "glob"))).containsExactly("sub/deep/c.md");
    }

    @Test
    void defaultArgumentsDoNotChangeTheId() throws Exception {
        String implicit = id("directory { withNewFile(path: \"f\", contents: \"x\") { id } }");
        String explicit = id("directory { withNewFile(path: \"./f\", contents: \"x\", permissions: 420) { id } }");
        String other = id("directory { withNewFile(path: \"f\", contents: \"x\", permissions: 493) { id } }");
        assertThat(explicit).isNotEqualTo(implicit); // the path is recorded as given ...
        String same = id("directory { withNewFile(path: \"f\", contents: \"x\", permissions: 420) { id } }");
        assertThat(same).isEqualTo(implicit); // ... and a default value is not recorded at all
        assertThat(other).isNotEqualTo(implicit);
    }
}
