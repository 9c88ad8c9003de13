#!/usr/bin/env bash
# Container API overhead: uncached withExec(["true"]) vs bare runc/bwrap on the same image snapshot, and a cached
# withExec(...).stdout vs a trivial { version } query, on both backends. The target row is the engine as an SDK gets
# it: `bin/dagger session` of the distribution (built here by ./dagger when stale), the bench's JVM being its client;
# the in-JVM rows (an engine inside the bench's JVM) break the path down.
# With DAGJ_BASELINE=<another checkout> (e.g. a clone of main), that checkout's bench runs right after this one, so
# the two sets of same-run ratios against the bare runtimes can be compared (the load of a shared machine moves both).
. "$(dirname "$0")/lib.sh"
run_bench() {
  "$BENCH_ROOT/dagger" version >/dev/null
  bench_classpath engine
  bench_java -Ddist="$BENCH_ROOT/cli/target/dist" dev.dagj.engine.exec.ContainerApiBench "$@"
}
run_bench "$@"
if [ -n "${DAGJ_BASELINE:-}" ]; then
  BENCH_ROOT=$(cd "$DAGJ_BASELINE" && pwd)
  echo "baseline $BENCH_ROOT:"
  run_bench "$@"
fi
