#!/usr/bin/env bash
# The GraphQL request path with a new string literal in every request (SDK queries inline their arguments), on the
# core API's real schema: graphql-java's parse + validation of every text ("plain") against the DocumentCache's shape
# hits ("shape"). Prints the document step and the whole GraphQL.execute per request:
#  - after 5 warm-ups: requests 6-10 of fresh JVMs, plain and shape alternated (COLD_RUNS pairs, default 5);
#  - steady state: alternating blocks in one warm JVM, medians, with the shape/plain ratios.
# Usage: bench/graphql.sh [rounds] [perRound]
. "$(dirname "$0")/lib.sh"
bench_classpath engine
for _ in $(seq "${COLD_RUNS:-5}"); do
  bench_java dev.dagj.engine.api.GraphqlDocumentBench cold plain
  bench_java dev.dagj.engine.api.GraphqlDocumentBench cold shape
done | tee /dev/stderr | awk '
  { split($4, d, "="); split($5, t, "="); doc[$2] = doc[$2] " " d[2]; tot[$2] = tot[$2] " " t[2]; }
  function med(s,   a, n, i, j, x) { n = split(s, a, " "); for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > x + 0; j--) a[j + 1] = a[j]; a[j + 1] = x } return a[int((n + 1) / 2)] }
  END {
    printf "6th request (after 5 warm-ups), median of runs: plain doc=%.3f ms total=%.3f ms; shape doc=%.3f ms total=%.3f ms\n", med(doc["plain"]), med(tot["plain"]), med(doc["shape"]), med(tot["shape"]);
    printf "6th request ratio shape/plain: doc %.3f  total %.3f\n", med(doc["shape"]) / med(doc["plain"]), med(tot["shape"]) / med(tot["plain"]);
  }' 2>&1
bench_java dev.dagj.engine.api.GraphqlDocumentBench steady "$@"
