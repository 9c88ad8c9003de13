/**
 * The {@code dagger} command line: parses arguments with picocli, wires the engine and its collaborators together
 * (constructor injection happens here and nowhere else), and owns exit codes and everything printed to the user.
 *
 * <p>{@link dev.dagj.cli.Main#run} runs one invocation in-process with explicit streams, environment and working
 * directory, so tests need no subprocess; {@link dev.dagj.cli.Main#main} is the thin process entry point that the
 * launcher script {@code bin/dagger} starts.
 */
package dev.dagj.cli;
