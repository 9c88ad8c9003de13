// A tour of what a dagj module can do with the core API: strings with defaults, a directory transform that reads
// the module's own files by default, a container pipeline, a cache volume that outlives calls, an object returned
// and chained, and a function that fails with a clear error.
package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"dagger/showcase/internal/dagger"
)

type Showcase struct{}

// Greet someone
//
// Both arguments have defaults, so `dagger call greet` works without flags.
func (m *Showcase) Greet(
	// Who to greet
	// +optional
	// +default="world"
	name string,
	// The greeting word
	// +optional
	// +default="Hello"
	greeting string,
) string {
	return fmt.Sprintf("%s, %s!", greeting, name)
}

// Upper-case every file of a directory
//
// Without --source it reads the module's testdata directory.
func (m *Showcase) Shout(
	ctx context.Context,
	// The directory to transform
	// +defaultPath="testdata"
	source *dagger.Directory,
) (*dagger.Directory, error) {
	names, err := source.Entries(ctx)
	if err != nil {
		return nil, err
	}
	out := dag.Directory()
	for _, name := range names {
		if strings.HasSuffix(name, "/") {
			continue
		}
		contents, err := source.File(name).Contents(ctx)
		if err != nil {
			return nil, err
		}
		out = out.WithNewFile(name, strings.ToUpper(contents))
	}
	return out, nil
}

// Count the lines of every file in a directory, inside a container
func (m *Showcase) LineCount(
	ctx context.Context,
	// The directory whose files to count
	// +defaultPath="testdata"
	source *dagger.Directory,
	// The image to run in
	// +optional
	// +default="alpine:3.20"
	image string,
) (string, error) {
	return m.Base(image).
		WithMountedDirectory("/src", source).
		WithWorkdir("/src").
		WithExec([]string{"sh", "-c", "wc -l * | sort"}).
		Stdout(ctx)
}

// A container with a greeting file, ready for further chaining
func (m *Showcase) Base(
	// The image to start from
	// +optional
	// +default="alpine:3.20"
	image string,
) *dagger.Container {
	return dag.Container().
		From(image).
		WithNewFile("/greeting.txt", m.Greet("container", "Hello")).
		WithEnvVariable("SHOWCASE", "1")
}

// Record a visit in a cache volume and return how many were recorded so far
//
// The volume is namespaced to this module, kept across calls and sessions.
func (m *Showcase) Visits(
	ctx context.Context,
	// A value that makes each call distinct (for example the date)
	// +optional
	// +default="visit"
	tag string,
	// +optional
	// +default="alpine:3.20"
	image string,
) (string, error) {
	return m.Base(image).
		WithMountedCache("/cache", dag.CacheVolume("showcase-visits")).
		WithEnvVariable("TAG", tag).
		WithExec([]string{"sh", "-c", `echo "$TAG" >> /cache/visits && wc -l < /cache/visits`}).
		Stdout(ctx)
}

// A greeter object, to chain calls on
func (m *Showcase) Greeter(
	// Who the greeter greets
	name string,
) *Greeter {
	return &Greeter{Name: name, Punctuation: "."}
}

// Check that a version string looks like a semantic version, and fail clearly when it does not
func (m *Showcase) Release(
	// The version to release, like v1.2.3
	version string,
) (string, error) {
	if !semver.MatchString(version) {
		return "", fmt.Errorf("cannot release %q: the version must look like v1.2.3", version)
	}
	return "released " + version, nil
}

var semver = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)

// Greets one name, in a configurable tone
type Greeter struct {
	// Who is greeted
	Name string
	// What ends the greeting
	Punctuation string
}

// The same greeter, excited
func (g *Greeter) Loud() *Greeter {
	return &Greeter{Name: strings.ToUpper(g.Name), Punctuation: "!"}
}

// The greeting
func (g *Greeter) Message() string {
	return "Hello, " + g.Name + g.Punctuation
}
