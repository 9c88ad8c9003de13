#!/usr/bin/env bash
# Host upload throughput: sha256sum vs HostUploader (cold, then warm re-upload) over 20,000 small files and
# 3 x 64 MiB files. See engine/src/test/java/dev/dagj/engine/host/UploadBench.java.
# Usage: bench/upload.sh [parent of the work dir, default $TMPDIR or /tmp]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. scripts/jdk.sh
dagj_pick_jdk
cpfile=$(mktemp)
work=$(mktemp -d "${1:-${TMPDIR:-/tmp}}/dagj-upload-bench.XXXXXX")
trap 'rm -rf "$work" "$cpfile"' EXIT
# One reactor run: -am resolves plugin-api and module-resolver to their target/classes, so nothing has to be
# installed in ~/.m2; the engine, built last, writes the class path file.
mvn -B -q -o -pl engine -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cpfile" >&2
cp="$repo/engine/target/test-classes:$repo/engine/target/classes:$(cat "$cpfile")"
"$JAVA_HOME/bin/java" -cp "$cp" dev.dagj.engine.host.UploadBench "$work"
