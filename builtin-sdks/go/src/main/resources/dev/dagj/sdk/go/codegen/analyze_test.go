package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestParsePragmas(t *testing.T) {
	prags, rest := parsePragmas("Who to greet\n+optional\n+default=\"world\"\n+ignore=[\n  \"a\",\n  \"b\"\n]\nmore text +private\n+defaultPath=/src\n+x=1+1\n")
	if rest != "Who to greet\nmore text" {
		t.Errorf("rest = %q", rest)
	}
	want := map[string]pragma{
		"optional":    {},
		"default":     {Raw: `"world"`, JSON: true, Set: true},
		"ignore":      {Raw: `["a","b"]`, JSON: true, Set: true},
		"private":     {},
		"defaultPath": {Raw: "/src", Set: true},
		"x":           {Raw: "1+1", Set: true},
	}
	if !reflect.DeepEqual(prags, want) {
		t.Errorf("pragmas = %#v", prags)
	}
	if prags["default"].String() != "world" || prags["defaultPath"].String() != "/src" || !prags["optional"].Bool() {
		t.Error("pragma accessors")
	}
	// A "+" inside a word is not a pragma.
	if p, rest := parsePragmas("use a+b here"); len(p) != 0 || rest != "use a+b here" {
		t.Errorf("got %v %q", p, rest)
	}
}

