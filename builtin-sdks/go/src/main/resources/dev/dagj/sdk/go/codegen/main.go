// Command codegen is the dagj Go SDK code generator.
//
//	codegen --introspection /schema.json --source /src/<subpath> --module-name <name> --output /out
//
// It reads the API introspection and the module's Go source (read-only),
// writes the generated files (relative to the module source dir) under the
// output dir, and prints a JSON summary on stdout. See README.md.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Summary is printed as JSON on stdout.
type Summary struct {
	VCSGeneratedPaths []string `json:"vcsGeneratedPaths"`
	VCSIgnoredPaths   []string `json:"vcsIgnoredPaths"`
	// Files lists every file written under the output dir.
	Files []string `json:"files"`
	// Initialized is true when the module had no Go files and the template
	// was written.
	Initialized bool `json:"initialized"`
	// DroppedRequirements lists go.mod requirements removed because no
	// package of the module imports them.
	DroppedRequirements []string `json:"droppedRequirements"`
	ModulePath          string   `json:"modulePath"`
}

// Options are the command-line inputs.
type Options struct {
	Introspection string
	Source        string
	ModuleName    string
	Output        string
}

func main() {
	var o Options
	flag.StringVar(&o.Introspection, "introspection", "", "path of the API introspection JSON")
	flag.StringVar(&o.Source, "source", "", "module source directory (read-only)")
	flag.StringVar(&o.ModuleName, "module-name", "", "module name (from dagger.json)")
	flag.StringVar(&o.Output, "output", "", "directory to write the generated files to")
	flag.Parse()
	if o.Introspection == "" || o.Source == "" || o.ModuleName == "" || o.Output == "" {
		fmt.Fprintln(os.Stderr, "usage: codegen --introspection FILE --source DIR --module-name NAME --output DIR")
		os.Exit(64)
	}
	sum, err := Run(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sum); err != nil {
		fmt.Fprintln(os.Stderr, "codegen:", err)
		os.Exit(1)
	}
}

type writer struct {
	root  string
	files []string
}

func (w *writer) write(rel string, data []byte) error {
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	w.files = append(w.files, rel)
	return nil
}

func readIfExists(p string) (string, bool, error) {
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return string(b), true, nil
}

// Run generates everything for one module.
func Run(o Options) (*Summary, error) {
	schema, err := LoadSchema(o.Introspection)
	if err != nil {
		return nil, err
	}
	w := &writer{root: o.Output}
	sum := &Summary{
		VCSGeneratedPaths:   []string{"dagger.gen.go", "internal/dagger/**", "internal/querybuilder/**", "internal/telemetry/**"},
		VCSIgnoredPaths:     []string{"dagger.gen.go", "internal/dagger", "internal/querybuilder", "internal/telemetry", ".env"},
		DroppedRequirements: []string{},
	}

	goFiles, err := userGoFiles(o.Source)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	goMod, hasGoMod, err := readIfExists(filepath.Join(o.Source, "go.mod"))
	if err != nil {
		return nil, err
	}
	modPath := "dagger/" + o.ModuleName
	if hasGoMod {
		if mp := parseGoMod(goMod).ModulePath; mp != "" {
			modPath = mp
		}
	}
	sum.ModulePath = modPath

	analysisDir := o.Source
	if len(goFiles) == 0 {
		sum.Initialized = true
		if err := w.write("main.go", []byte(initTemplate(o.ModuleName, modPath))); err != nil {
			return nil, err
		}
		analysisDir = o.Output
	}

	// go.mod / go.sum
	if !hasGoMod {
		if err := w.write("go.mod", []byte(initGoMod(modPath))); err != nil {
			return nil, err
		}
	} else {
		goSum, _, err := readIfExists(filepath.Join(o.Source, "go.sum"))
		if err != nil {
			return nil, err
		}
		imports := map[string]bool{}
		if len(goFiles) > 0 {
			if imports, err = moduleImports(o.Source); err != nil {
				return nil, err
			}
		}
		newMod, newSum, dropped := FixGoMod(goMod, goSum, imports)
		sum.DroppedRequirements = append(sum.DroppedRequirements, dropped...)
		if err := w.write("go.mod", []byte(newMod)); err != nil {
			return nil, err
		}
		if goSum != "" || len(dropped) > 0 {
			if err := w.write("go.sum", []byte(newSum)); err != nil {
				return nil, err
			}
		}
	}

	// The client package.
	client, err := GenerateClient(schema)
	if err != nil {
		return nil, err
	}
	if err := w.write("internal/dagger/dagger.gen.go", client); err != nil {
		return nil, err
	}
	rt, err := clientRuntimeFile()
	if err != nil {
		return nil, err
	}
	if err := w.write("internal/dagger/client.gen.go", rt); err != nil {
		return nil, err
	}

	// The entrypoint.
	mod, err := AnalyzeModule(schema, analysisDir, o.ModuleName, modPath)
	if err != nil {
		return nil, err
	}
	mainSrc, err := GenerateMain(schema, mod)
	if err != nil {
		return nil, err
	}
	if err := w.write("dagger.gen.go", mainSrc); err != nil {
		return nil, err
	}
	sort.Strings(w.files)
	sum.Files = w.files
	return sum, nil
}
