// Go SDK features beyond plain strings, used by the CLI's end-to-end tests: dagger.Optional arguments, custom
// enums passed by name, lists of objects, variadic arguments, and struct fields that are renamed, private,
// embedded or unexported.
package main

import (
	"context"
	"fmt"
	"strings"

	"dagger/go-features/internal/dagger"
)

type GoFeatures struct{}

// Greet with an optional name and punctuation
func (m *GoFeatures) Hello(
	// Who to greet (default: stranger)
	name dagger.Optional[string],
	// How many exclamation marks (default: 1)
	excitement dagger.Optional[int],
) string {
	n, set := name.Get()
	if !set {
		n = "stranger"
	}
	return fmt.Sprintf("hello %s%s (name set: %v)", n, strings.Repeat("!", excitement.GetOr(1)), set)
}

// Count the entries of an optional directory (0 without one)
func (m *GoFeatures) CountEntries(ctx context.Context, dir dagger.Optional[*dagger.Directory]) (int, error) {
	d, ok := dir.Get()
	if !ok {
		return 0, nil
	}
	entries, err := d.Entries(ctx)
	return len(entries), err
}

// How loud to say something
type Volume string

const (
	// Barely audible
	VolumeQuiet Volume = "quiet"
	// Shouted
	VolumeLoud Volume = "loud"
)

// Say something at a volume
func (m *GoFeatures) Say(
	msg string,
	// +default="quiet"
	volume Volume,
) string {
	if volume == VolumeLoud {
		return strings.ToUpper(msg) + "!"
	}
	return strings.ToLower(msg) + "..."
}

// Pick the opposite volume
func (m *GoFeatures) Opposite(volume Volume) Volume {
	if volume == VolumeLoud {
		return VolumeQuiet
	}
	return VolumeLoud
}

// Optional enum: the volume, or "unset"
func (m *GoFeatures) MaybeVolume(volume dagger.Optional[Volume]) string {
	v, ok := volume.Get()
	if !ok {
		return "unset"
	}
	return string(v)
}

// Join words with a separator
func (m *GoFeatures) Join(sep string, words ...string) string {
	return strings.Join(words, sep)
}

// Make n items
func (m *GoFeatures) Items(n int) []*Item {
	var out []*Item
	for i := 0; i < n; i++ {
		out = append(out, &Item{Index: i, Label: fmt.Sprintf("item-%d", i), secret: "hidden", Token: "t"})
	}
	return out
}

// A record with renamed, private, embedded and unexported fields
func (m *GoFeatures) Record() *Record {
	return &Record{Base: Base{Origin: "base"}, DisplayName: "rec", Internal: "kept", note: "n"}
}

// An item of a list
type Item struct {
	// Position in the list
	Index int
	// Human label
	Label string `json:"label"`
	// +private
	Token  string
	secret string
}

// Describe the item, using its private and unexported state
func (i *Item) Describe() string {
	return fmt.Sprintf("%d:%s:%s:%s", i.Index, i.Label, i.Token, i.secret)
}

// Base is embedded in Record and not part of the API
type Base struct {
	Origin string
}

// A record
type Record struct {
	Base
	// Renamed with a json tag
	DisplayName string `json:"name"`
	// Kept between calls but not exposed
	// +private
	Internal string
	// Not serialized at all
	Ignored string `json:"-"`
	note    string
}

// What the record knows, including state the API does not show
func (r *Record) Dump() string {
	return fmt.Sprintf("name=%s internal=%s note=%s origin=%s ignored=%q", r.DisplayName, r.Internal, r.note, r.Origin, r.Ignored)
}
