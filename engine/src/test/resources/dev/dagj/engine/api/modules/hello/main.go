// A module for the engine's end-to-end tests.
package main

import (
	"context"
	"errors"
	"os"
	"strings"

	"dagger/hello/internal/dagger"
)

type Hello struct {
	Prefix string
}

func New(
	// +optional
	// +default="Hello"
	prefix string,
) *Hello {
	return &Hello{Prefix: prefix}
}

// Greet says hello to someone.
func (h *Hello) Greet(
	// +optional
	// +default="world"
	name string,
) string {
	return h.Prefix + ", " + name + "!"
}

// Shout upper-cases a list of words.
func (h *Hello) Shout(words []string, count int) []string {
	out := []string{}
	for i := 0; i < count; i++ {
		out = append(out, strings.ToUpper(strings.Join(words, " ")))
	}
	return out
}

// Entries lists a directory.
func (h *Hello) Entries(ctx context.Context, dir *dagger.Directory) ([]string, error) {
	return dir.Entries(ctx)
}

// MakeDir returns a new directory.
func (h *Hello) MakeDir(name string) *dagger.Directory {
	return dag.Directory().WithNewFile(name, "made by "+h.Prefix)
}

// WithSuffix returns another object.
func (h *Hello) WithSuffix(suffix string) *Sub {
	return &Sub{Base: h.Prefix, Suffix: suffix}
}

// Sub is a chained object.
type Sub struct {
	Base   string
	Suffix string
}

// Render joins the parts.
func (s *Sub) Render() string {
	return s.Base + s.Suffix
}

// More chains again.
func (s *Sub) More(extra string) *Sub {
	return &Sub{Base: s.Base + s.Suffix, Suffix: extra}
}

// SecretLength reads a secret passed in by the caller.
func (h *Hello) SecretLength(ctx context.Context, s *dagger.Secret) (int, error) {
	p, err := s.Plaintext(ctx)
	return len(p), err
}

// MakeSecret sets a secret inside the function and returns it.
func (h *Hello) MakeSecret() *dagger.Secret {
	return dag.SetSecret("made", "set by "+h.Prefix)
}

// Fail returns an error.
func (h *Hello) Fail(msg string) (string, error) {
	return "", errors.New("failed: " + msg)
}

// Boom panics.
func (h *Hello) Boom() string {
	panic("boom")
}

// Exit exits the process.
func (h *Hello) Exit(code int) string {
	os.Exit(code)
	return ""
}
