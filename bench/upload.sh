#!/usr/bin/env bash
# Host upload throughput: sha256sum vs HostUploader (cold, then warm re-upload) over 20,000 small files and
# 3 x 64 MiB files, in-process and in child JVMs with the native SHA-256 and with the JDK's (DAGJ_NATIVE_DIGEST=0), see
# engine/src/test/java/dev/dagj/engine/host/UploadBench.java. Then the same cold upload through the real CLI: the whole
# `./dagger query` command (JVM start included, C1 only as the launcher runs it), native and JDK SHA-256, each timed
# against sha256sum timed beside it.
# Usage: bench/upload.sh [parent of the work dir, default $TMPDIR or /tmp]
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${1:-${TMPDIR:-/tmp}}/dagj-upload-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_classpath engine
bench_java dev.dagj.engine.host.UploadBench "$work"

dagger=$BENCH_ROOT/dagger
"$dagger" version >/dev/null   # builds the distribution if needed
tree=$work/tree
query="{ host { directory(path: \"$tree\") { digest } } }"
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
sha() { (cd "$tree" && find . -type f -print0 | xargs -0 sha256sum >/dev/null); }
echo "through the CLI, whole commands, cold state dirs, alternating with sha256sum (ms):"
echo "  $("$dagger" version -v 2>&1 >/dev/null)"
# Each upload writes ~250 MB into its state dir. Before each timed command the earlier state dirs are removed and the
# disk is synced, so that no command waits on the write-back of what an earlier one wrote (sha256sum only reads).
settle() { rm -rf "$work"/state* "$work"/cli-query-*; sync; }
for i in 1 2 3; do
  settle
  s=$(secs sha)
  settle
  q=$(secs "$dagger" --state-dir "$work/cli-query-$i" -s query <<< "$query")
  settle
  j=$(DAGJ_NATIVE_DIGEST=0 secs "$dagger" --state-dir "$work/cli-query-jdk-$i" -s query <<< "$query")
  echo "  sha256sum $s | dagger query $q -> ratio $(awk "BEGIN {printf \"%.2f\", $s / $q}")" \
    "| with DAGJ_NATIVE_DIGEST=0 $j -> ratio $(awk "BEGIN {printf \"%.2f\", $s / $j}")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
