package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ifaceModule = `package main

import (
	"context"

	"dagger/shapes/internal/dagger"
)

// Something with a name
type Named interface {
	DaggerObject
	// The name
	Name(ctx context.Context) (string, error)
	Greet(ctx context.Context, greeting string, times int) (string, error)
	Dir(ctx context.Context) (*dagger.Directory, error)
	Check(ctx context.Context) error
	// A renamed copy (chainable: no context, no error)
	Renamed(prefix string) Named
}

type Shapes struct {
	Pet Named
}

func New(pet Named) *Shapes {
	return &Shapes{Pet: pet}
}

func (m *Shapes) Hello(ctx context.Context, who Named) (string, error) {
	n, err := who.Name(ctx)
	return "hello " + n, err
}

func (m *Shapes) Maybe(
	ctx context.Context,
	// +optional
	who Named,
) (string, error) {
	if who == nil {
		return "nobody", nil
	}
	return who.Greet(ctx, "hi", 2)
}

func (m *Shapes) Same(who Named) Named {
	return who.Renamed("x")
}

func (m *Shapes) Count(all []Named) int {
	return len(all)
}
`

func TestAnalyzeInterface(t *testing.T) {
	dir := writeModule(t, map[string]string{"go.mod": "module dagger/shapes\n\ngo 1.21\n", "main.go": ifaceModule})
	mod, err := AnalyzeModule(fixtureSchema(t), dir, "shapes", "dagger/shapes")
	if err != nil {
		t.Fatal(err)
	}
	if len(mod.Interfaces) != 1 {
		t.Fatalf("interfaces = %v", mod.Interfaces)
	}
	it := mod.Interfaces[0]
	if it.Name != "Named" || strings.TrimSpace(it.Doc) != "Something with a name" {
		t.Errorf("interface = %q %q", it.Name, it.Doc)
	}
	var names []string
	for _, m := range it.Methods {
		names = append(names, m.Name)
	}
	if strings.Join(names, ",") != "Name,Greet,Dir,Check,Renamed" {
		t.Errorf("methods = %v", names)
	}
	greet := it.Methods[1]
	if !greet.HasCtx || len(greet.Params) != 2 || greet.Params[1].Type.Kind != KInt || greet.Result.Kind != KString || !greet.ReturnsErr {
		t.Errorf("Greet = %+v", greet)
	}
	if r := it.Methods[4].Result; r == nil || r.Kind != KUserIface || r.Name != "Named" {
		t.Errorf("Renamed result = %+v", r)
	}
	hello := mod.Objects[0].Methods[0]
	if hello.Params[0].Type.Kind != KUserIface || hello.Params[0].Type.Expr() != "Named" {
		t.Errorf("Hello param = %+v", hello.Params[0].Type)
	}
	if f := mod.Objects[0].Fields[0]; f.Type.Kind != KUserIface {
		t.Errorf("field Pet = %+v", f.Type)
	}
}

func TestAnalyzeInterfaceErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"no DaggerObject": {"package main\n\nimport \"context\"\n\ntype Bad struct{}\n\ntype Fooer interface {\n\tFoo(ctx context.Context) (string, error)\n}\n\nfunc (m *Bad) F(f Fooer) {}\n",
			"main.go:7:12: interface Fooer must embed DaggerObject to be used as a module interface type"},
		"only DaggerObject": {"package main\n\ntype Bad struct{}\n\ntype Fooer interface {\n\tDaggerObject\n}\n\nfunc (m *Bad) F(f Fooer) {}\n",
			"interface Fooer has no methods besides DaggerObject"},
		"other embed": {"package main\n\nimport \"io\"\n\ntype Bad struct{}\n\ntype Fooer interface {\n\tDaggerObject\n\tio.Reader\n}\n\nfunc (m *Bad) F(f Fooer) {}\n",
			"interface Fooer: embedded io.Reader is not supported"},
		"bad method type": {"package main\n\ntype Bad struct{}\n\ntype Fooer interface {\n\tDaggerObject\n\tFoo(c chan int) string\n}\n\nfunc (m *Bad) F(f Fooer) {}\n",
			"Fooer.Foo: parameter c: unsupported type chan int"},
		"struct result": {"package main\n\ntype Bad struct{}\n\ntype Fooer interface {\n\tDaggerObject\n\tFoo() *Bad\n}\n\nfunc (m *Bad) F(f Fooer) {}\n",
			"Fooer.Foo: result: an interface method cannot return a struct of the module (Bad)"},
		"list of lists param": {"package main\n\nimport \"context\"\n\ntype Bad struct{}\n\ntype Fooer interface {\n\tDaggerObject\n\tFoo(ctx context.Context) (string, error)\n}\n\nfunc (m *Bad) F(f [][]Fooer) {}\n",
			"Bad.F: parameter f: lists of lists of interfaces are not supported"},
		"pointer param": {"package main\n\nimport \"context\"\n\ntype Bad struct{}\n\ntype Fooer interface {\n\tDaggerObject\n\tFoo(ctx context.Context) (string, error)\n}\n\nfunc (m *Bad) F(f *Fooer) {}\n",
			"Bad.F: parameter f: take the interface Fooer itself"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{"go.mod": "module dagger/bad\n\ngo 1.21\n", "main.go": tc.src})
			_, err := AnalyzeModule(fixtureSchema(t), dir, "bad", "dagger/bad")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLowerCamel(t *testing.T) {
	for in, want := range map[string]string{"Foo": "foo", "URLPath": "urlPath", "ID": "id", "bar": "bar", "GetHTTP": "getHTTP", "my_arg": "myArg"} {
		if got := lowerCamel(in); got != want {
			t.Errorf("lowerCamel(%q) = %q, want %q", in, got, want)
		}
	}
}

// The generated entrypoint compiles and vets with an interface used as an
// argument, a result, a constructor argument and a field, and registers it
// with withInterface and its functions.
func TestE2EInterfaceRegistration(t *testing.T) {
	src := writeModule(t, map[string]string{"go.mod": "module dagger/shapes\n\ngo 1.21\n", "main.go": ifaceModule})
	m := generateAndBuild(t, src, "shapes")
	gen, err := os.ReadFile(filepath.Join(m.dir, "dagger.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, "dagger.gen.go", string(gen),
		"type dagjIfaceNamed struct",
		`"loadNamedFromID(id: "`,
		`dagjIfaceField(ctx, "greet", []dagjIfaceArg{{"greeting", p0, false}, {"times", p1, false}})`)
	e := newFakeEngine(t, fixtureSchema(t))
	reg := e.renderJSONID(m.mustReturn(t, e, fakeCall{}))
	assertContains(t, "registration", reg,
		`typeDef.withInterface(name:"Named",description:"Something with a name")`,
		`withFunction(function:{function(name:"Greet",returnType:{typeDef.withKind(kind:STRING_KIND)})`,
		`withArg(name:"times",typeDef:{typeDef.withKind(kind:INTEGER_KIND)})`,
		`withFunction(function:{function(name:"Dir",returnType:{typeDef.withObject(name:"Directory")})`,
		`withFunction(function:{function(name:"Renamed",returnType:{typeDef.withInterface(name:"Named")})`,
		`withArg(name:"who",typeDef:{typeDef.withInterface(name:"Named")})`,
		`withArg(name:"all",typeDef:{typeDef.withListOf(elementType:{typeDef.withInterface(name:"Named")})})`,
		`withField(name:"Pet",typeDef:{typeDef.withInterface(name:"Named")})`,
		`.withInterface(iface:{typeDef.withInterface(name:"Named"`)
	// Without an argument the optional interface is nil; the function is not
	// called through the engine at all.
	if got := m.mustReturn(t, e, fakeCall{ParentName: "Shapes", Name: "Maybe", Parent: "{}"}); got != jsonArg("nobody") {
		t.Errorf("Maybe() = %s", got)
	}
	// A list of interface values arrives as a list of IDs, one value each.
	if got := m.mustReturn(t, e, fakeCall{ParentName: "Shapes", Name: "Count", Parent: "{}",
		Args: [][2]string{{"all", `["a","b","c"]`}}}); got != "3" {
		t.Errorf("Count() = %s", got)
	}
}
