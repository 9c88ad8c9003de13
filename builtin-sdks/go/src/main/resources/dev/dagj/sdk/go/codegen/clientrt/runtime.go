// Package clientrt is the static half of the generated Dagger client.
//
// The code generator copies this file verbatim into a module's
// internal/dagger package (only the package clause is rewritten), next to the
// schema-specific types it generates. It therefore must only use the Go
// standard library and must not refer to any generated name.
//
// What lives here: the session transport (DAGGER_SESSION_PORT and
// DAGGER_SESSION_TOKEN), the lazy query builder (selection), GraphQL literal
// encoding of arguments (objects are resolved to their IDs first), and the
// error types (ExecError for failed execs).
package clientrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// DaggerObject is implemented by every API object that has an ID.
type DaggerObject interface {
	XXX_GraphQLType() string
	XXX_GraphQLIDType() string
	XXX_GraphQLID(ctx context.Context) (string, error)
}

// marshalCtx is used by MarshalJSON implementations, which have no context
// argument but must query the engine for object IDs.
var marshalCtx = context.Background()

// Optional is a function argument that may be left unset, telling "not
// given" apart from the zero value. Module functions take it as
// dagger.Optional[T]; the engine registers the argument as optional.
type Optional[T any] struct {
	value T
	isSet bool
}

// Opt returns an Optional holding v.
func Opt[T any](v T) Optional[T] {
	return Optional[T]{value: v, isSet: true}
}

// OptEmpty returns an unset Optional.
func OptEmpty[T any]() Optional[T] {
	return Optional[T]{}
}

// Get returns the value and whether it was set.
func (o *Optional[T]) Get() (T, bool) {
	return o.value, o.isSet
}

// GetOr returns the value when set, else defaultValue.
func (o *Optional[T]) GetOr(defaultValue T) T {
	if o.isSet {
		return o.value
	}
	return defaultValue
}

// MarshalJSON encodes the value, or null when unset.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if !o.isSet {
		return []byte("null"), nil
	}
	return json.Marshal(&o.value)
}

// UnmarshalJSON sets the value; null leaves the Optional unset.
func (o *Optional[T]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*o = Optional[T]{}
		return nil
	}
	if err := json.Unmarshal(data, &o.value); err != nil {
		return err
	}
	o.isSet = true
	return nil
}

// SetMarshalContext sets the context used when objects are JSON-encoded.
func SetMarshalContext(ctx context.Context) {
	marshalCtx = ctx
}

// assertNotNil panics when a required object argument is nil.
func assertNotNil(argName string, value any) {
	rv := reflect.ValueOf(value)
	if value == nil || (rv.Kind() == reflect.Ptr && rv.IsNil()) {
		panic(fmt.Sprintf("unexpected nil pointer for argument %q", argName))
	}
}

// ---------------------------------------------------------------------------
// Transport

// gqlClient sends GraphQL documents to the session endpoint.
type gqlClient struct {
	once     sync.Once
	endpoint string
	token    string
	initErr  error
	http     *http.Client
}

var defaultClient = &gqlClient{}

func (c *gqlClient) init() {
	c.once.Do(func() {
		port, ok := os.LookupEnv("DAGGER_SESSION_PORT")
		if !ok || port == "" {
			c.initErr = errors.New("DAGGER_SESSION_PORT is not set")
			return
		}
		if _, err := strconv.Atoi(port); err != nil {
			c.initErr = fmt.Errorf("DAGGER_SESSION_PORT %q is invalid: %w", port, err)
			return
		}
		token := os.Getenv("DAGGER_SESSION_TOKEN")
		if token == "" {
			c.initErr = errors.New("DAGGER_SESSION_TOKEN must be set if DAGGER_SESSION_PORT is set")
			return
		}
		c.endpoint = "http://127.0.0.1:" + port + "/query"
		c.token = token
		c.http = &http.Client{}
	})
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlErrorBody  `json:"errors"`
}

type gqlErrorBody struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// do posts one query and returns the raw "data" member.
func (c *gqlClient) do(ctx context.Context, query string) (json.RawMessage, error) {
	c.init()
	if c.initErr != nil {
		return nil, c.initErr
	}
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.token, "")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("dagger session request failed: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("dagger session response: %w", err)
	}
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("dagger session returned HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(raw)))
		}
		return nil, fmt.Errorf("dagger session returned invalid JSON: %w", err)
	}
	if len(out.Errors) > 0 {
		return nil, newQueryError(out.Errors)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("dagger session returned HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(raw)))
	}
	return out.Data, nil
}

// ExecuteRawQuery sends a GraphQL document as is and returns the "data"
// member of the response. The module entrypoint uses it to read the current
// function call in one request.
func ExecuteRawQuery(ctx context.Context, query string) (json.RawMessage, error) {
	return defaultClient.do(ctx, query)
}

