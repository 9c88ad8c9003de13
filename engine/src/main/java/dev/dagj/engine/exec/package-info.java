/**
 * Executors: run one process in a container and return its exit code and output as data. They know nothing of
 * GraphQL or ops.
 *
 * <p>A caller builds an {@link dev.dagj.engine.exec.ExecRequest} (a {@link dev.dagj.engine.exec.ProcessSpec}, a
 * {@link dev.dagj.engine.exec.RootFs} and {@link dev.dagj.engine.exec.Mount}s) and hands it to a
 * {@link dev.dagj.engine.exec.ContainerExecutor}, normally the {@link dev.dagj.engine.exec.ExecutorSelection}, which
 * picks the {@link dev.dagj.engine.exec.BwrapBackend} for steps that need neither a uid switch nor limits and the
 * {@link dev.dagj.engine.exec.RuncBackend} otherwise. Overlay roots are mounted inside
 * {@code unshare -m --propagation private}, so they vanish with the process and never reach the host mount table.
 * The sandbox processes are forked by a long-lived {@code dagj-nsexec} server where it can run (ForkServer), else
 * started from the JVM. {@link dev.dagj.engine.exec.StaleStateCleaner} removes what a crashed engine left (runc
 * containers, run dirs, the server's socket dir).
 */
package dev.dagj.engine.exec;
