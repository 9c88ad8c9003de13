package dev.dagj.cli;

import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dagger run CMD...}: opens a session, runs CMD with {@code DAGGER_SESSION_PORT} and
 * {@code DAGGER_SESSION_TOKEN} in its environment and this process's stdio, and exits with CMD's exit code. Every
 * argument after CMD belongs to CMD, flags included.
 */
@Command(name = "run", description = "Run a command in a Dagger session (it gets DAGGER_SESSION_PORT/TOKEN).")
final class RunCommand implements Callable<Integer> {
    static final String PORT_ENV = "DAGGER_SESSION_PORT";
    static final String TOKEN_ENV = "DAGGER_SESSION_TOKEN";

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    private final DaggerCommand root;

    RunCommand(DaggerCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws CliException, EngineException, InterruptedException {
        Invocation inv = root.invocation();
        try (LaunchedSession launched = root.launch(Map.of())) {
            Session session = launched.session();
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO().directory(inv.cwd().toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(inv.env());
            env.put(PORT_ENV, Integer.toString(session.port()));
            env.put(TOKEN_ENV, session.token());
            Process child;
            try {
                child = pb.start();
            } catch (IOException e) {
                throw new CliException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
            }
            root.signals().onTerminate(child::destroy);
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                child.destroy();
                throw e;
            }
        }
    }
}
