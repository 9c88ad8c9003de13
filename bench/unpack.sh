#!/usr/bin/env bash
# Layer unpack throughput: our LayerUnpacker (gzip + tar + diff_id) vs `tar -xzf` on the same ~100 MB tar.gz,
# each into a fresh directory, alternating, median of N runs. Args: [workDir] [runs].
. "$(dirname "$0")/lib.sh"
# bench_classpath resolves engine's sibling modules from ~/.m2, which holds no dev.dagj snapshots unless someone ran
# `mvn install`; compiling and listing the class path in one reactor run resolves them to their target/classes.
unpack_classpath() {
  local cpfile
  cpfile=$(mktemp)
  (cd "$BENCH_ROOT" && mvn -B -q -pl engine -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cpfile" >&2)
  BENCH_CP="$BENCH_ROOT/engine/target/test-classes:$BENCH_ROOT/engine/target/classes:$(cat "$cpfile")"
  rm -f "$cpfile"
}
unpack_classpath
bench_java dev.dagj.engine.image.UnpackBench "$@"
