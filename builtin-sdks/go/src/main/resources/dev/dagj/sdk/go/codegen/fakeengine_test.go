package main

// A fake engine for the end-to-end tests: an httptest GraphQL server that
// understands the inline-literal queries the generated client sends. Every
// object is the chain of calls that produced it (like a Dagger ID); "id"
// stores the chain in a table and returns "id-<n>". A few leaves are
// simulated (echo/grep/exit in withExec, withNewFile/entries/contents) and
// the module-runtime fields record what the module returns.

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
)

// ---------------------------------------------------------------------------
// A minimal GraphQL document parser.

type gqlField struct {
	Name string
	Args []gqlArg
	Sel  []*gqlField
}

type gqlArg struct {
	Name  string
	Value any // string, int64, float64, bool, nil, gqlEnum, []any, map[string]any
}

type gqlEnum string

type gqlParser struct {
	s   string
	pos int
}

func (p *gqlParser) ws() {
	for p.pos < len(p.s) && (unicode.IsSpace(rune(p.s[p.pos])) || p.s[p.pos] == ',') {
		p.pos++
	}
}

func (p *gqlParser) peek() byte {
	p.ws()
	if p.pos >= len(p.s) {
		return 0
	}
	return p.s[p.pos]
}

func (p *gqlParser) name() string {
	p.ws()
	start := p.pos
	for p.pos < len(p.s) && (p.s[p.pos] == '_' || unicode.IsLetter(rune(p.s[p.pos])) || unicode.IsDigit(rune(p.s[p.pos]))) {
		p.pos++
	}
	if start == p.pos {
		panic(fmt.Sprintf("gql: name expected at %d in %q", p.pos, p.s))
	}
	return p.s[start:p.pos]
}

func (p *gqlParser) expect(c byte) {
	if p.peek() != c {
		panic(fmt.Sprintf("gql: %q expected at %d in %q", c, p.pos, p.s))
	}
	p.pos++
}

func (p *gqlParser) value() any {
	switch c := p.peek(); {
	case c == '"':
		start := p.pos
		p.pos++
		for p.s[p.pos] != '"' {
			if p.s[p.pos] == '\\' {
				p.pos++
			}
			p.pos++
		}
		p.pos++
		var s string
		if err := json.Unmarshal([]byte(p.s[start:p.pos]), &s); err != nil {
			panic(err)
		}
		return s
	case c == '[':
		p.pos++
		out := []any{}
		for p.peek() != ']' {
			out = append(out, p.value())
		}
		p.pos++
		return out
	case c == '{':
		p.pos++
		out := map[string]any{}
		for p.peek() != '}' {
			k := p.name()
			p.expect(':')
			out[k] = p.value()
		}
		p.pos++
		return out
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.s) && strings.ContainsRune("0123456789.eE+-", rune(p.s[p.pos])) {
			p.pos++
		}
		txt := p.s[start:p.pos]
		if n, err := strconv.ParseInt(txt, 10, 64); err == nil {
			return n
		}
		f, _ := strconv.ParseFloat(txt, 64)
		return f
	}
	n := p.name()
	switch n {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	return gqlEnum(n)
}

func (p *gqlParser) selectionSet() []*gqlField {
	p.expect('{')
	var out []*gqlField
	for p.peek() != '}' {
		f := &gqlField{Name: p.name()}
		if p.peek() == '(' {
			p.pos++
			for p.peek() != ')' {
				n := p.name()
				p.expect(':')
				f.Args = append(f.Args, gqlArg{n, p.value()})
			}
			p.pos++
		}
		if p.peek() == '{' {
			f.Sel = p.selectionSet()
		}
		out = append(out, f)
	}
	p.pos++
	return out
}

func parseGQL(doc string) []*gqlField {
	p := &gqlParser{s: doc}
	if p.peek() != '{' {
		p.name() // "query"
	}
	return p.selectionSet()
}

// ---------------------------------------------------------------------------
// The engine.

type step struct {
	Field string
	Args  []gqlArg
}

type fakeObj struct {
	Type  string
	Chain []step
}

type fakeCall struct {
	ParentName string
	Name       string
	Parent     string // JSON text
	Args       [][2]string
}

