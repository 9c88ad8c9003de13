#!/usr/bin/env bash
# Round-trip latency of a trivial `{ version }` GraphQL query to a dagj session over HTTP/1.1 keep-alive, next to a
# raw loopback TCP ping-pong in the same JVM. Prints p50/p90 of both and their ratio; the target is p50 < 1 ms.
# Usage: bench/roundtrip.sh [iterations] [warmup]
. "$(dirname "$0")/lib.sh"
bench_classpath engine
bench_java dev.dagj.engine.session.RoundTripBench "$@"