func TestAnalyzeUnsupportedTypeNamesPosition(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod": "module dagger/bad\n\ngo 1.21\n",
		"main.go": `package main

import "dagger/bad/internal/dagger"

type Bad struct{}

func (m *Bad) Ok(s string) *dagger.Container { return nil }

func (m *Bad) Chan(c chan int) string { return "" }
`,
	})
	_, err := AnalyzeModule(fixtureSchema(t), dir, "bad", "dagger/bad")
	if err == nil || !strings.Contains(err.Error(), "main.go:9:") || !strings.Contains(err.Error(), "unsupported type chan int") || !strings.Contains(err.Error(), "Bad.Chan") {
		t.Fatalf("err = %v", err)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"no main object":    {"package main\n\ntype Other struct{}\n", `main object "Bad" not found`},
		"map param":         {"package main\n\ntype Bad struct{}\n\nfunc (m *Bad) F(x map[string]string) {}\n", "main.go:5:19: Bad.F: parameter x: unsupported type map[string]string"},
		"unknown dagger":    {"package main\n\nimport \"dagger/bad/internal/dagger\"\n\ntype Bad struct{}\n\nfunc (m *Bad) F() *dagger.Nope { return nil }\n", "main.go:7:19: Bad.F: result: unsupported type dagger.Nope"},
		"three results":     {"package main\n\ntype Bad struct{}\n\nfunc (m *Bad) F() (string, int, error) { return \"\", 0, nil }\n", "too many results"},
		"bad second":        {"package main\n\ntype Bad struct{}\n\nfunc (m *Bad) F() (string, int) { return \"\", 0 }\n", "the second result must be error"},
		"ctx not first":     {"package main\n\nimport \"context\"\n\ntype Bad struct{}\n\nfunc (m *Bad) F(s string, ctx context.Context) {}\n", "context.Context must be the first parameter"},
		"bad field":         {"package main\n\ntype Bad struct{ F func() }\n", "field Bad.F: unsupported type func()"},
		"bad enum default":  {"package main\n\ntype L string\n\nconst A L = \"A\"\n\ntype Bad struct{}\n\nfunc (m *Bad) F(\n\t// +default=Z\n\tl L,\n) {}\n", `+default "Z" is not a member of enum L`},
		"bad ignore":        {"package main\n\nimport \"dagger/bad/internal/dagger\"\n\ntype Bad struct{}\n\nfunc (m *Bad) F(\n\t// +ignore=nope\n\td *dagger.Directory,\n) {}\n", "+ignore must be a JSON array of strings"},
		"bad constructor":   {"package main\n\ntype Bad struct{}\n\nfunc New() string { return \"\" }\n", "constructor New must return *Bad"},
		"interface param":   {"package main\n\nimport \"context\"\n\ntype Fooer interface {\n\tFoo(ctx context.Context) (string, error)\n}\n\ntype Bad struct{}\n\nfunc (m *Bad) Use(ctx context.Context, f Fooer) error { return nil }\n", "main.go:11:42: Bad.Use: parameter f: main.go:5:12: interface Fooer must embed DaggerObject to be used as a module interface type"},
		"optional result":   {"package main\n\nimport \"dagger/bad/internal/dagger\"\n\ntype Bad struct{}\n\nfunc (m *Bad) F() dagger.Optional[string] { return dagger.Optional[string]{} }\n", "main.go:7:19: Bad.F: result: dagger.Optional[string]: dagger.Optional is only supported as the type of a parameter or a struct field"},
		"optional in list":  {"package main\n\nimport \"dagger/bad/internal/dagger\"\n\ntype Bad struct{}\n\nfunc (m *Bad) F(xs []dagger.Optional[int]) {}\n", "main.go:7:20: Bad.F: parameter xs: dagger.Optional[int]: dagger.Optional is only supported"},
		"optional variadic": {"package main\n\nimport \"dagger/bad/internal/dagger\"\n\ntype Bad struct{}\n\nfunc (m *Bad) F(xs ...dagger.Optional[int]) {}\n", "Bad.F: parameter xs: dagger.Optional[int]: dagger.Optional is only supported"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{"main.go": tc.src})
			_, err := AnalyzeModule(fixtureSchema(t), dir, "bad", "dagger/bad")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAnalyzeRichModule(t *testing.T) {
	mod, err := AnalyzeModule(fixtureSchema(t), "testdata/richmod", "rich-mod", "github.com/example/richmod")
	if err != nil {
		t.Fatal(err)
	}
	if mod.MainObject != "RichMod" || len(mod.Objects) != 2 || mod.Objects[1].Name != "Artifact" {
		t.Fatalf("objects: %+v", mod.Objects)
	}
	main := mod.Objects[0]
	var names []string
	for _, f := range main.Fields {
		names = append(names, f.JSONName)
		if (f.JSONName == "Secret" || f.JSONName == "count") == f.Exposed {
			t.Errorf("field %s exposed=%v", f.JSONName, f.Exposed)
		}
	}
	if strings.Join(names, ",") != "Prefix,Secret,count,Ctr" {
		t.Errorf("fields: %v", names)
	}
	greet := main.Methods[0]
	if greet.Name != "Greet" || greet.CachePolicy != "session" || greet.HasCtx || len(greet.Params) != 3 {
		t.Fatalf("Greet: %+v", greet)
	}
	if p := greet.Params[0]; p.Default != `"world"` || p.Doc != "Who to greet" || p.Optional {
		t.Errorf("name param: %+v", p)
	}
	if p := greet.Params[1]; !p.Optional || p.Doc != "Shout it" {
		t.Errorf("shout param: %+v", p)
	}
	if p := greet.Params[2]; p.Default != `"HIGH"` || p.Type.Kind != KUserEnum {
		t.Errorf("sev param: %+v", p)
	}
	if len(mod.Enums) != 1 || mod.Enums[0].Members[0].Name != "LOW" || mod.Enums[0].Members[0].Value != "LOW" || mod.Enums[0].Members[1].Doc != "High severity." {
		t.Errorf("enums: %+v", mod.Enums[0].Members)
	}
	if main.Constructor == nil || len(main.Constructor.Params) != 2 {
		t.Errorf("constructor: %+v", main.Constructor)
	}
}

func TestAnalyzeOptionalAndEmbedded(t *testing.T) {
	dir := writeModule(t, map[string]string{"main.go": `package main

import "dagger/ok/internal/dagger"

type Base struct{ Origin string }

type Ok struct {
	Base
	*Other
	Maybe dagger.Optional[string]
}

type Other struct{ X int }

func (m *Ok) F(
	s dagger.Optional[string],
	// +optional
	d dagger.Optional[*dagger.Directory],
	l dagger.Optional[[]int],
) {}
`})
	mod, err := AnalyzeModule(fixtureSchema(t), dir, "ok", "dagger/ok")
	if err != nil {
		t.Fatal(err)
	}
	main := mod.Objects[0]
	var got []string
	for _, f := range main.Fields {
		got = append(got, fmt.Sprintf("%s:%s:%v", f.JSONName, f.Embedded, f.Exposed))
	}
	if strings.Join(got, ",") != "Base:Base:false,Other:*Other:false,Maybe::true" {
		t.Errorf("fields: %v", got)
	}
	if main.Fields[2].Type.Expr() != "dagger.Optional[string]" {
		t.Errorf("field type: %s", main.Fields[2].Type.Expr())
	}
	var exprs []string
	for _, p := range main.Methods[0].Params {
		if !p.Optional {
			t.Errorf("param %s is not optional", p.Name)
		}
		exprs = append(exprs, p.Type.Expr())
	}
	if strings.Join(exprs, " ") != "dagger.Optional[string] dagger.Optional[*dagger.Directory] dagger.Optional[[]int]" {
		t.Errorf("param types: %v", exprs)
	}
}

func TestScreamingSnake(t *testing.T) {
	for in, want := range map[string]string{
		"High": "HIGH", "Low": "LOW", "HTTPServer": "HTTP_SERVER", "V2Beta": "V_2_BETA", "already_snake": "ALREADY_SNAKE",
		"TLS": "TLS", "anyKind": "ANY_KIND", "numbers2and55with000": "NUMBERS_2_AND_55_WITH_000",
	} {
		if got := screamingSnake(in); got != want {
			t.Errorf("screamingSnake(%q) = %q, want %q", in, got, want)
		}
	}
}
