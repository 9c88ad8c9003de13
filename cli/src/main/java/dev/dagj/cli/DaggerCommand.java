package dev.dagj.cli;

import dev.dagj.engine.EngineConfig;
import dev.dagj.engine.EngineException;
import dev.dagj.engine.Session;
import dev.dagj.engine.solve.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code dagger} command: the global flags (inherited by every subcommand, so {@code dagger -v query} and
 * {@code dagger query -v} mean the same) and what the subcommands share: the invocation, the session launcher and the
 * termination signals.
 */
@Command(name = "dagger", usageHelpAutoWidth = true, description = "A Dagger-compatible engine on the JVM (dagj).")
final class DaggerCommand implements Callable<Integer> {
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print per-step progress to stderr (repeatable).")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print nothing but results.")
    boolean quiet;

    @Option(names = {"-s", "--silent"}, scope = ScopeType.INHERIT, description = "Do not show progress at all.")
    boolean silent;

    @Option(names = {"-i", "--interactive"}, scope = ScopeType.INHERIT,
            description = "Accepted for compatibility with Dagger's CLI; dagj opens no terminal on failure.")
    boolean interactive;

    @Option(names = {"-E", "--no-exit"}, scope = ScopeType.INHERIT,
            description = "Accepted for compatibility with Dagger's CLI; dagj has no TUI to keep open.")
    boolean noExit;

    @Option(names = {"-y", "--auto-apply"}, scope = ScopeType.INHERIT,
            description = "Accepted for compatibility with Dagger's CLI; changes are applied without prompting.")
    boolean autoApply;

    @Option(names = {"-d", "--debug"}, scope = ScopeType.INHERIT,
            description = "Show stack traces of internal errors.")
    boolean debug;

    @Option(names = "--progress", scope = ScopeType.INHERIT, paramLabel = "MODE",
            description = "Progress output: auto, plain, tty or dots (default: auto).")
    ProgressMode progressMode = ProgressMode.AUTO;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Engine state directory (default: $DAGJ_STATE_DIR, else $XDG_CACHE_HOME/dagj or ~/.cache/dagj).")
    String stateDir;

    @Option(names = "--workdir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The host directory relative host paths refer to (default: the current directory).")
    String workdir;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Invocation invocation;
    private final SessionLauncher launcher;
    private final TerminationSignals signals;
    private final PhaseTrace trace;

    DaggerCommand(Invocation invocation, SessionLauncher launcher, TerminationSignals signals) {
        this.trace = PhaseTrace.from(invocation.env(), invocation.err());
        this.invocation = invocation;
        this.launcher = launcher;
        this.signals = signals;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(invocation.out());
        return 0;
    }

    Invocation invocation() {
        return invocation;
    }

    /** Phase timestamps on stderr when {@value PhaseTrace#ENV} is set. */
    PhaseTrace trace() {
        return trace;
    }

    TerminationSignals signals() {
        return signals;
    }

    boolean debug() {
        return debug;
    }

    boolean quiet() {
        return quiet;
    }

    Path stateDir() {
        String explicit = stateDir == null ? null : invocation.resolve(stateDir).toString();
        return EngineConfig.defaultStateDir(explicit, invocation.env());
    }

    Path workdir() throws CliException {
        Path dir = workdir == null ? invocation.cwd() : invocation.resolve(workdir);
        if (!Files.isDirectory(dir)) {
            throw new CliException("workdir " + dir + " is not a directory");
        }
        return dir;
    }

    /** Where progress events go, from -v, -q and --progress. */
    ProgressPrinter progressPrinter() {
        if (quiet || silent) {
            return null;
        }
        if (verbose.length > 0 || progressMode == ProgressMode.PLAIN) {
            return ProgressPrinter.lines(invocation.err());
        }
        if (progressMode == ProgressMode.DOTS) {
            return ProgressPrinter.dots(invocation.err());
        }
        return null;
    }

    /** Starts the engine and one session for a subcommand, with progress wired from the global flags. */
    LaunchedSession launch(Map<String, String> labels) throws CliException, EngineException {
        ProgressPrinter printer = progressPrinter();
        Progress progress = printer == null ? Progress.NONE : printer;
        LaunchedSession launched = launcher.launch(new SessionRequest(stateDir(), workdir(), progress, labels));
        trace.mark("engine and session opened");
        if (printer == null) {
            return launched;
        }
        return new LaunchedSession() {
            @Override
            public Session session() {
                return launched.session();
            }

            @Override
            public void close() throws EngineException {
                try {
                    launched.close();
                } finally {
                    printer.finish();
                }
            }
        };
    }
}
