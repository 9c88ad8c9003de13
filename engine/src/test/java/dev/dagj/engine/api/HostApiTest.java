package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostApiTest extends ApiTestBase {
    @BeforeEach
    void hostFiles() throws Exception {
        Files.createDirectories(work.resolve("src/node_modules/dep"));
        Files.createDirectories(work.resolve("src/lib"));
        Files.writeString(work.resolve("src/index.ts"), "export {}\n");
        Files.writeString(work.resolve("src/lib/util.ts"), "u\n");
        Files.writeString(work.resolve("src/node_modules/dep/index.js"), "dep\n");
        Files.writeString(work.resolve("README.md"), "readme\n");
    }

    @Test
    void tsSdkHostDirectoryWithExcludeThenIdInlined() throws Exception {
        JsonNode d = client.data("\n      { host  { directory (path: \"src\",exclude: [\"node_modules\"]) { id  } } }\n    ");
        String id = at(d, "host", "directory", "id").asText();
        JsonNode e = client.data("{ directory { withDirectory(path: \"/src\", source: " + lit(id) + ") { glob(pattern: \"**\") } } }");
        assertThat(strings(at(e, "directory", "withDirectory", "glob")))
                .containsExactly("src/", "src/index.ts", "src/lib/", "src/lib/util.ts");
    }

    @Test
    void relativePathsResolveAgainstTheSessionWorkdir() throws Exception {
        JsonNode d = client.data("{ host { dot: directory(path: \".\", include: [\"*.md\"]) { entries }"
                + " abs: directory(path: " + lit(work.resolve("src/lib").toString()) + ") { entries } } }");
        assertThat(strings(at(d, "host", "dot", "entries"))).containsExactly("README.md");
        assertThat(strings(at(d, "host", "abs", "entries"))).containsExactly("util.ts");
    }

    @Test
    void hostFile() throws Exception {
        JsonNode d = client.data("{ host { file(path: \"src/lib/util.ts\") { name contents size } } }");
        assertThat(at(d, "host", "file", "name").asText()).isEqualTo("util.ts");
        assertThat(at(d, "host", "file", "contents").asText()).isEqualTo("u\n");
        assertThat(at(d, "host", "file", "size").asInt()).isEqualTo(2);
    }

    @Test
    void replayingAHostIdDoesNotReadTheHostAgain() throws Exception {
        String dirId = at(client.data("{ host { directory(path: \"src\") { id } } }"), "host", "directory", "id").asText();
        String fileId = at(client.data("{ host { file(path: \"README.md\") { id } } }"), "host", "file", "id").asText();
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(work)) {
                    Files.delete(p);
                }
            }
        }
        try (Engine other = Engine.open(new EngineConfig(state, Progress.NONE));
                Session s2 = other.openSession(work)) {
            SessionClient c2 = new SessionClient(s2);
            JsonNode d = c2.data("{ loadDirectoryFromID(id: " + lit(dirId) + ") { entries } loadFileFromID(id: "
                    + lit(fileId) + ") { contents } }");
            assertThat(strings(at(d, "loadDirectoryFromID", "entries"))).containsExactly("index.ts", "lib/", "node_modules/");
            assertThat(at(d, "loadFileFromID", "contents").asText()).isEqualTo("readme\n");
        }
    }

    @Test
    void sameHostContentGivesTheSameIdAndChangedContentANewOne() throws Exception {
        String q = "{ host { directory(path: \"src\", exclude: [\"node_modules\"]) { id } } }";
        String a = at(client.data(q), "host", "directory", "id").asText();
        String b = at(client.data(q), "host", "directory", "id").asText();
        assertThat(b).isEqualTo(a);
        Files.writeString(work.resolve("src/index.ts"), "changed\n");
        String c = at(client.data(q), "host", "directory", "id").asText();
        assertThat(c).isNotEqualTo(a);
    }
}
