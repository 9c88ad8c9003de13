#!/usr/bin/env bash
# Module interfaces through the real CLI: module `zoo` depends on `shapes` (declares the interface Named and
# Introduce(who Named), which calls who.Name and who.Greet) and on `cat` (implements Named). Every function is
# +cache="never", so each call runs the runtimes again. Measures the warm `dagger call intro` (zoo -> shapes, whose
# runtime calls the cat twice through the engine) against `dagger call direct` (zoo calls the same two cat
# functions itself, no interface) and `dagger version`, interleaved.
# Usage: bench/module-iface.sh [runs, default 10]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
work=$(mktemp -d /tmp/dagj-iface-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DAGJ_STATE_DIR=$work/state
dagger=$root/dagger
"$dagger" version >/dev/null   # builds the distribution if needed

. "$root/bench/cli-lib.sh"
module() { # dir name [deps...]
	local dir=$1 name=$2 deps="" d
	shift 2
	for d in "$@"; do
		deps="$deps${deps:+,}{\"name\": \"$d\", \"source\": \"$d\"}"
	done
	mkdir -p "$dir"
	if [ -n "$deps" ]; then
		printf '{"name": "%s", "engineVersion": "v0.19.11", "sdk": {"source": "go"}, "dependencies": [%s]}\n' "$name" "$deps" > "$dir/dagger.json"
	else
		printf '{"name": "%s", "engineVersion": "v0.19.11", "sdk": {"source": "go"}}\n' "$name" > "$dir/dagger.json"
	fi
	printf 'module dagger/%s\n\ngo 1.21\n' "$name" > "$dir/go.mod"
	cat > "$dir/main.go"
}

mkdir -p "$work/app/.git"
module "$work/app/zoo/shapes" shapes <<'GO'
package main

import "context"

type Shapes struct{}

type Named interface {
	DaggerObject
	Name(ctx context.Context) (string, error)
	Greet(ctx context.Context, greeting string) (string, error)
}

// +cache="never"
func (m *Shapes) Introduce(ctx context.Context, who Named) (string, error) {
	n, err := who.Name(ctx)
	if err != nil {
		return "", err
	}
	g, err := who.Greet(ctx, "hello")
	return n + " says " + g, err
}
GO
module "$work/app/zoo/cat" cat <<'GO'
package main

import "context"

type Cat struct{}

// +cache="never"
func (c *Cat) Name(ctx context.Context) (string, error) {
	return "cat", nil
}

// +cache="never"
func (c *Cat) Greet(ctx context.Context, greeting string) (string, error) {
	return greeting + " meow", nil
}
GO
module "$work/app/zoo" zoo cat shapes <<'GO'
package main

import "context"

type Zoo struct{}

// +cache="never"
func (m *Zoo) Intro(ctx context.Context) (string, error) {
	return dag.Shapes().Introduce(ctx, dag.Cat().AsShapesNamed())
}

// +cache="never"
func (m *Zoo) Direct(ctx context.Context) (string, error) {
	n, err := dag.Cat().Name(ctx)
	if err != nil {
		return "", err
	}
	g, err := dag.Cat().Greet(ctx, "hello")
	return n + " says " + g, err
}
GO
cd "$work/app/zoo"
cold=$(ms "$dagger" call intro)
[ "$("$dagger" call intro 2>/dev/null)" = "cat says hello meow" ] || { echo "dagger call intro did not print 'cat says hello meow'" >&2; exit 1; }
[ "$("$dagger" call direct 2>/dev/null)" = "cat says hello meow" ] || { echo "dagger call direct did not print 'cat says hello meow'" >&2; exit 1; }
for _ in $(seq "$runs"); do
	ms "$dagger" version >> "$work/v"
	ms "$dagger" call direct >> "$work/d"
	ms "$dagger" call intro >> "$work/i"
done
v=$(median < "$work/v"); d=$(median < "$work/d"); i=$(median < "$work/i")
echo "module-iface bench: $runs runs each, interleaved, medians (load $(cut -d' ' -f1 /proc/loadavg))"
echo "dagger version                                   ${v} ms (baseline)"
echo "call direct (zoo -> cat x2, no interface)        ${d} ms  -> +$((d - v)) ms over version"
echo "call intro (zoo -> shapes -> cat x2 via Named)   ${i} ms  -> +$((i - v)) ms over version, $(awk "BEGIN{printf \"%.2f\", $i/$d}")x direct"
echo "cold first call (builds the three modules)       ${cold} ms"
