package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class FileApiTest extends ApiTestBase {
    private static final String FILE = "directory { withNewFile(path: \"dir/hello.txt\", contents: \"héllo\\n\", permissions: 493) {"
            + " file(path: \"dir/hello.txt\") { ";
    private static final String END = " } } } }";

    private JsonNode file(String fields) throws Exception {
        return at(client.data("{ " + FILE + fields + END), "directory", "withNewFile", "file");
    }

    @Test
    void tsSdkFileContents() throws Exception {
        JsonNode d = client.data("\n      { directory  { withNewFile (path: \"a.txt\",contents: \"hello\") { file (path: \"a.txt\") { contents  } } } }\n    ");
        assertThat(at(d, "directory", "withNewFile", "file", "contents").asText()).isEqualTo("hello");
    }

    @Test
    void contentsSizeAndName() throws Exception {
        JsonNode f = file("contents size name");
        assertThat(f.get("contents").asText()).isEqualTo("héllo\n");
        assertThat(f.get("size").asInt()).isEqualTo(7);
        assertThat(f.get("name").asText()).isEqualTo("hello.txt");
    }

    @Test
    void digestWithAndWithoutMetadata() throws Exception {
        JsonNode f = file("full: digest plain: digest(excludeMetadata: true)");
        JsonNode g = at(client.data("{ directory { withNewFile(path: \"other-name\", contents: \"héllo\\n\") { file(path: \"other-name\") {"
                + " full: digest plain: digest(excludeMetadata: true) } } } }"), "directory", "withNewFile", "file");
        assertThat(f.get("plain").asText()).matches("sha256:[0-9a-f]{64}").isEqualTo(g.get("plain").asText());
        assertThat(f.get("full").asText()).matches("sha256:[0-9a-f]{64}").isNotEqualTo(f.get("plain").asText());
        assertThat(g.get("full").asText()).isNotEqualTo(f.get("full").asText()); // 0755 vs 0644
    }

    @Test
    void withNameRenames() throws Exception {
        JsonNode f = file("withName(name: \"renamed.md\") { name contents id }");
        assertThat(at(f, "withName", "name").asText()).isEqualTo("renamed.md");
        assertThat(at(f, "withName", "contents").asText()).isEqualTo("héllo\n");
        JsonNode d = client.data("{ directory { withFile(path: \"x\", source: " + lit(at(f, "withName", "id").asText())
                + ") { file(path: \"x\") { contents } } } }");
        assertThat(at(d, "directory", "withFile", "file", "contents").asText()).isEqualTo("héllo\n");
    }

    @Test
    void exportWritesTheFileWithItsMode() throws Exception {
        JsonNode f = file("export(path: \"out/copy.txt\")");
        Path out = work.resolve("out/copy.txt");
        assertThat(f.get("export").asText()).isEqualTo(out.toString());
        assertThat(Files.readString(out)).isEqualTo("héllo\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void exportIntoADirectoryNeedsAllowParentDirPath() throws Exception {
        Files.createDirectories(work.resolve("into"));
        JsonNode e = client.error("{ " + FILE + "export(path: \"into\")" + END);
        assertThat(e.get("message").asText()).contains(work.resolve("into").toString(), "is a directory", "allowParentDirPath");
        JsonNode f = file("export(path: \"into\", allowParentDirPath: true)");
        assertThat(f.get("export").asText()).isEqualTo(work.resolve("into/hello.txt").toString());
        assertThat(work.resolve("into/hello.txt")).hasContent("héllo\n");
    }

    @Test
    void syncReturnsTheIdAndLoadFileFromIdReplays() throws Exception {
        JsonNode f = file("id sync");
        assertThat(f.get("sync").asText()).isEqualTo(f.get("id").asText());
        JsonNode d = client.data("{ loadFileFromID(id: " + lit(f.get("id").asText()) + ") { contents name } }");
        assertThat(at(d, "loadFileFromID", "contents").asText()).isEqualTo("héllo\n");
        assertThat(at(d, "loadFileFromID", "name").asText()).isEqualTo("hello.txt");
    }
}
