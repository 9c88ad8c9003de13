package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ApiErrorsTest extends ApiTestBase {
    private static final String FILE_ID_QUERY = "{ directory { withNewFile(path: \"a.txt\", contents: \"A\") { file(path: \"a.txt\") { id } } } }";

    private String fileId() throws Exception {
        return at(client.data(FILE_ID_QUERY), "directory", "withNewFile", "file", "id").asText();
    }

    private static String message(JsonNode e) {
        return e.get("message").asText();
    }

    private static String path(JsonNode e) {
        return e.get("path").toString();
    }

    @Test
    void malformedQueryReportsTheLocation() throws Exception {
        JsonNode e = client.error("{ directory { entries }");
        assertThat(message(e)).contains("Invalid syntax");
        assertThat(e.get("locations").get(0).get("line").asInt()).isEqualTo(1);
        assertThat(e.get("locations").get(0).get("column").asInt()).isPositive();
    }

    @Test
    void unknownFieldIsNamed() throws Exception {
        JsonNode e = client.error("{ directory { entriez } }");
        assertThat(message(e)).contains("entriez", "Directory");
        assertThat(e.has("locations")).isTrue();
    }

    @Test
    void unknownArgumentIsNamed() throws Exception {
        assertThat(message(client.error("{ directory { entries(recursive: true) } }"))).contains("recursive");
    }

    @Test
    void missingHostPathIsNamed() throws Exception {
        JsonNode e = client.error("{ host { directory(path: \"no-such-dir\") { entries } } }");
        assertThat(message(e)).contains(work.resolve("no-such-dir").toString());
        assertThat(path(e)).isEqualTo("[\"host\",\"directory\"]");
        JsonNode f = client.error("{ host { file(path: \"no-such-file.txt\") { contents } } }");
        assertThat(message(f)).contains("no-such-file.txt");
    }

    @Test
    void malformedIdsAreReportedClearly() throws Exception {
        JsonNode e = client.error("{ loadDirectoryFromID(id: \"not-an-id\") { entries } }");
        assertThat(message(e)).contains("loadDirectoryFromID", "invalid ID", "not-an-id", "not an ID made by this engine");
        assertThat(path(e)).isEqualTo("[\"loadDirectoryFromID\"]");
        String damaged = fileId().substring(0, 20);
        assertThat(message(client.error("{ loadDirectoryFromID(id: " + lit(damaged) + ") { entries } }")))
                .contains("invalid ID", "damaged");
        assertThat(message(client.error("{ node(id: \"dagj1:%%%\") { id } }"))).contains("node", "damaged");
    }

    @Test
    void aFileIdWhereADirectoryIdBelongsIsNamedAsSuch() throws Exception {
        String id = fileId();
        assertThat(message(client.error("{ loadDirectoryFromID(id: " + lit(id) + ") { entries } }")))
                .contains("the ID is a File ID, not a Directory ID");
        assertThat(message(client.error("{ directory { withDirectory(path: \"x\", source: " + lit(id) + ") { id } } }")))
                .contains("withDirectory argument source", "File ID, not a Directory ID");
    }

    @Test
    void missingFileAndDirectoryAreNamed() throws Exception {
        JsonNode e = client.error("{ directory { withNewFile(path: \"a.txt\", contents: \"A\") { file(path: \"nope.txt\") { contents } } } }");
        assertThat(message(e)).contains("nope.txt");
        assertThat(path(e)).isEqualTo("[\"directory\",\"withNewFile\",\"file\"]");
        assertThat(message(client.error("{ directory { withNewFile(path: \"a.txt\", contents: \"A\") { directory(path: \"a.txt\") { id } } } }")))
                .contains("a.txt", "is a file, not a directory");
        assertThat(message(client.error("{ directory { withNewDirectory(path: \"d\") { file(path: \"d\") { id } } } }")))
                .contains("d", "is a directory, not a file");
        assertThat(message(client.error("{ directory { entries(path: \"missing\") } }"))).contains("missing");
    }

    @Test
    void pathsMayNotClimbOutOfTheDirectory() throws Exception {
        assertThat(message(client.error("{ directory { withNewFile(path: \"../evil\", contents: \"x\") { id } } }")))
                .contains("../evil", "climbs out");
    }

    @Test
    void withDirectoryNeedsASource() throws Exception {
        assertThat(message(client.error("{ directory { withDirectory(path: \"x\") { id } } }"))).contains("source");
    }

    @Test
    void exportToAnUnwritablePathSaysWhy() throws Exception {
        Files.writeString(work.resolve("blocker"), "a regular file");
        JsonNode e = client.error("{ directory { withNewFile(path: \"a\", contents: \"A\") { export(path: \"blocker/out\") } } }");
        assertThat(message(e)).contains(work.resolve("blocker").toString());
        assertThat(message(e)).contains("cannot export to " + work.resolve("blocker/out"))
                .contains(work.resolve("blocker") + " is a file");
        JsonNode f = client.error(
                "{ directory { withNewFile(path: \"a\", contents: \"A\") { file(path: \"a\") { export(path: \"blocker/f.txt\") } } } }");
        assertThat(message(f)).contains("cannot export to " + work.resolve("blocker/f.txt"))
                .contains(work.resolve("blocker") + " is a file");
    }

    @Test
    void partialResultsKeepTheFieldsThatWorked() throws Exception {
        JsonNode r = client.post("{ version node(id: \"garbage\") { id } }");
        assertThat(r.get("data").get("version").asText()).startsWith("v");
        assertThat(r.get("data").get("node").isNull()).isTrue();
        assertThat(r.get("errors")).hasSize(1);
        assertThat(r.get("errors").get(0).get("path").toString()).isEqualTo("[\"node\"]");
    }
}
