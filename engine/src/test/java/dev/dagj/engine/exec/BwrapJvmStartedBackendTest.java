package dev.dagj.engine.exec;

import org.junit.jupiter.api.Test;

/**
 * The executor contract for bwrap sandboxes started from the JVM, as when the {@code dagj-nsexec} server
 * ({@link ForkServer}) is turned off ({@code DAGJ_FORKSERVER=0}) or cannot run.
 */
class BwrapJvmStartedBackendTest extends ContainerExecutorContract {
    @Override
    ContainerExecutor executor(ExecConfig c) {
        return new BwrapBackend(c.withForkServer(false));
    }

    @Override
    BackendKind kind() {
        return BackendKind.BWRAP;
    }

    @Test
    void theSandboxsDevIsTheOneBwrapMakes() throws Exception {
        assertTheSandboxsDevIsTheOneBwrapMakes();
    }
}
