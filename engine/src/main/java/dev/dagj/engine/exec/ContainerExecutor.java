package dev.dagj.engine.exec;

/**
 * Runs one process in a fresh container and returns what it did.
 *
 * <p>Implementations MUST:
 * <ul>
 * <li>run the process in its own PID, mount, network (loopback only; the host's when the request says
 * {@link ExecRequest.Network#HOST}), IPC and UTS namespaces, with the request's
 * root filesystem, mounts, env (nothing inherited from the engine), cwd, hostname and stdin;</li>
 * <li>either honour the uid, gid, additional gids and limits exactly, or throw {@link UnsupportedRequestException}
 * before starting anything &mdash; never run as another user or without the asked limits;</li>
 * <li>return an {@link ExecResult} whenever the process started, whatever its exit code; a non-zero exit is not an
 * exception;</li>
 * <li>throw {@link ProcessStartException} when the sandbox was set up but {@code args[0]} could not be executed, and
 * {@link HostToolMissingException} when a host program they need is not installed;</li>
 * <li>when the timeout passes or {@code cancellation} fires, kill the whole process tree in the container, wait for
 * it, and return with {@link Termination#TIMED_OUT} or {@link Termination#CANCELLED};</li>
 * <li>when the calling thread is interrupted, kill and clean up as for a cancel, then throw
 * {@link InterruptedException};</li>
 * <li>before returning or throwing, leave nothing behind: no process, no runtime container state, no mount in any
 * namespace the engine can see, no temporary directory (except the caller's upper dir and the mount-point dirs in
 * it);</li>
 * <li>be safe to call from many threads at once for different requests.</li>
 * </ul>
 * Implementations MAY cap captured output (the result says when), add default mounts ({@code /proc}, {@code /dev},
 * {@code /dev/pts}, {@code /dev/shm}, {@code /sys} read-only) and create missing mount points and the working
 * directory in the root filesystem. Callers MUST NOT change the lower dirs of a root filesystem while it is in use.
 */
public interface ContainerExecutor {

    ExecResult run(ExecRequest request, Cancellation cancellation) throws ExecException, InterruptedException;

    default ExecResult run(ExecRequest request) throws ExecException, InterruptedException {
        return run(request, Cancellation.none());
    }

    /**
     * {@link #run}, except that the executor MAY leave part of its clean-up (unmounting the root's and the mounts'
     * overlays in a namespace of its own, removing its scratch dirs) until after it returns, off the caller's path;
     * the result's {@link ExecResult#release} says when it is done, and the executor MUST finish it without the
     * caller's help. Until then the caller MUST NOT remove, move or mount again the upper and work dirs of the
     * request's overlays (reading them is fine). When it throws, everything is cleaned up already.
     */
    default ExecResult runDeferringCleanup(ExecRequest request, Cancellation cancellation) throws ExecException,
            InterruptedException {
        return run(request, cancellation);
    }
}
