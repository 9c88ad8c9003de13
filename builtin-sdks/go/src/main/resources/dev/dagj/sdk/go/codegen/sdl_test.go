package main

// A tiny SDL reader for the test fixtures: it turns testdata/core.graphqls
// into the standard introspection JSON that graphql-java would produce, so the
// fixture stays readable. It understands just what the fixture uses.

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"
)

type sdlLexer struct {
	src []rune
	pos int
}

type sdlTok struct {
	kind string // name, str, num, punct, eof
	text string
}

func (l *sdlLexer) next() sdlTok {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == '#' {
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
			continue
		}
		if unicode.IsSpace(c) || c == ',' {
			l.pos++
			continue
		}
		break
	}
	if l.pos >= len(l.src) {
		return sdlTok{kind: "eof"}
	}
	c := l.src[l.pos]
	switch {
	case c == '"':
		start := l.pos
		l.pos++
		for l.src[l.pos] != '"' {
			if l.src[l.pos] == '\\' {
				l.pos++
			}
			l.pos++
		}
		l.pos++
		raw := string(l.src[start:l.pos])
		var s string
		if err := json.Unmarshal([]byte(raw), &s); err != nil {
			panic(err)
		}
		return sdlTok{kind: "str", text: s}
	case unicode.IsLetter(c) || c == '_':
		start := l.pos
		for l.pos < len(l.src) && (unicode.IsLetter(l.src[l.pos]) || unicode.IsDigit(l.src[l.pos]) || l.src[l.pos] == '_') {
			l.pos++
		}
		return sdlTok{kind: "name", text: string(l.src[start:l.pos])}
	case unicode.IsDigit(c) || c == '-':
		start := l.pos
		l.pos++
		for l.pos < len(l.src) && (unicode.IsDigit(l.src[l.pos]) || l.src[l.pos] == '.') {
			l.pos++
		}
		return sdlTok{kind: "num", text: string(l.src[start:l.pos])}
	}
	l.pos++
	return sdlTok{kind: "punct", text: string(c)}
}

type sdlParser struct {
	lex  *sdlLexer
	tok  sdlTok
	defs []map[string]any
	kind map[string]string
}

func (p *sdlParser) advance() sdlTok { t := p.tok; p.tok = p.lex.next(); return t }

func (p *sdlParser) expect(text string) {
	if p.tok.text != text {
		panic(fmt.Sprintf("sdl: expected %q, got %q", text, p.tok.text))
	}
	p.advance()
}

func (p *sdlParser) desc() string {
	if p.tok.kind == "str" {
		return p.advance().text
	}
	return ""
}

