package dev.dagj.engine.op;

import dev.dagj.engine.digest.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * One process run in a container over the root filesystem chain {@code rootfs} with {@code mounts}, evaluating to an
 * exec-result record (new root filesystem chain, stdout and stderr blobs, exit code, trees of the writable directory
 * mounts). {@code env} is {@code NAME=value} in order; {@code secretEnv} adds variables whose values are secrets, by
 * keyed digest. {@code user} is as in an image config ("" for root). {@code expect} is SUCCESS, FAILURE or ANY: an
 * exit status it does not allow fails the op, and failures are not cached. Redirect paths are "" for none, else
 * container paths (relative ones against {@code workdir}); {@code redirectStdin} is a file of the container (or of
 * its mounts) read as standard input, exclusive with {@code stdin}.
 */
public record ExecOp(Vertex rootfs, List<ExecMount> mounts, List<String> args, List<String> env,
        List<SecretEnv> secretEnv, String workdir, String user, String stdin, String redirectStdout,
        String redirectStderr, String expect, String redirectStdin) implements Op {

    public ExecOp(Vertex rootfs, List<ExecMount> mounts, List<String> args, List<String> env,
            List<SecretEnv> secretEnv, String workdir, String user, String stdin, String redirectStdout,
            String redirectStderr, String expect) {
        this(rootfs, mounts, args, env, secretEnv, workdir, user, stdin, redirectStdout, redirectStderr, expect, "");
    }

    /** An environment variable whose value is the secret with keyed digest {@code secret}. */
    public record SecretEnv(String name, Digest secret) {
    }

    public ExecOp {
        mounts = List.copyOf(mounts);
        args = List.copyOf(args);
        env = List.copyOf(env);
        secretEnv = List.copyOf(secretEnv);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("an exec needs at least one argument");
        }
        if (!List.of("SUCCESS", "FAILURE", "ANY").contains(expect)) {
            throw new IllegalArgumentException("expect must be SUCCESS, FAILURE or ANY: " + expect);
        }
        if (redirectStdin == null) {
            throw new IllegalArgumentException("redirectStdin must not be null");
        }
    }

    @Override
    public List<Vertex> inputs() {
        List<Vertex> in = new ArrayList<>();
        in.add(rootfs);
        in.addAll(ExecMount.sources(mounts));
        return in;
    }
}
