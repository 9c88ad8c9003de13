#!/usr/bin/env bash
# Module dependencies through the real CLI: a Go module `test` whose function calls a local dependency `dep`
# (dag.Dep().Hi). Measures the warm call (nothing changed) against `dagger version` and against a warm call of the
# dependency alone (`call -m dep`), the cold first call (builds both modules), and the call after editing the
# dependency's function body (the dependency is rebuilt; the parent's build is reused, its call result is not).
# Usage: bench/module-deps.sh [runs, default 10]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
work=$(mktemp -d /tmp/dagj-deps-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DAGJ_STATE_DIR=$work/state
dagger=$root/dagger
"$dagger" version >/dev/null   # builds the distribution if needed

. "$root/bench/cli-lib.sh"

mkdir -p "$work/app/.git" "$work/app/test/dep"
cd "$work/app/test/dep"
printf '{\n  "name": "dep",\n  "engineVersion": "v0.19.11",\n  "sdk": {\n    "source": "go"\n  }\n}\n' > dagger.json
printf 'module dagger/dep\n\ngo 1.21\n' > go.mod
cat > main.go <<'GO'
package main

type Dep struct{}

// Says hi
func (m *Dep) Hi() string {
	return "hi dep"
}
GO
cd "$work/app/test"
printf '{\n  "name": "test",\n  "engineVersion": "v0.19.11",\n  "sdk": {\n    "source": "go"\n  }\n}\n' > dagger.json
printf 'module dagger/test\n\ngo 1.21\n' > go.mod
cat > main.go <<'GO'
package main

import "context"

type Test struct{}

// Calls the dependency
func (m *Test) Fn(ctx context.Context) (string, error) {
	return dag.Dep().Hi(ctx)
}
GO
"$dagger" install ./dep >/dev/null 2>&1
cold=$(ms "$dagger" call fn)
[ "$("$dagger" call fn 2>/dev/null)" = "hi dep" ] || { echo "dagger call fn did not print 'hi dep'" >&2; exit 1; }
"$dagger" call -m dep hi >/dev/null 2>&1
for _ in $(seq "$runs"); do ms "$dagger" version; done | median > "$work/v"
for _ in $(seq "$runs"); do ms "$dagger" call -m dep hi; done | median > "$work/d"
for _ in $(seq "$runs"); do ms "$dagger" call fn; done | median > "$work/c"
sed -i 's/"hi dep"/"hello dep"/' dep/main.go
edited=$(ms "$dagger" call fn)
[ "$("$dagger" call fn 2>/dev/null)" = "hello dep" ] || { echo "the edit of the dependency was not seen" >&2; exit 1; }
v=$(cat "$work/v"); d=$(cat "$work/d"); c=$(cat "$work/c")
echo "module-deps bench: $runs runs each, medians"
echo "dagger version                          ${v} ms (baseline)"
echo "warm call of the dependency alone       ${d} ms  -> +$((d - v)) ms over version"
echo "warm call of a function using it        ${c} ms  -> +$((c - v)) ms over version, $(awk "BEGIN{printf \"%.2f\", $c/$d}")x the dependency alone"
echo "cold first call (builds both modules)   ${cold} ms"
echo "call after editing the dependency       ${edited} ms"
