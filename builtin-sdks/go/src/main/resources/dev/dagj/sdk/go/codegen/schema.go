package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
)

// Schema is the subset of a standard GraphQL introspection result that the
// generator needs.
type Schema struct {
	QueryType *struct {
		Name string `json:"name"`
	} `json:"queryType"`
	Types []*SchemaType `json:"types"`

	byName map[string]*SchemaType
}

// SchemaType is one entry of __schema.types.
type SchemaType struct {
	Kind          string        `json:"kind"` // OBJECT, INPUT_OBJECT, ENUM, SCALAR, INTERFACE, UNION
	Name          string        `json:"name"`
	Description   string        `json:"description"`
	Fields        []*Field      `json:"fields"`
	InputFields   []*InputValue `json:"inputFields"`
	EnumValues    []*EnumValue  `json:"enumValues"`
	Interfaces    []*TypeRef    `json:"interfaces"`
	PossibleTypes []*TypeRef    `json:"possibleTypes"`
}

// Field is an object or interface field.
type Field struct {
	Name              string        `json:"name"`
	Description       string        `json:"description"`
	Args              []*InputValue `json:"args"`
	Type              *TypeRef      `json:"type"`
	IsDeprecated      bool          `json:"isDeprecated"`
	DeprecationReason string        `json:"deprecationReason"`
}

// InputValue is a field argument or an input object field.
type InputValue struct {
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	Type         *TypeRef `json:"type"`
	DefaultValue *string  `json:"defaultValue"`
}

// EnumValue is an enum member.
type EnumValue struct {
	Name              string `json:"name"`
	Description       string `json:"description"`
	IsDeprecated      bool   `json:"isDeprecated"`
	DeprecationReason string `json:"deprecationReason"`
}

// TypeRef is a (possibly wrapped) type reference.
type TypeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *TypeRef `json:"ofType"`
}

// NonNull reports whether the reference is a NON_NULL wrapper.
func (t *TypeRef) NonNull() bool { return t != nil && t.Kind == "NON_NULL" }

// Unwrap strips NON_NULL.
func (t *TypeRef) Unwrap() *TypeRef {
	if t.NonNull() {
		return t.OfType
	}
	return t
}

// IsList reports whether the reference (ignoring NON_NULL) is a list.
func (t *TypeRef) IsList() bool { return t.Unwrap().Kind == "LIST" }

// Named returns the innermost named type.
func (t *TypeRef) Named() *TypeRef {
	for t != nil && (t.Kind == "NON_NULL" || t.Kind == "LIST") {
		t = t.OfType
	}
	return t
}

// LoadSchema reads an introspection result, with or without a top-level
// "data" wrapper.
func LoadSchema(path string) (*Schema, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSchema(raw)
}

// ParseSchema parses an introspection result.
func ParseSchema(raw []byte) (*Schema, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, fmt.Errorf("introspection JSON: %w", err)
	}
	if data, ok := top["data"]; ok && len(top["__schema"]) == 0 {
		if err := json.Unmarshal(data, &top); err != nil {
			return nil, fmt.Errorf("introspection JSON data: %w", err)
		}
	}
	rawSchema, ok := top["__schema"]
	if !ok {
		return nil, errors.New(`introspection JSON has no "__schema" member`)
	}
	var s Schema
	if err := json.Unmarshal(rawSchema, &s); err != nil {
		return nil, fmt.Errorf("introspection JSON __schema: %w", err)
	}
	s.byName = map[string]*SchemaType{}
	for _, t := range s.Types {
		s.byName[t.Name] = t
	}
	s.typedIDs()
	if s.QueryType == nil {
		s.QueryType = &struct {
			Name string `json:"name"`
		}{Name: "Query"}
	}
	if s.Type(s.QueryType.Name) == nil {
		return nil, fmt.Errorf("introspection has no query type %q", s.QueryType.Name)
	}
	return &s, nil
}

// typedIDs gives objects whose id field has the generic type ID (Dagger
// v0.21 and dagj, where objects implement Node) the type of their own ID
// scalar when the schema has one (Directory.id: ID! becomes DirectoryID!), as
// in Dagger v0.19: ID(), load<T>FromID and object arguments then agree on one
// Go type, and module code written for the official SDK compiles.
func (s *Schema) typedIDs() {
	for _, t := range s.Types {
		if t.Kind != "OBJECT" {
			continue
		}
		f := t.Field("id")
		if f == nil || f.Type == nil {
			continue
		}
		named := f.Type.Named()
		own := s.byName[t.Name+"ID"]
		if named == nil || named.Kind != "SCALAR" || named.Name != "ID" || own == nil || own.Kind != "SCALAR" {
			continue
		}
		ref := &TypeRef{Kind: "SCALAR", Name: own.Name}
		if f.Type.NonNull() {
			ref = &TypeRef{Kind: "NON_NULL", OfType: ref}
		}
		f.Type = ref
	}
}

// Type returns a type by name, or nil.
func (s *Schema) Type(name string) *SchemaType { return s.byName[name] }

// Query returns the root query type.
func (s *Schema) Query() *SchemaType { return s.Type(s.QueryType.Name) }

// Field returns a field of a type, or nil.
func (t *SchemaType) Field(name string) *Field {
	if t == nil {
		return nil
	}
	for _, f := range t.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Arg returns an argument of a field, or nil.
func (f *Field) Arg(name string) *InputValue {
	if f == nil {
		return nil
	}
	for _, a := range f.Args {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// HasID reports whether objects of this type have an id field.
func (t *SchemaType) HasID() bool { return t.Field("id") != nil }

// sortedTypes returns the generatable types in name order.
func (s *Schema) sortedTypes() []*SchemaType {
	var out []*SchemaType
	for _, t := range s.Types {
		if len(t.Name) >= 2 && t.Name[:2] == "__" {
			continue
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Optional reports whether an argument may be left out.
func (a *InputValue) Optional() bool {
	return !a.Type.NonNull() || a.DefaultValue != nil
}
