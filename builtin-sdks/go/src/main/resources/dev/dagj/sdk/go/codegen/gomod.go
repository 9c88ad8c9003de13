package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// goModInfo is what the generator reads from an existing go.mod.
type goModInfo struct {
	ModulePath string
	Requires   []goModRequire
}

type goModRequire struct {
	Path     string
	Version  string
	Indirect bool
}

// stripComment removes a trailing "//" comment (go.mod has no string
// literals containing "//" in the directives we read).
func stripComment(line string) (string, string) {
	if i := strings.Index(line, "//"); i >= 0 {
		return strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+2:])
	}
	return strings.TrimSpace(line), ""
}

func unquoteModPath(s string) string {
	if strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "`") {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	return s
}

// parseGoMod reads the module path and requirements.
func parseGoMod(text string) goModInfo {
	var info goModInfo
	block := ""
	for _, raw := range strings.Split(text, "\n") {
		line, cmt := stripComment(raw)
		if line == "" {
			continue
		}
		if block != "" {
			if line == ")" {
				block = ""
				continue
			}
			if block == "require" {
				if f := strings.Fields(line); len(f) >= 2 {
					info.Requires = append(info.Requires, goModRequire{unquoteModPath(f[0]), f[1], strings.Contains(cmt, "indirect")})
				}
			}
			continue
		}
		f := strings.Fields(line)
		switch {
		case f[0] == "module" && len(f) >= 2:
			info.ModulePath = unquoteModPath(f[1])
		case len(f) == 2 && f[1] == "(":
			block = f[0]
		case f[0] == "require" && len(f) >= 3:
			info.Requires = append(info.Requires, goModRequire{unquoteModPath(f[1]), f[2], strings.Contains(cmt, "indirect")})
		}
	}
	return info
}

// moduleImports lists every import path of the module's own packages
// (skipping generated code, vendor, testdata and nested modules).
func moduleImports(srcDir string) (map[string]bool, error) {
	imports := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(srcDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(srcDir, path)
		if d.IsDir() {
			if rel == "." {
				return nil
			}
			base := d.Name()
			if base == "vendor" || base == "testdata" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
				return filepath.SkipDir
			}
			switch filepath.ToSlash(rel) {
			case "internal/dagger", "internal/querybuilder", "internal/telemetry":
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || rel == "dagger.gen.go" {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return fmt.Errorf("parse imports of %s: %w", rel, err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			imports[p] = true
		}
		return nil
	})
	return imports, err
}

// isStdlib reports whether an import path belongs to the standard library
// (its first element has no dot).
func isStdlib(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

// FixGoMod drops the requirements that no package of the module imports
// (and their go.sum lines), so a module whose code only imports the
// generated client and the standard library builds offline. When the code
// does import third-party packages, their requirements are kept and so are
// the "// indirect" ones (they may be needed by those packages); only
// unused direct requirements (typically the official SDK's own) are dropped.
// It returns the new go.mod and go.sum texts and the dropped module paths.
func FixGoMod(goMod, goSum string, imports map[string]bool) (string, string, []string) {
	info := parseGoMod(goMod)
	thirdParty := false
	for p := range imports {
		if !isStdlib(p) && p != info.ModulePath && !strings.HasPrefix(p, info.ModulePath+"/") {
			thirdParty = true
		}
	}
	used := func(modPath string) bool {
		for p := range imports {
			if p == modPath || strings.HasPrefix(p, modPath+"/") {
				return true
			}
		}
		return false
	}
	drop := map[string]bool{}
	for _, r := range info.Requires {
		if used(r.Path) || (thirdParty && r.Indirect) {
			continue
		}
		drop[r.Path] = true
	}
	var dropped []string
	for p := range drop {
		dropped = append(dropped, p)
	}
	sort.Strings(dropped)
	if len(drop) == 0 {
		return goMod, goSum, nil
	}

	var out []string
	block := ""
	for _, raw := range strings.Split(goMod, "\n") {
		line, _ := stripComment(raw)
		f := strings.Fields(line)
		if block != "" {
			if line == ")" {
				block = ""
				out = append(out, raw)
				continue
			}
			if (block == "require" || block == "replace" || block == "exclude") && len(f) >= 1 && drop[unquoteModPath(f[0])] {
				continue
			}
			out = append(out, raw)
			continue
		}
		if len(f) == 2 && f[1] == "(" {
			block = f[0]
			out = append(out, raw)
			continue
		}
		if len(f) >= 2 && (f[0] == "require" || f[0] == "replace" || f[0] == "exclude") && drop[unquoteModPath(f[1])] {
			continue
		}
		out = append(out, raw)
	}
	newMod := removeEmptyBlocks(strings.Join(out, "\n"))

	var sumLines []string
	for _, l := range strings.Split(goSum, "\n") {
		f := strings.Fields(l)
		if len(f) >= 1 && drop[f[0]] {
			continue
		}
		sumLines = append(sumLines, l)
	}
	return newMod, strings.Join(sumLines, "\n"), dropped
}

// removeEmptyBlocks deletes "require (\n)" blocks left empty.
func removeEmptyBlocks(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		f := strings.Fields(lines[i])
		if len(f) == 2 && f[1] == "(" && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == ")" {
			i++
			// also drop one blank line that preceded the block
			if len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == "" {
				out = out[:len(out)-1]
			}
			continue
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
}
