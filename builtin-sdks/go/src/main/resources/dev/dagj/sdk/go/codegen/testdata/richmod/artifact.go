package main

import (
	"context"
	"strings"

	"github.com/example/richmod/internal/dagger"
)

// Severity of a message.
type Severity string

const (
	// Low severity.
	SeverityLow  Severity = "LOW"
	SeverityHigh Severity = "HIGH" // High severity.
)

// Artifact is something that was built.
type Artifact struct {
	// The artifact's name.
	Name string `json:"name"`
	Tags []string
	// The container the artifact was built in.
	Ctr   *dagger.Container
	level Severity
}

// Describe reads the build output.
func (a *Artifact) Describe(ctx context.Context) (string, error) {
	out, err := a.Ctr.Stdout(ctx)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out) + " [" + strings.Join(a.Tags, ",") + "] " + string(a.level), nil
}

// WithTag returns a copy with one more tag.
func (a Artifact) WithTag(tag string) Artifact {
	a.Tags = append(a.Tags, tag)
	return a
}
