package dev.dagj.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One engine on a fresh state directory and one session on it, reached over real HTTP. */
abstract class ApiTestBase {
    @TempDir
    Path state;
    @TempDir
    Path work;
    Engine engine;
    Session session;
    SessionClient client;

    @BeforeEach
    void openSession() throws Exception {
        engine = Engine.open(new EngineConfig(state, Progress.NONE));
        session = engine.openSession(work);
        client = new SessionClient(session);
    }

    @AfterEach
    void closeSession() throws Exception {
        session.close();
        engine.close();
    }

    static String lit(String s) {
        return SessionClient.lit(s);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Follows a path of field names into a JSON response. */
    static JsonNode at(JsonNode n, String... fields) {
        JsonNode cur = n;
        for (String f : fields) {
            cur = cur.get(f);
        }
        return cur;
    }
}
