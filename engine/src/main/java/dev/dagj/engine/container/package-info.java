/**
 * Evaluation of the container ops: root filesystem chains (image snapshots, committed exec upper dirs, layers
 * checked out from trees, whiteout layers), running {@link dev.dagj.engine.op.ExecOp}s on the executor, reading a
 * chain's merged view back into a tree, cache volumes and session secrets.
 *
 * <p>A root filesystem chain is a small JSON blob in the content store listing layer directories under the state
 * directory, bottom first ({@link dev.dagj.engine.container.RootfsChain}). Layer directories are immutable once in
 * place and are only ever mounted as overlayfs lower directories (with {@code -o userxattr}).
 */
package dev.dagj.engine.container;
