# Sourced by ./dagger and ./run-tests: sets JAVA_HOME to the newest JDK >= 21 under /usr/lib/jvm
# (or keeps a JAVA_HOME that is already >= 21), or stops with a message saying what is missing.
dagj_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1; }
dagj_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    m=$(dagj_java_major "$JAVA_HOME"); if [ -n "$m" ] && [ "$m" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  best=""; bestv=0
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue; [ -L "$d" ] && continue
    v=$(dagj_java_major "$d"); [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  if [ -z "$best" ]; then
    echo "dagj needs a JDK 21 or newer, and none was found under /usr/lib/jvm (JAVA_HOME=${JAVA_HOME:-unset})." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless, or a Temurin JDK) and try again." >&2
    return 1
  fi
  export JAVA_HOME=$best
}
