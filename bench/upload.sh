#!/usr/bin/env bash
# Host upload throughput: sha256sum vs HostUploader (cold, then warm re-upload) over 20,000 small files and
# 3 x 64 MiB files. See engine/src/test/java/dev/dagj/engine/host/UploadBench.java.
# Usage: bench/upload.sh [work dir parent, default $TMPDIR or /tmp]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. scripts/jdk.sh
dagj_pick_jdk
mvn -B -q -o -pl engine -am test-compile
cpfile=$(mktemp)
work=$(mktemp -d "${1:-${TMPDIR:-/tmp}}/dagj-upload-bench.XXXXXX")
trap 'rm -rf "$work" "$cpfile"' EXIT
mvn -B -q -o -pl engine dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
cp="$repo/engine/target/test-classes:$repo/engine/target/classes:$repo/module-resolver/target/classes:$repo/plugin-api/target/classes:$(cat "$cpfile")"
"$JAVA_HOME/bin/java" -cp "$cp" dev.dagj.engine.host.UploadBench "$work"
