#!/usr/bin/env bash
# Round-trip latency of a trivial `{ version }` GraphQL query to a dagj session over HTTP/1.1 keep-alive, next to a
# raw loopback TCP ping-pong in the same JVM. Prints p50/p90 of both and their ratio; the target is p50 < 1 ms.
# Usage: bench/roundtrip.sh [iterations] [warmup]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
dagj_pick_jdk
mvn -q -o -pl engine -am test-compile
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
# Resolving without -am needs the sibling modules in ~/.m2; when they are not there, resolve them from the reactor.
if ! mvn -q -o -pl engine dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >/dev/null 2>&1; then
  mvn -q -o -pl engine -am test-compile dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
fi
# This checkout's own classes come first, ahead of any installed sibling jars.
own="engine/target/test-classes:engine/target/classes:plugin-api/target/classes:module-resolver/target/classes"
exec "$JAVA_HOME/bin/java" -Dsun.net.httpserver.nodelay=true -cp "$own:$(cat "$cpfile")" \
  dev.dagj.engine.session.RoundTripBench "$@"
