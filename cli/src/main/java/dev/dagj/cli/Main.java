package dev.dagj.cli;

import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.EngineException;
import dev.dagj.resolver.ResolverException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of {@code dagger}. Wires the commands to their collaborators and maps every outcome to an exit code:
 * a command's own result, 1 for usage and runtime errors (printed as one {@code Error:} line on stderr; with
 * {@code -d} also the stack trace), 130 when interrupted.
 */
public final class Main {
    /** Commands that always launch a session: the launcher may start preparing while picocli builds the model. */
    private static final Set<String> SERVES_MODULES = Set.of("call", "functions", "query");
    private final SessionLauncher launcher;
    private final TerminationSignals signals;

    Main(SessionLauncher launcher, TerminationSignals signals) {
        this.launcher = launcher;
        this.signals = signals;
    }

    public static void main(String[] args) {
        Invocation inv = new Invocation(System.in, System.out, System.err, System.getenv(),
                Path.of("").toAbsolutePath());
        int code = new Main(new EmbeddedSessionLauncher(inv.env()), new OsTerminationSignals()).execute(inv, args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs one invocation in this process with the embedded engine and returns its exit code. Process-wide signal
     * handling is left alone, so {@code session} ends only when {@code in} reaches its end.
     */
    public static int run(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path cwd,
            String... args) {
        return new Main(new EmbeddedSessionLauncher(env), TerminationSignals.NONE)
                .execute(new Invocation(in, out, err, env, cwd), args);
    }

    int execute(Invocation inv, String... args) {
        DaggerCommand root = new DaggerCommand(inv, launcher, signals);
        CommandLine cl = new CommandLine(root);
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("call", () -> new CallCommand(root));
        commands.put("config", () -> new ConfigCommand(root));
        commands.put("develop", () -> new DevelopCommand(root));
        commands.put("functions", () -> new FunctionsCommand(root));
        commands.put("init", () -> new InitCommand(root));
        commands.put("install", () -> new DependencyCommands.Install(root));
        commands.put("use", () -> new DependencyCommands.Install(root));
        commands.put("query", () -> new QueryCommand(root));
        commands.put("run", () -> new RunCommand(root));
        commands.put("session", () -> new SessionCommand(root));
        commands.put("uninstall", () -> new DependencyCommands.Uninstall(root));
        commands.put("update", () -> new DependencyCommands.Update(root));
        commands.put("version", () -> new VersionCommand(root));
        // Building a subcommand's model costs picocli reflection; a run needs only the one it names. Without one
        // (help, errors) all are added, so usage lists them and picocli reports what does not match.
        String named = subcommandName(cl, commands.keySet(), args);
        if (named != null && SERVES_MODULES.contains(named)) {
            prepare(inv, !named.equals("functions"), args);
        }
        commands.forEach((name, command) -> {
            if (named == null || named.equals(name)) {
                cl.addSubcommand(name, command.get());
            }
        });
        root.trace().mark("command models built");
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        if (cl.getSubcommands().get("run") != null) {
            cl.getSubcommands().get("run").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        }
        if (cl.getSubcommands().get("call") != null) {
            // Function names and their flags come from the module's API; CallChain reads them.
            cl.getSubcommands().get("call").setUnmatchedOptionsArePositionalParams(true);
        }
        cl.setOut(new PrintWriter(inv.out(), true));
        cl.setErr(new PrintWriter(inv.err(), true));
        cl.setParameterExceptionHandler((ex, a) -> usageError(inv, ex));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> failure(inv, root.debug(), ex));
        try {
            return cl.execute(args);
        } finally {
            launcher.discardPrepared();
        }
    }

    /**
     * Lets the launcher start the engine for the state and work directories that {@code --state-dir} and
     * {@code --workdir} in {@code args} (else their defaults) name, before picocli has parsed them. A guess that turns
     * out wrong costs only time: the launcher opens what the parsed request names instead. Help requests prepare
     * nothing.
     */
    private void prepare(Invocation inv, boolean schemaAhead, String... args) {
        String stateDir = null;
        String workdir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-h") || a.equals("--help")) {
                return;
            }
            if ((a.equals("--state-dir") || a.equals("--workdir")) && i + 1 < args.length) {
                if (a.equals("--state-dir")) {
                    stateDir = args[++i];
                } else {
                    workdir = args[++i];
                }
            } else if (a.startsWith("--state-dir=")) {
                stateDir = a.substring("--state-dir=".length());
            } else if (a.startsWith("--workdir=")) {
                workdir = a.substring("--workdir=".length());
            }
        }
        launcher.prepare(EngineConfig.defaultStateDir(stateDir == null ? null : inv.resolve(stateDir).toString(),
                inv.env()), workdir == null ? inv.cwd() : inv.resolve(workdir), schemaAhead);
    }

    /**
     * The subcommand {@code args} name: the first argument that is not a global option or an option's value, if it is
     * one of {@code names}; otherwise null. Which global options take a value comes from the root command's model.
     */
    static String subcommandName(CommandLine root, Set<String> names, String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                return names.contains(a) ? a : null;
            }
            OptionSpec option = a.contains("=") ? null : root.getCommandSpec().findOption(a);
            if (option != null && option.arity().min() > 0) {
                i++;
            }
        }
        return null;
    }

    private static int usageError(Invocation inv, ParameterException ex) {
        String name = ex.getCommandLine().getCommandSpec().qualifiedName();
        inv.err().println("Error: " + ex.getMessage() + " (see '" + name + " --help')");
        return 1;
    }

    private static int failure(Invocation inv, boolean debug, Exception ex) {
        if (ex instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            inv.err().println("Error: interrupted");
            return 130;
        }
        boolean expected = ex instanceof CliException || ex instanceof EngineException
                || ex instanceof ResolverException;
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        inv.err().println("Error: " + (expected ? message : "internal error: " + ex));
        if (debug) {
            ex.printStackTrace(inv.err());
        } else if (!expected) {
            inv.err().println("Run again with --debug for the stack trace.");
        }
        return 1;
    }
}
