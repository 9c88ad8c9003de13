package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const officialGoMod = `module dagger/hello

go 1.22.5

require (
	github.com/99designs/gqlgen v0.17.49
	github.com/Khan/genqlient v0.7.0
	github.com/vektah/gqlparser/v2 v2.5.16
	go.opentelemetry.io/otel v1.27.0
	golang.org/x/sync v0.7.0
)

require (
	github.com/google/uuid v1.6.0 // indirect
	golang.org/x/sys v0.21.0 // indirect
)

require github.com/pkg/errors v0.9.1

replace go.opentelemetry.io/otel => go.opentelemetry.io/otel v1.26.0
`

const officialGoSum = `github.com/99designs/gqlgen v0.17.49 h1:aaa=
github.com/99designs/gqlgen v0.17.49/go.mod h1:bbb=
github.com/google/uuid v1.6.0 h1:ccc=
github.com/google/uuid v1.6.0/go.mod h1:ddd=
github.com/pkg/errors v0.9.1 h1:eee=
github.com/pkg/errors v0.9.1/go.mod h1:fff=
golang.org/x/sync v0.7.0 h1:ggg=
`

func TestFixGoModStdlibOnly(t *testing.T) {
	imports := map[string]bool{"context": true, "fmt": true, "dagger/hello/internal/dagger": true}
	mod, sum, dropped := FixGoMod(officialGoMod, officialGoSum, imports)
	want := "module dagger/hello\n\ngo 1.22.5\n"
	if strings.TrimSpace(mod) != strings.TrimSpace(want) {
		t.Errorf("go.mod:\n%s", mod)
	}
	if strings.TrimSpace(sum) != "" {
		t.Errorf("go.sum:\n%s", sum)
	}
	if len(dropped) != 8 {
		t.Errorf("dropped: %v", dropped)
	}
}

func TestFixGoModKeepsUsedThirdParty(t *testing.T) {
	imports := map[string]bool{"context": true, "github.com/pkg/errors": true, "dagger/hello/internal/dagger": true}
	mod, sum, dropped := FixGoMod(officialGoMod, officialGoSum, imports)
	for _, keep := range []string{"module dagger/hello", "github.com/pkg/errors v0.9.1", "github.com/google/uuid v1.6.0 // indirect", "golang.org/x/sys v0.21.0 // indirect"} {
		if !strings.Contains(mod, keep) {
			t.Errorf("go.mod lost %q:\n%s", keep, mod)
		}
	}
	for _, drop := range []string{"gqlgen", "genqlient", "gqlparser", "otel", "x/sync"} {
		if strings.Contains(mod, drop) {
			t.Errorf("go.mod keeps %q:\n%s", drop, mod)
		}
	}
	if !strings.Contains(sum, "github.com/pkg/errors v0.9.1 h1:eee=") || !strings.Contains(sum, "uuid") || strings.Contains(sum, "gqlgen") || strings.Contains(sum, "x/sync") {
		t.Errorf("go.sum:\n%s", sum)
	}
	if strings.Join(dropped, ",") != "github.com/99designs/gqlgen,github.com/Khan/genqlient,github.com/vektah/gqlparser/v2,go.opentelemetry.io/otel,golang.org/x/sync" {
		t.Errorf("dropped: %v", dropped)
	}
}

func TestFixGoModNothingToDrop(t *testing.T) {
	in := "module x\n\ngo 1.21\n"
	mod, sum, dropped := FixGoMod(in, "", map[string]bool{"fmt": true})
	if mod != in || sum != "" || dropped != nil {
		t.Errorf("got %q %q %v", mod, sum, dropped)
	}
}

// TestRunFixesGoModOfExistingModule runs the CLI entry on a module whose
// go.mod lists the official SDK's requirements and whose code imports only
// the standard library and the generated client.
func TestRunFixesGoModOfExistingModule(t *testing.T) {
	src := writeModule(t, map[string]string{
		"go.mod": officialGoMod,
		"go.sum": officialGoSum,
		"main.go": `package main

import (
	"context"
	"dagger/hello/internal/dagger"
)

type Hello struct{}

func (m *Hello) Hi(ctx context.Context) (*dagger.Container, error) { return dag.Container(), nil }
`,
		// stale generated files in the source must be ignored
		"dagger.gen.go":                 "package main\n\nimport \"github.com/Khan/genqlient/graphql\"\n",
		"internal/telemetry/otel.go":    "package telemetry\n\nimport \"go.opentelemetry.io/otel\"\n",
		"internal/dagger/dagger.gen.go": "package dagger\n\nimport \"github.com/vektah/gqlparser/v2\"\n",
	})
	schemaPath := filepath.Join(t.TempDir(), "schema.json")
	if err := os.WriteFile(schemaPath, fixtureIntrospection(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := Run(Options{Introspection: schemaPath, Source: src, ModuleName: "hello", Output: out})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Initialized || sum.ModulePath != "dagger/hello" || len(sum.DroppedRequirements) != 8 {
		t.Errorf("summary: %+v", sum)
	}
	if strings.Join(sum.Files, ",") != "dagger.gen.go,go.mod,go.sum,internal/dagger/client.gen.go,internal/dagger/dagger.gen.go" {
		t.Errorf("files: %v", sum.Files)
	}
	mod, _ := os.ReadFile(filepath.Join(out, "go.mod"))
	if strings.Contains(string(mod), "require") {
		t.Errorf("go.mod still has requirements:\n%s", mod)
	}
	if _, err := os.Stat(filepath.Join(out, "main.go")); err == nil {
		t.Error("main.go written for an existing module")
	}
}