type fakeEngine struct {
	t      *testing.T
	schema *Schema
	token  string
	srv    *httptest.Server

	mu          sync.Mutex
	ids         []fakeObj
	call        fakeCall
	returned    *string
	returnedErr *fakeObj
	queries     []string
}

type gqlFailure struct {
	msg string
	ext map[string]any
}

func newFakeEngine(t *testing.T, schema *Schema) *fakeEngine {
	e := &fakeEngine{t: t, schema: schema, token: "s3cret-token"}
	e.srv = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *fakeEngine) port() string {
	return e.srv.URL[strings.LastIndex(e.srv.URL, ":")+1:]
}

func (e *fakeEngine) reset(call fakeCall) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.call = call
	e.returned = nil
	e.returnedErr = nil
	e.queries = nil
}

func (e *fakeEngine) serve(w http.ResponseWriter, r *http.Request) {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(e.token+":"))
	if r.URL.Path != "/query" || r.Method != http.MethodPost || r.Header.Get("Authorization") != want {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"errors":[{"message":"unauthorized"}]}`))
		return
	}
	var body struct {
		Query string `json:"query"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.queries = append(e.queries, body.Query)
	resp := map[string]any{}
	func() {
		defer func() {
			if x := recover(); x != nil {
				f, ok := x.(gqlFailure)
				if !ok {
					f = gqlFailure{msg: fmt.Sprint(x)}
				}
				errBody := map[string]any{"message": f.msg}
				if f.ext != nil {
					errBody["extensions"] = f.ext
				}
				resp = map[string]any{"data": nil, "errors": []any{errBody}}
			}
		}()
		resp["data"] = e.resolve(parseGQL(body.Query), "Query", nil)
	}()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

func (e *fakeEngine) storeID(obj fakeObj) string {
	e.ids = append(e.ids, obj)
	return fmt.Sprintf("id-%d", len(e.ids)-1)
}

func (e *fakeEngine) load(id any) fakeObj {
	s, _ := id.(string)
	n, err := strconv.Atoi(strings.TrimPrefix(s, "id-"))
	if err != nil || n < 0 || n >= len(e.ids) {
		panic(gqlFailure{msg: fmt.Sprintf("invalid id %q", s)})
	}
	return e.ids[n]
}

func argOf(args []gqlArg, name string) any {
	for _, a := range args {
		if a.Name == name {
			return a.Value
		}
	}
	return nil
}

func (e *fakeEngine) resolve(sel []*gqlField, typeName string, chain []step) map[string]any {
	out := map[string]any{}
	t := e.schema.Type(typeName)
	for _, f := range sel {
		if f.Name == "__typename" {
			out[f.Name] = typeName
			continue
		}
		fd := t.Field(f.Name)
		if fd == nil {
			panic(gqlFailure{msg: fmt.Sprintf("Cannot query field %q on type %q", f.Name, typeName)})
		}
		named := fd.Type.Named()
		next := append(append([]step(nil), chain...), step{f.Name, f.Args})
		if named.Kind == "OBJECT" {
			if strings.HasPrefix(f.Name, "load") && strings.HasSuffix(f.Name, "FromID") {
				next = e.load(argOf(f.Args, "id")).Chain
			}
			if fd.Type.IsList() {
				n := e.listLen(typeName, f.Name, chain)
				items := []any{}
				for i := 0; i < n; i++ {
					item := append(append([]step(nil), next...), step{"__index", []gqlArg{{"i", int64(i)}}})
					items = append(items, e.resolve(f.Sel, named.Name, item))
				}
				out[f.Name] = items
				continue
			}
			out[f.Name] = e.resolve(f.Sel, named.Name, next)
			continue
		}
		out[f.Name] = e.leaf(typeName, f.Name, f.Args, chain)
	}
	return out
}

func (e *fakeEngine) listLen(typeName, field string, chain []step) int {
	switch typeName + "." + field {
	case "FunctionCall.inputArgs":
		return len(e.call.Args)
	case "Query.labels":
		return 2
	}
	return 0
}

// files collects the withNewFile steps of a directory chain.
func (e *fakeEngine) files(chain []step) map[string]string {
	files := map[string]string{}
	for _, s := range chain {
		if s.Field == "withNewFile" {
			files[argOf(s.Args, "path").(string)] = argOf(s.Args, "contents").(string)
		}
	}
	return files
}