// ---------------------------------------------------------------------------
// Errors

// GraphQLError is an error reported by the engine for a query.
type GraphQLError struct {
	Message       string
	Path          []any
	ExtensionsMap map[string]any
	// Others holds further errors of the same response, if any.
	Others []*GraphQLError
}

func (e *GraphQLError) Error() string { return e.Message }

// Extensions returns the error's GraphQL extensions.
func (e *GraphQLError) Extensions() map[string]any { return e.ExtensionsMap }

// ExecError is an API error from an exec operation.
type ExecError struct {
	original *GraphQLError
	Cmd      []string
	ExitCode int
	Stdout   string
	Stderr   string
}

func (e *ExecError) Error() string { return e.Message() }

// Message returns the engine's error message.
func (e *ExecError) Message() string { return e.original.Message }

// Extensions returns the error's GraphQL extensions.
func (e *ExecError) Extensions() map[string]any { return e.original.ExtensionsMap }

func (e *ExecError) Unwrap() error { return e.original }

func newQueryError(bodies []gqlErrorBody) error {
	errs := make([]*GraphQLError, len(bodies))
	for i, b := range bodies {
		errs[i] = &GraphQLError{Message: b.Message, Path: b.Path, ExtensionsMap: b.Extensions}
	}
	first := errs[0]
	first.Others = errs[1:]
	if typ, _ := first.ExtensionsMap["_type"].(string); strings.EqualFold(typ, "EXEC_ERROR") {
		ee := &ExecError{original: first}
		switch code := first.ExtensionsMap["exitCode"].(type) {
		case float64:
			ee.ExitCode = int(code)
		case json.Number:
			n, _ := code.Int64()
			ee.ExitCode = int(n)
		}
		if args, ok := first.ExtensionsMap["cmd"].([]any); ok {
			for _, a := range args {
				s, _ := a.(string)
				ee.Cmd = append(ee.Cmd, s)
			}
		}
		ee.Stdout, _ = first.ExtensionsMap["stdout"].(string)
		ee.Stderr, _ = first.ExtensionsMap["stderr"].(string)
		return ee
	}
	return first
}

// ---------------------------------------------------------------------------
// Query builder

type selArg struct {
	name  string
	value any
}

// selection is one step of a lazily built query: a field with its arguments,
// linked to the step before it. Selections are immutable once shared.
type selection struct {
	prev   *selection
	name   string
	args   []selArg
	sub    bool // name is a sub-selection of leaf fields, not a path step
	client *gqlClient
}

func newRootSelection(c *gqlClient) *selection {
	return &selection{client: c}
}

// Select appends a field to the chain.
func (s *selection) Select(name string) *selection {
	return &selection{prev: s, name: name, client: s.client}
}

// SelectFields appends a sub-selection of several leaf fields (for lists of
// objects); the result is decoded at the level of the previous step.
func (s *selection) SelectFields(names ...string) *selection {
	return &selection{prev: s, name: strings.Join(names, " "), sub: true, client: s.client}
}

// Arg returns a copy of the step with the argument set (replacing any
// previous value of the same name).
func (s *selection) Arg(name string, value any) *selection {
	c := *s
	c.args = make([]selArg, 0, len(s.args)+1)
	for _, a := range s.args {
		if a.name != name {
			c.args = append(c.args, a)
		}
	}
	c.args = append(c.args, selArg{name: name, value: value})
	return &c
}

// Root starts a new chain at the Query root of the same client.
func (s *selection) Root() *selection {
	return newRootSelection(s.client)
}

