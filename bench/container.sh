#!/usr/bin/env bash
# Container API overhead: uncached withExec(["true"]) vs bare runc/bwrap on the same image snapshot, and a cached
# withExec(...).stdout vs a trivial { version } query, on both backends.
. "$(dirname "$0")/lib.sh"
bench_classpath engine
bench_java dev.dagj.engine.exec.ContainerApiBench "$@"
