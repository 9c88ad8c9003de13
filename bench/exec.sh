#!/usr/bin/env bash
# Executor start-up cost (ours vs bare runc / bwrap on a busybox rootfs) and 50 concurrent CPU-bound execs.
. "$(dirname "$0")/lib.sh"
bench_classpath engine
bench_java dev.dagj.engine.exec.ExecBench "$@"
