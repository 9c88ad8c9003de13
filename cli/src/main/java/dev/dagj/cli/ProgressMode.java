package dev.dagj.cli;

/** Values of {@code --progress}. Without a terminal UI yet, {@code auto} and {@code tty} print nothing unless -v. */
enum ProgressMode { AUTO, PLAIN, TTY, DOTS }
