#!/usr/bin/env bash
# Layer unpack throughput: our LayerUnpacker (gzip + tar + diff_id) vs `tar -xzf` on the same ~100 MB tar.gz,
# each into a fresh directory, alternating, median of N runs. Args: [workDir] [runs].
. "$(dirname "$0")/lib.sh"
bench_classpath engine
bench_java dev.dagj.engine.image.UnpackBench "$@"
