package dev.dagj.engine.exec;

/**
 * The executor contract for {@code runc run} started from the JVM, as when the {@code dagj-nsexec} server
 * ({@link ForkServer}) is turned off ({@code DAGJ_FORKSERVER=0}) or cannot run.
 */
class RuncJvmStartedBackendTest extends ContainerExecutorContract {
    @Override
    ContainerExecutor executor(ExecConfig c) {
        return new RuncBackend(c.withForkServer(false));
    }

    @Override
    BackendKind kind() {
        return BackendKind.RUNC;
    }
}
