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
// A pragma is a line starting with "+" (after blanks), like Dagger's
// "+optional", "+default=..." or "+ignore=[...]". A value that parses as
// JSON may span several lines (as "+ignore" arrays often do); any other value
// runs to the end of its line.
func parsePragmas(text string) (map[string]pragma, string) {
	out := map[string]pragma{}
	var rest []string
	for text != "" {
		line, tail, _ := strings.Cut(text, "\n")
		trimmed := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(trimmed, "+") {
			rest = append(rest, line)
			text = tail
			continue
		}
		body := strings.TrimLeft(trimmed[1:], " \t")
		end := strings.IndexAny(body, "= \t\r")
		if end < 0 {
			out[body] = pragma{}
			text = tail
			continue
		}
		key := body[:end]
		if key == "" {
			rest = append(rest, line)
			text = tail
			continue
		}
		after := strings.TrimLeft(body[end:], " \t")
		if !strings.HasPrefix(after, "=") {
			out[key] = pragma{}
			text = tail
			continue
		}
		// Value: try JSON from here over the rest of the comment.
		valueStart := strings.TrimLeft(after[1:], " \t")
		if strings.TrimSpace(valueStart) == "" {
			out[key] = pragma{Set: true}
			text = tail
			continue
		}
		remaining := valueStart
		if tail != "" {
			remaining += "\n" + tail
		}
		dec := json.NewDecoder(strings.NewReader(remaining))
		var v json.RawMessage
		if err := dec.Decode(&v); err == nil {
			consumed := int(dec.InputOffset())
			// The value must end its line.
			after := remaining[consumed:]
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
		text = tail
	}
	return out, strings.TrimSpace(strings.Join(rest, "\n"))
}
