package main

import (
	"bytes"
	"encoding/json"
	"strings"
)

// pragma is one "+key" or "+key=value" line of a doc comment.
type pragma struct {
	// Raw is the value text: compact JSON when the value parsed as JSON,
	// otherwise the rest of the line. Empty for a bare "+key".
	Raw string
	// JSON is true when Raw is valid JSON.
	JSON bool
	// Set is false for a bare "+key" (no "=").
	Set bool
}

// String returns the value as a string: a JSON string is decoded, anything
// else is returned as written.
func (p pragma) String() string {
	if p.JSON {
		var s string
		if json.Unmarshal([]byte(p.Raw), &s) == nil {
			return s
		}
	}
	return p.Raw
}

// Bool returns the flag value: a bare "+key" is true.
func (p pragma) Bool() bool {
	if !p.Set {
		return true
	}
	return strings.TrimSpace(p.Raw) == "true"
}

// parsePragmas splits a comment into its pragmas and the remaining text.
// A pragma is "+key" at the end of a line or "+key=value", preceded by the
// start of the line or a blank, like Dagger's "+optional", "+default=..."
// or "+ignore=[...]". A value that parses as JSON may span several lines
// (as "+ignore" arrays often do); any other value runs to the end of its
// line.
func parsePragmas(text string) (map[string]pragma, string) {
	out := map[string]pragma{}
	var rest []string
	for text != "" {
		line, tail, _ := strings.Cut(text, "\n")
		text = tail
		at, key, hasValue := findPragma(line)
		if at < 0 {
			rest = append(rest, line)
			continue
		}
		if before := strings.TrimRight(line[:at], " \t"); before != "" {
			rest = append(rest, before)
		}
		if !hasValue {
			out[key] = pragma{}
			continue
		}
		eq := strings.Index(line[at:], "=") + at
		valueStart := strings.TrimLeft(line[eq+1:], " \t")
		if strings.TrimSpace(valueStart) == "" {
			out[key] = pragma{Set: true}
			continue
		}
		// Try JSON from here over the rest of the comment.
		remaining := valueStart
		if tail != "" {
			remaining += "\n" + tail
		}
		dec := json.NewDecoder(strings.NewReader(remaining))
		var v json.RawMessage
		if err := dec.Decode(&v); err == nil {
			after := remaining[int(dec.InputOffset()):]
			lineRest, nextText, _ := strings.Cut(after, "\n")
			if strings.TrimSpace(lineRest) == "" {
				var buf bytes.Buffer
				if json.Compact(&buf, v) == nil {
					out[key] = pragma{Raw: buf.String(), JSON: true, Set: true}
					text = nextText
					continue
				}
			}
		}
		out[key] = pragma{Raw: strings.TrimSpace(valueStart), Set: true}
	}
	return out, strings.TrimSpace(strings.Join(rest, "\n"))
}

// findPragma locates a pragma in a line: its start index, key, and
// whether "=value" follows. at is -1 when there is none.
func findPragma(line string) (at int, key string, hasValue bool) {
	for i := 0; i < len(line); i++ {
		if line[i] != '+' || (i > 0 && line[i-1] != ' ' && line[i-1] != '\t') {
			continue
		}
		j := i + 1
		for j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != '=' && line[j] != '\r' {
			j++
		}
		if j == i+1 {
			continue
		}
		key = line[i+1 : j]
		if j < len(line) && line[j] == '=' {
			return i, key, true
		}
		if strings.TrimSpace(line[j:]) == "" {
			return i, key, false
		}
	}
	return -1, "", false
}