func (s *selection) path() []*selection {
	var out []*selection
	for cur := s; cur != nil && cur.prev != nil; cur = cur.prev {
		out = append(out, cur)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Build renders the GraphQL document, resolving object arguments to IDs.
func (s *selection) Build(ctx context.Context) (string, error) {
	steps := s.path()
	var b strings.Builder
	b.WriteString("query")
	for _, st := range steps {
		b.WriteString("{")
		b.WriteString(st.name)
		if len(st.args) > 0 {
			b.WriteString("(")
			for i, a := range st.args {
				if i > 0 {
					b.WriteString(",")
				}
				lit, err := GraphQLLiteral(ctx, a.value)
				if err != nil {
					return "", fmt.Errorf("argument %q of %q: %w", a.name, st.name, err)
				}
				b.WriteString(a.name)
				b.WriteString(":")
				b.WriteString(lit)
			}
			b.WriteString(")")
		}
	}
	for range steps {
		b.WriteString("}")
	}
	return b.String(), nil
}

// Execute runs the query and decodes the selected leaf into dest (which may
// be nil to discard it).
func (s *selection) Execute(ctx context.Context, dest any) error {
	q, err := s.Build(ctx)
	if err != nil {
		return err
	}
	client := s.client
	if client == nil {
		client = defaultClient
	}
	data, err := client.do(ctx, q)
	if err != nil {
		return err
	}
	if dest == nil {
		return nil
	}
	cur := data
	for _, st := range s.path() {
		if st.sub {
			break
		}
		var obj map[string]json.RawMessage
		if len(cur) == 0 || string(cur) == "null" {
			return nil
		}
		if err := json.Unmarshal(cur, &obj); err != nil {
			return fmt.Errorf("decode response at %q: %w", st.name, err)
		}
		cur = obj[st.name]
	}
	if len(cur) == 0 || string(cur) == "null" {
		return nil
	}
	if err := json.Unmarshal(cur, dest); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Argument literals

type graphQLEnum interface {
	IsEnum()
}

type idProvider interface {
	XXX_GraphQLID(ctx context.Context) (string, error)
}

type enumNamer interface {
	Name() string
}

func quoteString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// GraphQLLiteral renders a Go value as an inline GraphQL literal. API
// objects are replaced by their ID (which may take a query of its own),
// enums are written bare, input objects use their json field names.
func GraphQLLiteral(ctx context.Context, v any) (string, error) {
	if v == nil {
		return "null", nil
	}
	if obj, ok := v.(idProvider); ok {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Ptr && rv.IsNil() {
			return "null", nil
		}
		id, err := obj.XXX_GraphQLID(ctx)
		if err != nil {
			return "", err
		}
		return quoteString(id), nil
	}
	if _, ok := v.(graphQLEnum); ok {
		name := ""
		if n, ok := v.(enumNamer); ok {
			name = n.Name()
		}
		if name == "" {
			name = reflect.ValueOf(v).String()
		}
		return name, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Ptr, reflect.Interface:
		if rv.IsNil() {
			return "null", nil
		}
		return GraphQLLiteral(ctx, rv.Elem().Interface())
	case reflect.String:
		return quoteString(rv.String()), nil
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'g', -1, 64), nil
	case reflect.Slice, reflect.Array:
		parts := make([]string, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			p, err := GraphQLLiteral(ctx, rv.Index(i).Interface())
			if err != nil {
				return "", err
			}
			parts[i] = p
		}
		return "[" + strings.Join(parts, ",") + "]", nil
	case reflect.Map:
		keys := make([]string, 0, rv.Len())
		vals := map[string]reflect.Value{}
		for _, k := range rv.MapKeys() {
			ks := fmt.Sprint(k.Interface())
			keys = append(keys, ks)
			vals[ks] = rv.MapIndex(k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			p, err := GraphQLLiteral(ctx, vals[k].Interface())
			if err != nil {
				return "", err
			}
			parts = append(parts, k+":"+p)
		}
		return "{" + strings.Join(parts, ",") + "}", nil
	case reflect.Struct:
		t := rv.Type()
		var parts []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.PkgPath != "" {
				continue
			}
			name, omitEmpty := f.Name, false
			if tag, ok := f.Tag.Lookup("json"); ok {
				n, opts, _ := strings.Cut(tag, ",")
				if n == "-" {
					continue
				}
				if n != "" {
					name = n
				}
				omitEmpty = strings.Contains(opts, "omitempty")
			}
			fv := rv.Field(i)
			if omitEmpty && fv.IsZero() {
				continue
			}
			p, err := GraphQLLiteral(ctx, fv.Interface())
			if err != nil {
				return "", err
			}
			parts = append(parts, name+":"+p)
		}
		return "{" + strings.Join(parts, ",") + "}", nil
	}
	return "", fmt.Errorf("cannot encode %T as a GraphQL literal", v)
}

// isZeroValue reports whether an optional argument was left unset.
func isZeroValue(v any) bool {
	if v == nil {
		return true
	}
	return reflect.ValueOf(v).IsZero()
}

// enumFromJSON decodes an enum from its member name or value.
func enumFromJSON(data []byte, names, values []string) (string, error) {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return "", err
	}
	if s == "" {
		return "", nil
	}
	for i, n := range names {
		if n == s {
			return values[i], nil
		}
	}
	for _, v := range values {
		if v == s {
			return v, nil
		}
	}
	return "", fmt.Errorf("invalid enum value %q", s)
}

// enumToJSON encodes an enum as its member name.
func enumToJSON(value string, names, values []string) ([]byte, error) {
	if value == "" {
		return []byte(`""`), nil
	}
	for i, v := range values {
		if v == value {
			return json.Marshal(names[i])
		}
	}
	for _, n := range names {
		if n == value {
			return json.Marshal(n)
		}
	}
	return nil, fmt.Errorf("invalid enum value %q", value)
}

// enumName returns the member name of an enum value ("" if unknown).
func enumName(value string, names, values []string) string {
	for i, v := range values {
		if v == value {
			return names[i]
		}
	}
	return ""
}
