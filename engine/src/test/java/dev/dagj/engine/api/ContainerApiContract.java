package dev.dagj.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dagj.engine.Engine;
import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.Session;
import dev.dagj.engine.exec.BackendPreference;
import dev.dagj.engine.exec.ContainerExecutor;
import dev.dagj.engine.image.RegistryFixture;
import dev.dagj.engine.module.GoSdkFixture;
import dev.dagj.engine.session.SessionClient;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared setup of the container API tests: a real registry on loopback with a busybox image the tests built, and an
 * engine (on a fresh state dir, with the backend a subclass forces) whose executor counts process starts.
 */
abstract class ContainerApiContract {
    @TempDir
    static Path shared;
    static RegistryFixture registry;
    static String busybox;

    @TempDir
    Path state;
    @TempDir
    Path work;
    Engine engine;
    Session session;
    SessionClient client;
    final AtomicInteger starts = new AtomicInteger();

    abstract BackendPreference backend();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryFixture.start(shared);
        busybox = registry.host() + "/busybox:v1";
        registry.pushBusybox("busybox:v1");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.close();
    }

    @BeforeEach
    void openEngine() throws Exception {
        openEngine(state);
    }

    void openEngine(Path stateDir) throws Exception {
        engine = Engine.open(new EngineConfig(stateDir, Progress.NONE).withBackend(backend()), this::counting);
        session = engine.openSession(work);
        client = new SessionClient(session);
    }

    ContainerExecutor counting(ContainerExecutor real) {
        return new GoSdkFixture.CountingExecutor(real, starts);
    }

    @AfterEach
    void closeEngine() throws Exception {
        session.close();
        engine.close();
    }

    /** Closes the engine and opens a new one on the same state dir (a restart). */
    void restart() throws Exception {
        closeEngine();
        openEngine(state);
    }

    /** Opens another session on the same engine. */
    void newSession() throws Exception {
        session.close();
        session = engine.openSession(work);
        client = new SessionClient(session);
    }

    static String lit(String s) {
        return SessionClient.lit(s);
    }

    static String args(String... a) {
        StringBuilder sb = new StringBuilder("[");
        for (String s : a) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(lit(s));
        }
        return sb.append(']').toString();
    }

    /** {@code container { from(address: busybox) { <inner> } }} */
    static String from(String inner) {
        return "{ container { from(address: " + lit(busybox) + ") { " + inner + " } } }";
    }

    static String exec(String... a) {
        return "withExec(args: " + args(a) + ")";
    }

    static String sh(String script) {
        return exec("sh", "-c", script);
    }

    /** Follows fields into a response; "container" and "from" are walked automatically when present. */
    static JsonNode at(JsonNode n, String... fields) {
        JsonNode cur = n;
        for (String f : fields) {
            cur = cur.get(f);
        }
        return cur;
    }

    /** The single leaf at the bottom of a chain of single-field objects. */
    static JsonNode leaf(JsonNode n) {
        JsonNode cur = n;
        while (cur.isObject() && cur.size() == 1) {
            cur = cur.elements().next();
        }
        return cur;
    }
}