func (e *fakeEngine) leaf(typeName, field string, args []gqlArg, chain []step) any {
	switch typeName + "." + field {
	case "Query.version":
		return "v0.19.11"
	case "FunctionCall.parentName":
		return e.call.ParentName
	case "FunctionCall.name":
		return e.call.Name
	case "FunctionCall.parent":
		if e.call.Parent == "" {
			return "{}"
		}
		return e.call.Parent
	case "FunctionCall.returnValue":
		v := argOf(args, "value").(string)
		e.returned = &v
		return nil
	case "FunctionCall.returnError":
		obj := e.load(argOf(args, "error"))
		e.returnedErr = &obj
		return nil
	case "FunctionCallArgValue.name", "FunctionCallArgValue.value":
		i := argOf(chain[len(chain)-1].Args, "i").(int64)
		if field == "name" {
			return e.call.Args[i][0]
		}
		return e.call.Args[i][1]
	case "Label.name":
		return fmt.Sprintf("label%d", argOf(chain[len(chain)-1].Args, "i"))
	case "Label.value":
		return "v"
	case "Directory.entries":
		var names []string
		for n := range e.files(chain) {
			names = append(names, n)
		}
		sort.Strings(names)
		if names == nil {
			names = []string{}
		}
		return names
	case "File.contents":
		last := chain[len(chain)-1]
		return e.files(chain)[argOf(last.Args, "path").(string)]
	case "Container.stdout":
		return e.stdout(chain)
	}
	if field == "id" || field == "sync" {
		return e.storeID(fakeObj{Type: typeName, Chain: chain})
	}
	panic(gqlFailure{msg: fmt.Sprintf("fake engine: no leaf %s.%s", typeName, field)})
}

func (e *fakeEngine) stdout(chain []step) string {
	var exec *step
	var mounted map[string]string
	for i := range chain {
		switch chain[i].Field {
		case "withExec":
			exec = &chain[i]
		case "withMountedDirectory":
			mounted = e.files(e.load(argOf(chain[i].Args, "source")).Chain)
		}
	}
	if exec == nil {
		return ""
	}
	var argv []string
	for _, a := range argOf(exec.Args, "args").([]any) {
		argv = append(argv, a.(string))
	}
	switch argv[0] {
	case "echo":
		return strings.Join(argv[1:], " ") + "\n"
	case "grep":
		pattern := argv[len(argv)-2]
		var names []string
		for n := range mounted {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, n := range names {
			for _, l := range strings.Split(mounted[n], "\n") {
				if strings.Contains(l, pattern) {
					fmt.Fprintf(&b, "./%s:%s\n", n, l)
				}
			}
		}
		return b.String()
	case "sh":
		panic(gqlFailure{msg: "process \"sh -c exit 5\" did not complete successfully: exit code: 5", ext: map[string]any{
			"_type": "EXEC_ERROR", "cmd": argv, "exitCode": 5, "stdout": "", "stderr": "oops\n",
		}})
	}
	return ""
}

// render prints an object's chain, expanding IDs found in arguments, so
// tests can assert on what a module built.
func (e *fakeEngine) render(obj fakeObj) string {
	var parts []string
	for _, s := range obj.Chain {
		var args []string
		for _, a := range s.Args {
			args = append(args, a.Name+":"+e.renderValue(a.Value))
		}
		p := s.Field
		if len(args) > 0 {
			p += "(" + strings.Join(args, ",") + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ".")
}

func (e *fakeEngine) renderValue(v any) string {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "id-") {
			if _, err := strconv.Atoi(x[3:]); err == nil {
				return "{" + e.render(e.load(x)) + "}"
			}
		}
		return strconv.Quote(x)
	case []any:
		var parts []string
		for _, el := range x {
			parts = append(parts, e.renderValue(el))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case gqlEnum:
		return string(x)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

// renderID renders the object of an ID given as a JSON string.
func (e *fakeEngine) renderJSONID(jsonText string) string {
	var id string
	if err := json.Unmarshal([]byte(jsonText), &id); err != nil {
		e.t.Fatalf("returned value %s is not a JSON string: %v", jsonText, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.render(e.load(id))
}

// newID stores a chain (for passing objects as arguments) and returns its ID.
func (e *fakeEngine) newID(typeName string, chain ...step) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.storeID(fakeObj{Type: typeName, Chain: chain})
}
