// Rich exercises the dagj Go SDK code generator.
//
// It is a test fixture, not an example to follow.
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/example/richmod/internal/dagger"
)

// RichMod is the main object.
type RichMod struct {
	// The greeting prefix.
	Prefix string
	// +private
	Secret string
	count  int
	Ctr    *dagger.Container
}

// New builds the main object.
func New(
	// The greeting prefix
	// +default="Hello"
	prefix string,
	// +optional
	ctr *dagger.Container,
) *RichMod {
	return &RichMod{Prefix: prefix, Secret: "s3cr3t", count: 41, Ctr: ctr}
}

// Greet says hello.
//
// +cache="session"
func (m *RichMod) Greet(
	// Who to greet
	// +default="world"
	name string,
	shout bool, // Shout it +optional
	// +default=High
	sev Severity,
) string {
	msg := fmt.Sprintf("%s %s (%s)", m.Prefix, name, sev)
	if shout {
		msg = strings.ToUpper(msg)
	}
	return msg
}

// Count returns the private counter plus one.
func (m *RichMod) Count() int { return m.count + 1 }

// Reveal returns the private field.
func (m *RichMod) Reveal() string { return m.Secret }

// Files lists a directory that defaults to the module's context.
func (m *RichMod) Files(
	ctx context.Context,
	// The directory to list
	// +defaultPath="/"
	// +ignore=[
	//   "node_modules",
	//   "*.log"
	// ]
	dir *dagger.Directory,
) ([]string, error) {
	return dir.Entries(ctx)
}

// Maybe echoes an optional pointer argument.
func (m *RichMod) Maybe(n *int, tags ...string) string {
	if n == nil {
		return "nil " + strings.Join(tags, ",")
	}
	return fmt.Sprint(*n) + " " + strings.Join(tags, ",")
}

// Build returns an artifact.
func (m *RichMod) Build(name string, tags []string) *Artifact {
	return &Artifact{
		Name:  name,
		Tags:  tags,
		Ctr:   dag.Container().From("alpine").WithExec([]string{"echo", "built", name}),
		level: SeverityLow,
	}
}

// Fail always fails.
func (m *RichMod) Fail(ctx context.Context) error {
	return errors.New("this function always fails")
}

// Boom panics.
func (m *RichMod) Boom() string {
	panic("kaboom")
}

// Exec runs a command that exits with code 5.
func (m *RichMod) Exec(ctx context.Context) (string, error) {
	return dag.Container().From("alpine").WithExec([]string{"sh", "-c", "exit 5"}).Stdout(ctx)
}

// Nothing returns nothing.
func (m *RichMod) Nothing() {}

// Level picks a severity.
func (m *RichMod) Level(high bool) Severity {
	if high {
		return SeverityHigh
	}
	return SeverityLow
}

// Mounted uses core enums and a cache volume.
func (m *RichMod) Mounted(sharing dagger.CacheSharingMode) *dagger.Container {
	return dag.Container().From("alpine").WithMountedCache("/cache", dag.CacheVolume("c1"), dagger.ContainerWithMountedCacheOpts{Sharing: sharing}).WithExec([]string{"echo", "hi"}, dagger.ContainerWithExecOpts{Expect: dagger.ReturnTypeAny})
}
