#!/usr/bin/env bash
# Container API overhead: uncached withExec(["true"]) vs bare runc/bwrap on the same image snapshot, and a cached
# withExec(...).stdout vs a trivial { version } query, on both backends.
# With DAGJ_BASELINE=<another checkout> (e.g. a clone of main), that checkout's bench runs right after this one, so
# the two sets of same-run ratios against the bare runtimes can be compared (the load of a shared machine moves both).
. "$(dirname "$0")/lib.sh"
bench_classpath engine
bench_java dev.dagj.engine.exec.ContainerApiBench "$@"
if [ -n "${DAGJ_BASELINE:-}" ]; then
  BENCH_ROOT=$(cd "$DAGJ_BASELINE" && pwd)
  bench_classpath engine
  echo "baseline $BENCH_ROOT:"
  bench_java dev.dagj.engine.exec.ContainerApiBench "$@"
fi
