package main

import "strings"

// initMainGo is the main.go written for a new module. Its placeholders are
// replaced by initTemplate.
const initMainGo = `// A starter module for __NAME__, made by "dagger init"
//
// This file shows the shape of a Dagger module written in Go: a struct
// named after the module, whose exported methods become functions that can
// be called with "dagger call".
//
// Replace the two example functions below with your own. Doc comments become
// the descriptions shown by "dagger functions", and comments such as
// "// +optional" or "// +default=..." on parameters tune how they are exposed.

package main

import (
	"context"
	"__MODPATH__/internal/dagger"
)

type __OBJECT__ struct{}

// Returns a container that runs echo with the given string
func (m *__OBJECT__) ContainerEcho(stringArg string) *dagger.Container {
	return dag.Container().From("alpine:latest").WithExec([]string{"echo", stringArg})
}

// Returns the lines of the files in the given directory that match a pattern
func (m *__OBJECT__) GrepDir(ctx context.Context, directoryArg *dagger.Directory, pattern string) (string, error) {
	return dag.Container().
		From("alpine:latest").
		WithMountedDirectory("/mnt", directoryArg).
		WithWorkdir("/mnt").
		WithExec([]string{"grep", "-R", pattern, "."}).
		Stdout(ctx)
}
`

// initTemplate renders main.go for module name and Go module path.
func initTemplate(name, modPath string) string {
	r := strings.NewReplacer("__NAME__", camelCase(name), "__MODPATH__", modPath, "__OBJECT__", camelCase(name))
	return r.Replace(initMainGo)
}

// initGoMod renders the go.mod of a new module.
func initGoMod(modPath string) string {
	return "module " + modPath + "\n\ngo 1.21\n"
}
