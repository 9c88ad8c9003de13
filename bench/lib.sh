# Sourced by the bench/*.sh scripts: picks the JDK, compiles the engine's test classes and sets BENCH_CP to
# their class path (engine classes, test classes, runtime and test dependencies).
set -euo pipefail
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$BENCH_ROOT/scripts/jdk.sh"
dagj_pick_jdk
bench_classpath() {
  local module=${1:-engine}
  local cpfile
  cpfile=$(mktemp)
  # -am resolves sibling modules from the reactor (nothing needs to be installed in ~/.m2); the last module built,
  # the requested one, writes the class path file.
  (cd "$BENCH_ROOT" && mvn -B -q -pl "$module" -am test-compile dependency:build-classpath -DskipTests \
      -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >&2)
  # META-INF/versions/22: the engine's Java 22 classes (native SHA-256), which a classes directory does not expose
  BENCH_CP="$BENCH_ROOT/$module/target/test-classes:$BENCH_ROOT/$module/target/classes"
  BENCH_CP="$BENCH_CP:$BENCH_ROOT/$module/target/classes/META-INF/versions/22:$(cat "$cpfile")"
  rm -f "$cpfile"
}
bench_java() {
  # BENCH_JAVA_OPTS: extra JVM options, e.g. -Dwarmup=300 -Dbackends=bwrap for bench/container.sh
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -Dsun.net.httpserver.nodelay=true --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CP" "$@"
}
