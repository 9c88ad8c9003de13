#!/usr/bin/env bash
# Module calls through the real CLI: warm `dagger call` and `dagger functions` against `dagger version` run beside
# them (targets: call < version + 300 ms, functions < version + 200 ms), plus the cold first call after `init` and the
# call after editing one function body. Usage: bench/module.sh [runs, default 10]
# With DAGJ_BASELINE=<another checkout> (e.g. a clone of main), that checkout's warm call and functions run interleaved
# with these, on a copy of the module and its own state dir, and are printed beside them (an A/B in the same run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
work=$(mktemp -d /tmp/dagj-module-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DAGJ_STATE_DIR=$work/state
dagger=$root/dagger
"$dagger" version >/dev/null   # builds the distribution if needed

. "$root/bench/cli-lib.sh"

mkdir -p "$work/mod" && cd "$work/mod"
"$dagger" init --sdk=go --name=bench >/dev/null 2>&1
cat >> main.go <<'GO'

// Says hello
func (m *Bench) Greet(name string) string {
	return "Hello, " + name + "!"
}
GO
cold=$(ms "$dagger" call greet --name=first)
"$dagger" call greet --name=warm >/dev/null 2>&1
base=${DAGJ_BASELINE:-}
if [ -n "$base" ]; then
  base=$(cd "$base" && pwd)/dagger
  cp -a "$work/mod" "$work/basemod"
  (cd "$work/basemod" && DAGJ_STATE_DIR=$work/basestate "$base" call greet --name=warm >/dev/null 2>&1)
fi
# Interleaved, so that the load of a shared machine weighs on the baseline and the measured commands alike.
for _ in $(seq "$runs"); do
  ms "$dagger" version >> "$work/v.all"
  ms "$dagger" call greet --name=warm >> "$work/c.all"
  ms "$dagger" functions >> "$work/f.all"
  if [ -n "$base" ]; then
    cd "$work/basemod"
    DAGJ_STATE_DIR=$work/basestate ms "$base" call greet --name=warm >> "$work/bc.all"
    DAGJ_STATE_DIR=$work/basestate ms "$base" functions >> "$work/bf.all"
    cd "$work/mod"
  fi
done
[ -z "$base" ] || for x in bc bf; do median < "$work/$x.all" > "$work/$x"; done
for x in v c f; do median < "$work/$x.all" > "$work/$x"; done
sed -i 's/"Hello, "/"Hi, "/' main.go
edited=$(ms "$dagger" call greet --name=warm)
v=$(cat "$work/v"); c=$(cat "$work/c"); f=$(cat "$work/f")
echo "module bench: $runs interleaved runs each, medians (load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "dagger version               ${v} ms (baseline)"
echo "warm dagger call             ${c} ms  -> +$((c - v)) ms over version (target < +300; Dagger: 1500-1700 ms total)"
echo "warm dagger functions        ${f} ms  -> +$((f - v)) ms over version (target < +200; Dagger: ~2000 ms total)"
if [ -n "$base" ]; then
  bc=$(cat "$work/bc"); bf=$(cat "$work/bf")
  echo "baseline warm dagger call    ${bc} ms  -> +$((bc - v)) ms over version ($DAGJ_BASELINE)"
  echo "baseline warm functions      ${bf} ms  -> +$((bf - v)) ms over version"
fi
echo "cold first call after init  ${cold} ms"
echo "call after editing a body   ${edited} ms"
