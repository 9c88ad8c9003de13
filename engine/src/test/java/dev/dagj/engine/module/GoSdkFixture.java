package dev.dagj.engine.module;

import dev.dagj.engine.exec.Cancellation;
import dev.dagj.engine.exec.ContainerExecutor;
import dev.dagj.engine.exec.ExecException;
import dev.dagj.engine.exec.ExecRequest;
import dev.dagj.engine.exec.ExecResult;
import dev.dagj.plugin.SdkPlugin;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built-in Go SDK for engine tests, loaded from the class path of its compiled classes
 * ({@code builtin-sdks/go/target/classes}; the engine may not depend on it at build time). Run the tests with
 * {@code -pl builtin-sdks/go,engine -am} so they are compiled first.
 */
public final class GoSdkFixture {
    private GoSdkFixture() {
    }

    public static Path repoRoot() {
        String p = System.getProperty("dagj.repo.root");
        Path root = p == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(p);
        return root;
    }

    public static Path goSdkClasses() {
        Path classes = repoRoot().resolve("builtin-sdks/go/target/classes");
        if (!Files.isRegularFile(classes.resolve("dev/dagj/sdk/go/GoSdk.class"))) {
            throw new IllegalStateException("the Go SDK plugin is not compiled at " + classes
                    + ": run the tests with -pl builtin-sdks/go,engine -am");
        }
        return classes;
    }

    /** A fresh instance of the Go SDK extension from its compiled classes. */
    public static SdkPlugin goSdk() throws Exception {
        URLClassLoader cl = new URLClassLoader(new URL[] {goSdkClasses().toUri().toURL()},
                SdkPlugin.class.getClassLoader());
        return (SdkPlugin) cl.loadClass("dev.dagj.sdk.go.GoSdk").getConstructor().newInstance();
    }

    /** An executor that counts the containers it starts. */
    public static final class CountingExecutor implements ContainerExecutor {
        private final ContainerExecutor delegate;
        private final AtomicInteger runs;

        public CountingExecutor(ContainerExecutor delegate) {
            this(delegate, new AtomicInteger());
        }

        /** Counts into {@code runs}, which may outlive this executor (e.g. across engine restarts). */
        public CountingExecutor(ContainerExecutor delegate, AtomicInteger runs) {
            this.delegate = delegate;
            this.runs = runs;
        }

        @Override
        public ExecResult run(ExecRequest request, Cancellation cancellation) throws ExecException,
                InterruptedException {
            runs.incrementAndGet();
            return delegate.run(request, cancellation);
        }

        @Override
        public ExecResult runDeferringCleanup(ExecRequest request, Cancellation cancellation) throws ExecException,
                InterruptedException {
            runs.incrementAndGet();
            return delegate.runDeferringCleanup(request, cancellation);
        }

        public int runs() {
            return runs.get();
        }
    }
}
