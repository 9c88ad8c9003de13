package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dagger session}: what the official SDKs run when they are not inside {@code dagger run}. Prints
 * {@code {"port":N,"session_token":"..."}} as the first and only stdout line, logs to stderr, and serves until stdin
 * closes or the process gets SIGTERM/SIGINT; either way it shuts down and exits 0 (the npm SDK treats any other exit
 * status as a crash).
 */
@Command(name = "session", description = "Serve one session for an SDK client (prints port and token as JSON).")
final class SessionCommand implements Callable<Integer> {
    @Option(names = "--label", paramLabel = "KEY:VALUE", description = "A client label (repeatable).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--project", paramLabel = "PATH", description = "Accepted for SDK compatibility.")
    String project;

    @Option(names = "--load-workspace-modules", description = "Accepted for SDK compatibility.")
    boolean loadWorkspaceModules;

    private final DaggerCommand root;

    SessionCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws CliException, EngineException, InterruptedException {
        Invocation inv = root.invocation();
        CountDownLatch stop = new CountDownLatch(1);
        root.signals().onTerminate(stop::countDown);
        try (LaunchedSession launched = root.launch(parseLabels())) {
            Session session = launched.session();
            inv.out().println(connectParams(session));
            inv.out().flush();
            if (!root.quiet()) {
                inv.err().println("session listening on http://127.0.0.1:" + session.port() + "/query");
            }
            Thread.ofPlatform().daemon().name("session-stdin").start(() -> {
                drain(inv.in());
                stop.countDown();
            });
            stop.await();
        }
        return 0;
    }

    /** The one stdout line the SDKs parse: compact JSON, port first. */
    static String connectParams(Session session) {
        return "{\"port\":" + session.port() + ",\"session_token\":" + IndentedJson.render(session.token()) + "}";
    }

    private Map<String, String> parseLabels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : labels) {
            int i = l.indexOf(':');
            out.put(i < 0 ? l : l.substring(0, i), i < 0 ? "" : l.substring(i + 1));
        }
        return out;
    }

    /** Reads {@code in} until end of stream; a read error counts as the end too. */
    private static void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // The content is ignored: only the end of stdin matters.
            }
        } catch (IOException e) {
            // A broken stdin means the client is gone: same as end of stream.
        }
    }
}
