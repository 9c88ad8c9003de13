package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdApiTest extends ApiTestBase {
    private static final String SOURCE = "{ directory { withNewFile(path: \"lib/a.txt\", contents: \"A\") { id } } }";

    /** A chain with an embedded object argument, built entirely through the given client. */
    private static String chainId(SessionClient c) throws Exception {
        String src = at(c.data(SOURCE), "directory", "withNewFile", "id").asText();
        JsonNode d = c.data("{ directory { withNewFile(path: \"b.txt\", contents: \"B\") { withDirectory(path: \"vendor\", source: "
                + lit(src) + ", exclude: [\"*.md\"]) { file(path: \"vendor/lib/a.txt\") { withName(name: \"renamed\") { id } } } } } }");
        return at(d, "directory", "withNewFile", "withDirectory", "file", "withName", "id").asText();
    }

    @Test
    void idsAreEqualAcrossSessionsAndEngines(@TempDir Path otherState) throws Exception {
        String first = chainId(client);
        try (Session s2 = engine.openSession(work)) {
            assertThat(chainId(new SessionClient(s2))).isEqualTo(first);
        }
        try (Engine e2 = Engine.open(new EngineConfig(state, Progress.NONE)); Session s3 = e2.openSession(work)) {
            assertThat(chainId(new SessionClient(s3))).isEqualTo(first);
        }
        try (Engine e3 = Engine.open(new EngineConfig(otherState, Progress.NONE)); Session s4 = e3.openSession(otherState)) {
            assertThat(chainId(new SessionClient(s4))).isEqualTo(first);
        }
        assertThat(first).startsWith(IdCodec.PREFIX).matches("dagj1:[A-Za-z0-9_-]+");
    }

    @Test
    void anIdFromOneSessionLoadsInAnotherEngine() throws Exception {
        String id = chainId(client);
        try (Engine e2 = Engine.open(new EngineConfig(state, Progress.NONE)); Session s2 = e2.openSession(work)) {
            JsonNode d = new SessionClient(s2).data("{ loadFileFromID(id: " + lit(id) + ") { name contents id } }");
            assertThat(at(d, "loadFileFromID", "name").asText()).isEqualTo("renamed");
            assertThat(at(d, "loadFileFromID", "contents").asText()).isEqualTo("A");
            assertThat(at(d, "loadFileFromID", "id").asText()).isEqualTo(id);
        }
    }

    @Test
    void tsSdkLoadDirectoryFromId() throws Exception {
        String id = at(client.data(SOURCE), "directory", "withNewFile", "id").asText();
        JsonNode d = client.data("{ loadDirectoryFromID (id: " + lit(id) + ") { entries  } }");
        assertThat(strings(at(d, "loadDirectoryFromID", "entries"))).containsExactly("lib/");
    }

    @Test
    void tsSdkNodeWithInlineFragments() throws Exception {
        String dir = at(client.data(SOURCE), "directory", "withNewFile", "id").asText();
        String file = chainId(client);
        JsonNode d = client.data("{ node (id: " + lit(dir) + ") { ... on Directory { entries  } } }");
        assertThat(strings(at(d, "node", "entries"))).containsExactly("lib/");
        JsonNode f = client.data("{ node (id: " + lit(file) + ") { id ... on File { contents  } ... on Directory { entries } } }");
        assertThat(at(f, "node", "contents").asText()).isEqualTo("A");
        assertThat(at(f, "node", "id").asText()).isEqualTo(file);
        assertThat(at(f, "node").has("entries")).isFalse();
        JsonNode t = client.data("{ node(id: " + lit(dir) + ") { __typename } }");
        assertThat(at(t, "node", "__typename").asText()).isEqualTo("Directory");
    }

    @Test
    void idsDigestTheirChain() throws Exception {
        String a = chainId(client);
        assertThat(IdCodec.digest(IdCodec.decode(a))).isEqualTo(IdCodec.digest(IdCodec.decode(chainId(client))));
        assertThat(IdCodec.encode(IdCodec.decode(a))).isEqualTo(a);
    }
}
