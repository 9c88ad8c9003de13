package main

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are words the official Go SDK writes in upper case
// (e.g. "id" -> "ID", "withSDK" -> "WithSDK").
var initialisms = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA SMTP SQL SSH TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS FS SDK LLM`) {
		initialisms[w] = true
	}
}

// goName turns a GraphQL name (type, field, argument) into the exported Go
// identifier the official SDK uses: first letter upper-cased, underscores
// removed, known initialisms upper-cased. "Query" becomes "Client".
func goName(s string) string {
	if s == "Query" {
		return "Client"
	}
	if s == "" {
		return s
	}
	// Split into words: a boundary follows a lower-case letter that is
	// followed by a non-lower-case rune; underscores separate words too.
	var words []string
	var cur []rune
	runes := []rune(s)
	for i, r := range runes {
		if r == '_' {
			if len(cur) > 0 {
				words = append(words, string(cur))
				cur = nil
			}
			continue
		}
		cur = append(cur, r)
		if i+1 < len(runes) && unicode.IsLower(r) && !unicode.IsLower(runes[i+1]) {
			words = append(words, string(cur))
			cur = nil
		}
	}
	if len(cur) > 0 {
		words = append(words, string(cur))
	}
	var b strings.Builder
	for _, w := range words {
		up := strings.ToUpper(w)
		if initialisms[up] {
			b.WriteString(up)
			continue
		}
		wr := []rune(w)
		wr[0] = unicode.ToUpper(wr[0])
		b.WriteString(string(wr))
	}
	return b.String()
}

// camelCase converts names like "my-module", "STRING_KIND" or "PerSession"
// to "MyModule", "StringKind", "PerSession": separators start a new word, a
// capital that follows a capital is lowered, a letter after a digit is
// raised. This matches the casing Dagger uses for main object names and for
// enum constants.
func camelCase(s string) string {
	var b strings.Builder
	capNext := true
	prevCap := false
	for _, r := range s {
		isUp := r >= 'A' && r <= 'Z'
		isLow := r >= 'a' && r <= 'z'
		isNum := r >= '0' && r <= '9'
		switch {
		case isUp || isLow:
			switch {
			case capNext:
				r = unicode.ToUpper(r)
			case prevCap && isUp:
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			capNext = false
		case isNum:
			b.WriteRune(r)
			capNext = true
		default:
			capNext = r == '_' || r == ' ' || r == '-' || r == '.'
			if !capNext && unicode.IsLetter(r) {
				b.WriteRune(r)
			}
		}
		prevCap = isUp
	}
	return b.String()
}

// lowerCamel lower-cases the first rune.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// reservedParams are identifiers the generated method bodies use.
var reservedParams = map[string]bool{"r": true, "q": true, "ctx": true, "opts": true, "i": true, "err": true, "response": true, "id": false}

// paramName makes a GraphQL argument name usable as a Go parameter name.
func paramName(s string) string {
	if token.IsKeyword(s) || reservedParams[s] || isPredeclared(s) {
		return s + "_"
	}
	return s
}

func isPredeclared(s string) bool {
	switch s {
	case "string", "int", "bool", "float64", "error", "any", "len", "cap", "new", "make", "append", "copy", "delete", "panic", "nil", "true", "false", "iota", "byte", "rune", "close", "print", "println", "real", "imag", "complex", "recover", "dagger", "json", "context", "fmt":
		return true
	}
	return false
}

// lowerCamel is the GraphQL name the engine serves a registered function or
// argument name under ("Foo" -> "foo", "URLPath" -> "urlPath", "ID" -> "id").
func lowerCamel(s string) string {
	if strings.ContainsAny(s, "-_ .") {
		s = camelCase(s)
	}
	rs := []rune(s)
	run := 0
	for run < len(rs) && unicode.IsUpper(rs[run]) {
		run++
	}
	if run == 0 {
		return s
	}
	if run > 1 && run < len(rs) && unicode.IsLower(rs[run]) {
		run--
	}
	return strings.ToLower(string(rs[:run])) + string(rs[run:])
}
