#!/usr/bin/env bash
# Publish of a large base image plus a small change to a loopback registry: ours (base layers kept as pulled,
# skipped by HEAD or mounted, one small layer for the change) vs the old way (the merged root filesystem packed as one
# gzip layer and pushed with our registry client), then the second publish of the same (nothing changed).
# Args: [workDir]; -Druns=N (default 5), -Dmb=M base size in MB (default 120) via BENCH_JAVA_OPTS.
. "$(dirname "$0")/lib.sh"
bench_classpath engine
# shellcheck disable=SC2086
bench_java ${BENCH_JAVA_OPTS:-} dev.dagj.engine.image.PublishBench "$@"
