package dev.dagj.engine.exec;

import dev.dagj.engine.fs.FileTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The compiled wrapper ({@link NsExecHelper}) running as a server ({@code dagj-nsexec -S SOCKET}), so that starting
 * a sandbox costs a {@code fork} of a small process instead of a process start from the JVM (about 3.5 ms on the
 * development VM, plus the JDK's reaper and output-copying threads). One server per runs dir and JVM, started on
 * first use from the spawner thread (its parent-death signal then means: the engine died), listening on a Unix socket
 * in a directory of {@link ExecConfig#serversDir} named like a run dir ({@link ContainerIds}), so a restarted
 * engine's {@link StaleStateCleaner} removes what a crashed one left. It ends when its stdin closes ({@link #stop})
 * or the engine dies; a handler whose engine connection closes SIGKILLs its run, and, being a child subreaper, any
 * of the run's processes orphaned by that (a bwrap inner process, a runc container), so runs die with the engine.
 *
 * <p>Each run is one connection: the request (the wrapper's argv and the stdin bytes), then frames of stdout and
 * stderr and a final exit frame (the protocol is described in {@code nsexec.c}). Any byte sent after the request, or
 * closing the connection, makes the handler SIGKILL the run's process (the runtime the wrapper became): for bwrap
 * with {@code --die-with-parent} that takes the whole sandbox down. The run is read on the caller's thread with a
 * selector, so a timeout, a cancel and an interrupt all end in the same kill and the run returns once the process is
 * gone and its output read.
 *
 * <p>The handler mounts a run's overlays in a mount namespace of its own and unmounts them after the exit frame; the
 * connection ends when it has. A run therefore returns with its {@link Ending}: whoever removes the run's
 * directories first waits for it ({@link Ending#await}), or lets {@link Ending#then} do that off the caller's path.
 * {@link #stop} waits (a few seconds at most) for those still under way.
 */
final class ForkServer {
    private static final ConcurrentMap<Path, ForkServer> BY_RUNS_DIR = new ConcurrentHashMap<>();
    /** The server takes at most 64 MiB of stdin in a request; more goes to a sandbox started by the engine. */
    private static final int MAX_STDIN = 32 << 20;
    /** Unix socket paths are limited to 108 bytes; beyond that the engine starts sandboxes itself. */
    private static final int MAX_SOCKET_PATH = 100;

    private final Path dir;
    private final Path socket;
    private final Process process;
    /** Selectors of finished runs, reused: opening one costs a few system calls per run. */
    private final ConcurrentLinkedQueue<Selector> idleSelectors = new ConcurrentLinkedQueue<>();
    /** A connection made ahead of the next run ({@link #connectSpare}), or null. */
    private final AtomicReference<SocketChannel> spare = new AtomicReference<>();
    /** Background clean-ups ({@link Ending#then}) not finished yet. */
    private final Set<CompletableFuture<Void>> endings = ConcurrentHashMap.newKeySet();

    private ForkServer(Path dir, Process process) {
        this.dir = dir;
        this.socket = dir.resolve("s");
        this.process = process;
    }

    /**
     * The running server whose directory goes in {@code runsDir} ({@link ExecConfig#serversDir}), starting it if
     * needed; empty when it cannot run (no compiled helper, a
     * socket path too long, or it failed to start), and the caller starts the process itself.
     */
    static Optional<ForkServer> forRunsDir(Path runsDir, Path helper, String id) {
        ForkServer s = BY_RUNS_DIR.get(runsDir);
        if (s != null && s.process.isAlive()) {
            return Optional.of(s);
        }
        synchronized (BY_RUNS_DIR) {
            s = BY_RUNS_DIR.get(runsDir);
            if (s != null && s.process.isAlive()) {
                return Optional.of(s);
            }
            if (s != null) {
                s.stop();
            }
            s = start(runsDir, helper, id);
            if (s == null) {
                BY_RUNS_DIR.remove(runsDir);
                return Optional.empty();
            }
            BY_RUNS_DIR.put(runsDir, s);
            return Optional.of(s);
        }
    }

    /** Stops the server of {@code runsDir} in this JVM, if any, and removes its directory. */
    static void stopFor(Path runsDir) {
        synchronized (BY_RUNS_DIR) {
            ForkServer s = BY_RUNS_DIR.remove(runsDir);
            if (s != null) {
                s.stop();
            }
        }
    }

    private static ForkServer start(Path runsDir, Path helper, String id) {
        RunDir dir;
        try {
            dir = RunDir.create(runsDir, id);
        } catch (ExecException e) {
            return null;
        }
        Path socket = dir.file("s");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            FileTrees.deleteQuietly(dir.path());
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder(helper.toString(), "-S", socket.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Process p = null;
        try {
            p = SupervisedRun.spawn(pb);
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (!"ready".equals(line)) {
                throw new IOException("dagj-nsexec -S said: " + line);
            }
            return new ForkServer(dir.path(), p);
        } catch (ExecException | IOException e) {
            if (p != null) {
                p.destroyForcibly();
            }
            FileTrees.deleteQuietly(dir.path());
            return null;
        }
    }

    private void stop() {
        CompletableFuture<Void> pending = CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new));
        try {
            pending.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a clean-up failed or hangs: the next engine's StaleStateCleaner removes what it leaves
        }
        SocketChannel unused = spare.getAndSet(null);
        if (unused != null) {
            closeQuietly(unused);
        }
        for (Selector s; (s = idleSelectors.poll()) != null;) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that is left to do with it
            }
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it is being killed below anyway
        }
        process.destroyForcibly();
        HostCommand.waitUninterruptibly(process, Duration.ofSeconds(5));
        FileTrees.deleteQuietly(dir);
    }

    /**
     * How a run's container is killed on timeout, cancel or interrupt, for runtimes whose process does not take the
     * container down when SIGKILLed (runc): called from the run's thread, again every {@code retry} until it returns
     * true or the run ends; after {@code limit} the server SIGKILLs the process anyway.
     */
    interface Killer {
        boolean tryKill() throws ExecException;
    }

    /**
     * Runs {@code command} (the wrapper's argv without the program name, i.e. its options, {@code --} and the
     * runtime's argv) with {@code stdin}, keeping up to {@code cap} bytes of each output stream. On timeout, cancel or
     * interrupt, {@code killer} (null: the server SIGKILLs the run's process, which suits runtimes that take their
     * sandbox down when killed, as bwrap with {@code --die-with-parent}) kills the run, which returns once its process
     * is gone. Null when the server is unreachable or the stdin too large for a request, and nothing ran (the caller
     * then starts the process itself). The run's overlays may still be mounted in the handler's namespace until its
     * {@link Ending}.
     */
    Served run(List<String> command, byte[] stdin, int cap, Optional<Duration> timeout,
            Cancellation cancellation, Killer killer, Duration retry, Duration limit) throws ExecException {
        if (stdin.length > MAX_STDIN) {
            return null;
        }
        long t0 = System.nanoTime();
        SocketChannel ch = spare.getAndSet(null);
        boolean fromSpare = ch != null;
        if (ch == null && (ch = connect()) == null) {
            return null;
        }
        Selector selector = idleSelectors.poll();
        SelectionKey key = null;
        boolean handedOver = false;
        try {
            if (selector == null) {
                selector = Selector.open();
            }
            try {
                try {
                    writeRequest(ch, command, stdin);
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    throw e;
                } catch (IOException e) {
                    if (!fromSpare) {
                        throw e;
                    }
                    // the spare's handler is gone (killed from outside): a fresh connection
                    closeQuietly(ch);
                    if ((ch = connect()) == null) {
                        return null;
                    }
                    writeRequest(ch, command, stdin);
                }
            } catch (java.nio.channels.ClosedByInterruptException e) {
                // The closed connection makes the handler kill the run, if it started; report the interrupt.
                Thread.interrupted();
                return new Served(new SupervisedRun.Outcome(137, new CapturedOutput(new byte[0], 0),
                        new CapturedOutput(new byte[0], 0), Duration.ofNanos(System.nanoTime() - t0),
                        Termination.CANCELLED, true), new Ending(ch));
            }
            ch.configureBlocking(false);
            key = ch.register(selector, SelectionKey.OP_READ);
            cancellation.signal().thenRun(selector::wakeup); // harmless if it wakes a later run's select
            long deadline = timeout.map(d -> t0 + d.toNanos()).orElse(Long.MAX_VALUE);
            Frames frames = new Frames(cap);
            Termination termination = Termination.EXITED;
            boolean interrupted = false;
            boolean killDone = false;
            long killStart = 0;
            long nextTry = 0;
            while (!frames.done()) {
                if (termination == Termination.EXITED) {
                    if (Thread.interrupted()) {
                        interrupted = true;
                        termination = Termination.CANCELLED;
                    } else if (cancellation.isCancelled()) {
                        termination = Termination.CANCELLED;
                    } else if (System.nanoTime() - deadline >= 0) {
                        termination = Termination.TIMED_OUT;
                    }
                    if (termination != Termination.EXITED) {
                        killStart = System.nanoTime();
                        nextTry = killStart;
                    }
                } else {
                    interrupted |= Thread.interrupted();
                }
                if (termination != Termination.EXITED && !killDone && System.nanoTime() - nextTry >= 0) {
                    if (killer == null || System.nanoTime() - killStart >= limit.toNanos()) {
                        kill(ch);
                        killDone = true;
                    } else {
                        killDone = killer.tryKill();
                        nextTry = System.nanoTime() + retry.toNanos();
                    }
                }
                long until = termination == Termination.EXITED ? deadline : killDone ? Long.MAX_VALUE : nextTry;
                long waitMs = until == Long.MAX_VALUE ? 0
                        : Math.max(1, (until - System.nanoTime() + 999_999) / 1_000_000);
                selector.select(waitMs);
                selector.selectedKeys().clear();
                if (!frames.read(ch)) {
                    break;
                }
            }
            if (!frames.done()) {
                throw new ExecException("the sandbox server closed the connection before the run ended");
            }
            SupervisedRun.Outcome o = new SupervisedRun.Outcome(frames.exitCode(), frames.stdout.captured(),
                    frames.stderr.captured(), Duration.ofNanos(System.nanoTime() - t0), termination, interrupted);
            release(selector, key);
            selector = null;
            handedOver = true;
            return new Served(o, new Ending(ch));
        } catch (IOException e) {
            throw new ExecException("lost the connection to the sandbox server: " + e.getMessage(), e);
        } finally {
            release(selector, key);
            if (!handedOver) {
                closeQuietly(ch);
            }
        }
    }

    /** A new connection to the server (its handler waits for the request), or null when it is unreachable. */
    private SocketChannel connect() throws ExecException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new ExecException("cannot open a socket to the sandbox server: " + e.getMessage(), e);
        }
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            closeQuietly(ch);
            return null;
        }
    }

    /**
     * Connects ahead of the next run, off the caller's path: the next run then finds a handler that has accepted its
     * connection already (and the server has forked the one after it), and only sends its request.
     */
    private void connectSpare() {
        if (spare.get() != null) {
            return;
        }
        try {
            SocketChannel ch = connect();
            if (ch != null && !spare.compareAndSet(null, ch)) {
                closeQuietly(ch);
            }
        } catch (ExecException e) {
            // the next run connects itself, and reports what fails
        }
    }

    /** What {@link #run} returns: the run's outcome and the end of its handler. */
    record Served(SupervisedRun.Outcome outcome, Ending ending) {
    }

    /**
     * The rest of a run's connection after its exit frame: the handler still kills what is left of the run and
     * unmounts its overlays, then closes it. Until it has, the run's directories (its run dir, the overlays' upper
     * and work dirs) must not be removed, moved or mounted again.
     */
    final class Ending {
        private final SocketChannel ch;

        private Ending(SocketChannel ch) {
            this.ch = ch;
        }

        /** Reads the connection to its end (the handler is done with the run's mounts), then closes it. */
        void await() {
            try {
                ch.configureBlocking(true);
                ByteBuffer b = ByteBuffer.allocate(64);
                while (ch.read(b) >= 0) {
                    b.clear();
                }
            } catch (IOException e) {
                // the handler is gone (or this thread was interrupted: its mounts then go with its namespace)
            } finally {
                closeQuietly(ch);
            }
        }

        /** Closes the connection without waiting: for runs with no overlay mounted by the handler. */
        void close() {
            closeQuietly(ch);
        }

        /** {@link #await}, then {@code cleanup}, on a virtual thread; the future completes when both are done. */
        CompletableFuture<Void> then(Runnable cleanup) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            endings.add(f);
            Thread.ofVirtual().name("dagj-sandbox-ending").start(() -> {
                try {
                    await();
                    cleanup.run();
                    connectSpare();
                    f.complete(null);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                } finally {
                    endings.remove(f);
                }
            });
            return f;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private void release(Selector selector, SelectionKey key) {
        if (selector == null) {
            return;
        }
        try {
            if (key != null) {
                key.cancel();
                selector.selectNow(); // deregisters the channel
            }
            idleSelectors.add(selector);
        } catch (IOException e) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // it is dropped either way
            }
        }
    }

    private static void kill(SocketChannel ch) {
        try {
            ch.write(ByteBuffer.wrap(new byte[] {'K'}));
        } catch (IOException e) {
            // the handler is gone or going; closing the connection kills the run as well
        }
    }

    private static void writeRequest(SocketChannel ch, List<String> command, byte[] stdin) throws IOException {
        byte[][] args = new byte[command.size()][];
        int size = 8 + stdin.length;
        for (int i = 0; i < args.length; i++) {
            args[i] = command.get(i).getBytes(StandardCharsets.UTF_8);
            size += 4 + args[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(args.length);
        for (byte[] a : args) {
            b.putInt(a.length).put(a);
        }
        b.putInt(stdin.length).put(stdin).flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Parses the reply frames as they arrive on a non-blocking channel. */
    private static final class Frames {
        private final SupervisedRun.CappedSink stdout;
        private final SupervisedRun.CappedSink stderr;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 17);
        private int kind = -1;
        private int value;

        Frames(int cap) {
            stdout = new SupervisedRun.CappedSink(cap);
            stderr = new SupervisedRun.CappedSink(cap);
        }

        boolean done() {
            return kind >= 0;
        }

        /** As {@code Process.exitValue()} would say: 128 + signal for a killed process, 125 when it never started. */
        int exitCode() {
            return switch (kind) {
                case 0 -> value;
                case 1 -> 128 + value;
                default -> 125;
            };
        }

        /** Reads what is available and consumes whole frames; false at end of stream. */
        boolean read(SocketChannel ch) throws IOException {
            int n;
            while ((n = ch.read(buf)) > 0) {
                consume();
            }
            consume();
            return n >= 0;
        }

        private void consume() throws IOException {
            buf.flip();
            while (buf.remaining() >= 5) {
                int type = buf.get(buf.position());
                int len = buf.getInt(buf.position() + 1);
                if (len < 0 || len > buf.capacity() - 5) {
                    throw new IOException("bad frame from the sandbox server (type " + type + ", length " + len + ")");
                }
                if (buf.remaining() < 5 + len) {
                    break;
                }
                buf.position(buf.position() + 5);
                byte[] data = new byte[len];
                buf.get(data);
                switch (type) {
                    case 'o' -> stdout.write(data, len);
                    case 'e' -> stderr.write(data, len);
                    case 'x' -> {
                        ByteBuffer x = ByteBuffer.wrap(data);
                        kind = x.getInt();
                        value = x.getInt();
                    }
                    default -> throw new IOException("bad frame type " + type + " from the sandbox server");
                }
            }
            buf.compact();
        }
    }
}
