#!/usr/bin/env bash
# Host upload throughput: sha256sum vs HostUploader (cold, then warm re-upload) over 20,000 small files and
# 3 x 64 MiB files. See engine/src/test/java/dev/dagj/engine/host/UploadBench.java.
# Usage: bench/upload.sh [parent of the work dir, default $TMPDIR or /tmp]
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${1:-${TMPDIR:-/tmp}}/dagj-upload-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_classpath engine
bench_java dev.dagj.engine.host.UploadBench "$work"