// value renders a default value literal back to GraphQL text.
func (p *sdlParser) value() string {
	t := p.advance()
	switch {
	case t.kind == "str":
		b, _ := json.Marshal(t.text)
		return string(b)
	case t.text == "[":
		var parts []string
		for p.tok.text != "]" {
			parts = append(parts, p.value())
		}
		p.advance()
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return t.text
}

// typeRef parses a type into a nested map with placeholder kinds.
func (p *sdlParser) typeRef() map[string]any {
	var ref map[string]any
	if p.tok.text == "[" {
		p.advance()
		inner := p.typeRef()
		p.expect("]")
		ref = map[string]any{"kind": "LIST", "name": nil, "ofType": inner}
	} else {
		ref = map[string]any{"kind": "?", "name": p.advance().text, "ofType": nil}
	}
	if p.tok.text == "!" {
		p.advance()
		ref = map[string]any{"kind": "NON_NULL", "name": nil, "ofType": ref}
	}
	return ref
}

func (p *sdlParser) directives() (bool, any) {
	deprecated, reason := false, any(nil)
	for p.tok.text == "@" {
		p.advance()
		name := p.advance().text
		if p.tok.text == "(" {
			p.advance()
			for p.tok.text != ")" {
				arg := p.advance().text
				p.expect(":")
				v := p.advance()
				if name == "deprecated" && arg == "reason" {
					reason = v.text
				}
			}
			p.advance()
		}
		if name == "deprecated" {
			deprecated = true
		}
	}
	return deprecated, reason
}

func (p *sdlParser) inputValues(close string) []any {
	var out []any
	for p.tok.text != close {
		d := p.desc()
		name := p.advance().text
		p.expect(":")
		typ := p.typeRef()
		var def any
		if p.tok.text == "=" {
			p.advance()
			def = p.value()
		}
		p.directives()
		out = append(out, map[string]any{"name": name, "description": d, "type": typ, "defaultValue": def})
	}
	p.advance()
	return out
}

func (p *sdlParser) parse() {
	for p.tok.kind != "eof" {
		d := p.desc()
		kw := p.advance().text
		name := p.advance().text
		def := map[string]any{"name": name, "description": d, "fields": nil, "inputFields": nil, "enumValues": nil, "interfaces": []any{}, "possibleTypes": nil}
		switch kw {
		case "scalar":
			def["kind"] = "SCALAR"
		case "enum":
			def["kind"] = "ENUM"
			p.expect("{")
			var vals []any
			for p.tok.text != "}" {
				vd := p.desc()
				vn := p.advance().text
				dep, reason := p.directives()
				vals = append(vals, map[string]any{"name": vn, "description": vd, "isDeprecated": dep, "deprecationReason": reason})
			}
			p.advance()
			def["enumValues"] = vals
		case "input":
			def["kind"] = "INPUT_OBJECT"
			p.expect("{")
			def["inputFields"] = p.inputValues("}")
		case "type", "interface":
			def["kind"] = "OBJECT"
			if kw == "interface" {
				def["kind"] = "INTERFACE"
			}
			p.expect("{")
			fields := []any{}
			for p.tok.text != "}" {
				fd := p.desc()
				fn := p.advance().text
				args := []any{}
				if p.tok.text == "(" {
					p.advance()
					args = p.inputValues(")")
				}
				p.expect(":")
				typ := p.typeRef()
				dep, reason := p.directives()
				fields = append(fields, map[string]any{"name": fn, "description": fd, "args": args, "type": typ, "isDeprecated": dep, "deprecationReason": reason})
			}
			p.advance()
			def["fields"] = fields
		default:
			panic("sdl: unknown definition " + kw)
		}
		p.kind[name] = def["kind"].(string)
		p.defs = append(p.defs, def)
	}
}

func (p *sdlParser) resolve(v any) {
	switch x := v.(type) {
	case map[string]any:
		if x["kind"] == "?" {
			k, ok := p.kind[x["name"].(string)]
			if !ok {
				panic("sdl: unknown type " + x["name"].(string))
			}
			x["kind"] = k
		}
		for _, c := range x {
			p.resolve(c)
		}
	case []any:
		for _, c := range x {
			p.resolve(c)
		}
	}
}

// sdlToIntrospection converts SDL text to introspection JSON (with a
// "data" wrapper, as a GraphQL response carries it).
func sdlToIntrospection(sdl string) []byte {
	p := &sdlParser{lex: &sdlLexer{src: []rune(sdl)}, kind: map[string]string{}}
	for _, b := range []string{"String", "Int", "Float", "Boolean"} {
		p.kind[b] = "SCALAR"
		p.defs = append(p.defs, map[string]any{"kind": "SCALAR", "name": b, "description": "Built-in scalar."})
	}
	p.advance()
	p.parse()
	for _, d := range p.defs {
		p.resolve(d)
	}
	types := make([]any, len(p.defs))
	for i, d := range p.defs {
		types[i] = d
	}
	out, err := json.MarshalIndent(map[string]any{"data": map[string]any{"__schema": map[string]any{
		"queryType": map[string]any{"name": "Query"}, "mutationType": nil, "subscriptionType": nil,
		"types": types, "directives": []any{},
	}}}, "", " ")
	if err != nil {
		panic(err)
	}
	return out
}

// fixtureIntrospection returns the test core schema as introspection JSON.
func fixtureIntrospection(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/core.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	return sdlToIntrospection(string(raw))
}

func fixtureSchema(t *testing.T) *Schema {
	t.Helper()
	s, err := ParseSchema(fixtureIntrospection(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
