package dev.dagj.engine.exec;

import java.nio.file.Files;
import java.util.Optional;

/**
 * The executor the engine uses: picks a backend per request by {@link ExecConfig#preference()}. With
 * {@link BackendPreference#AUTO} it uses bwrap when {@link BwrapBackend#unsupportedReason} is empty and bwrap is
 * installed, runc otherwise; {@link BackendPreference#RUNC} and {@link BackendPreference#BWRAP} force one (for tests
 * and benchmarks; a forced bwrap refuses what it cannot honour).
 */
public final class ExecutorSelection implements ContainerExecutor {
    private final ExecConfig config;
    private final RuncBackend runc;
    private final BwrapBackend bwrap;

    public ExecutorSelection(ExecConfig config) {
        this(config, new RuncBackend(config), new BwrapBackend(config));
    }

    ExecutorSelection(ExecConfig config, RuncBackend runc, BwrapBackend bwrap) {
        this.config = config;
        this.runc = runc;
        this.bwrap = bwrap;
    }

    /** The backend {@link #run} would use for {@code request}. */
    public BackendKind choose(ExecRequest request) {
        return switch (config.preference()) {
            case RUNC -> BackendKind.RUNC;
            case BWRAP -> BackendKind.BWRAP;
            case AUTO -> autoChoice(request);
        };
    }

    private BackendKind autoChoice(ExecRequest request) {
        Optional<String> reason = bwrap.unsupportedReason(request);
        boolean installed = Files.isExecutable(config.tools().bwrap());
        return reason.isEmpty() && installed ? BackendKind.BWRAP : BackendKind.RUNC;
    }

    @Override
    public ExecResult run(ExecRequest request, Cancellation cancellation) throws ExecException, InterruptedException {
        return select(request, cancellation, false);
    }

    @Override
    public ExecResult runDeferringCleanup(ExecRequest request, Cancellation cancellation) throws ExecException,
            InterruptedException {
        return select(request, cancellation, true);
    }

    /** Runs {@code request} on the preferred backend; {@code defer}: as {@link #runDeferringCleanup} (bwrap only). */
    private ExecResult select(ExecRequest request, Cancellation cancellation, boolean defer) throws ExecException,
            InterruptedException {
        return switch (config.preference()) {
            case RUNC -> runc.run(request, cancellation);
            case BWRAP -> bwrap.runChecked(request, cancellation, defer);
            // The choice already checked the request, so bwrap need not check it again.
            case AUTO -> autoChoice(request) == BackendKind.BWRAP ? bwrap.runSupported(request, cancellation, defer)
                    : runc.run(request, cancellation);
        };
    }
}
