package main

// End-to-end: generate for a module, build it offline with the host Go
// toolchain, and run the binary against the fake engine for registration
// and for calls.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type builtModule struct {
	dir     string
	bin     string
	summary *Summary
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// generateAndBuild runs the generator on src (read as is), overlays the
// output on a copy of src and builds it offline.
func generateAndBuild(t *testing.T, src, name string) *builtModule {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go toolchain on PATH")
	}
	tmp := t.TempDir()
	schemaPath := filepath.Join(tmp, "schema.json")
	if err := os.WriteFile(schemaPath, fixtureIntrospection(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out")
	sum, err := Run(Options{Introspection: schemaPath, Source: src, ModuleName: name, Output: out})
	if err != nil {
		t.Fatalf("codegen: %v", err)
	}
	build := filepath.Join(tmp, "build")
	if src != "" {
		if _, err := os.Stat(src); err == nil {
			copyTree(t, src, build)
		}
	}
	copyTree(t, out, build)
	bin := filepath.Join(tmp, "runtime")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = build
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=0", "GOTOOLCHAIN=local", "GOWORK=off")
	if outp, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build failed: %v\n%s", err, outp)
	}
	vet := exec.Command("go", "vet", "./...")
	vet.Dir = build
	vet.Env = cmd.Env
	if outp, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("go vet failed: %v\n%s", err, outp)
	}
	return &builtModule{dir: build, bin: bin, summary: sum}
}

type runResult struct {
	exitCode    int
	stderr      string
	returned    *string
	returnedErr string
}

// run executes the module binary for one function call.
func (m *builtModule) run(t *testing.T, e *fakeEngine, call fakeCall) runResult {
	t.Helper()
	e.reset(call)
	cmd := exec.Command(m.bin)
	cmd.Env = append(os.Environ(), "DAGGER_SESSION_PORT="+e.port(), "DAGGER_SESSION_TOKEN="+e.token)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("module binary timed out")
	}
	res := runResult{stderr: stderr.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		res.exitCode = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	res.returned = e.returned
	if e.returnedErr != nil {
		res.returnedErr = e.render(*e.returnedErr)
	}
	return res
}

func (m *builtModule) mustReturn(t *testing.T, e *fakeEngine, call fakeCall) string {
	t.Helper()
	r := m.run(t, e, call)
	if r.exitCode != 0 || r.returned == nil {
		t.Fatalf("call %s.%s: exit %d, returned %v, error %q\nstderr:\n%s", call.ParentName, call.Name, r.exitCode, r.returned, r.returnedErr, r.stderr)
	}
	return *r.returned
}

func assertContains(t *testing.T, what, haystack string, needles ...string) {
	t.Helper()
	for _, n := range needles {
		if !strings.Contains(haystack, n) {
			t.Errorf("%s does not contain %q\n--- got:\n%s", what, n, haystack)
		}
	}
}

func jsonArg(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestE2EInitTemplate(t *testing.T) {
	src := filepath.Join(t.TempDir(), "empty")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	m := generateAndBuild(t, src, "my-module")
	if !m.summary.Initialized || m.summary.ModulePath != "dagger/my-module" {
		t.Fatalf("summary: %+v", m.summary)
	}
	goMod, _ := os.ReadFile(filepath.Join(m.dir, "go.mod"))
	if string(goMod) != "module dagger/my-module\n\ngo 1.21\n" {
		t.Errorf("go.mod = %q", goMod)
	}
	mainGo, _ := os.ReadFile(filepath.Join(m.dir, "main.go"))
	assertContains(t, "main.go", string(mainGo), "type MyModule struct{}", `"dagger/my-module/internal/dagger"`,
		"func (m *MyModule) ContainerEcho(stringArg string) *dagger.Container",
		"func (m *MyModule) GrepDir(ctx context.Context, directoryArg *dagger.Directory, pattern string) (string, error)")

	e := newFakeEngine(t, fixtureSchema(t))
	reg := m.mustReturn(t, e, fakeCall{})
	assertContains(t, "registration", e.renderJSONID(reg),
		`module.withObject(object:{typeDef.withObject(name:"MyModule")`,
		`withFunction(function:{function(name:"ContainerEcho",returnType:{typeDef.withObject(name:"Container")}).withDescription(description:"Returns a container that runs echo with the given string").withArg(name:"stringArg",typeDef:{typeDef.withKind(kind:STRING_KIND)})})`,
		`function(name:"GrepDir",returnType:{typeDef.withKind(kind:STRING_KIND)})`,
		`withArg(name:"directoryArg",typeDef:{typeDef.withObject(name:"Directory")})`)

	got := m.mustReturn(t, e, fakeCall{ParentName: "MyModule", Name: "ContainerEcho", Parent: "{}", Args: [][2]string{{"stringArg", jsonArg("hello")}}})
	if r := e.renderJSONID(got); r != `container.from(address:"alpine:latest").withExec(args:["echo","hello"])` {
		t.Errorf("ContainerEcho returned %s", r)
	}
	dir := e.newID("Directory", step{"directory", nil},
		step{"withNewFile", []gqlArg{{"path", "a.txt"}, {"contents", "foo\nbar\nfood"}}},
		step{"withNewFile", []gqlArg{{"path", "b.txt"}, {"contents", "nothing"}}})
	got = m.mustReturn(t, e, fakeCall{ParentName: "MyModule", Name: "GrepDir", Parent: "{}", Args: [][2]string{{"directoryArg", jsonArg(dir)}, {"pattern", jsonArg("foo")}}})
	if got != jsonArg("./a.txt:foo\n./a.txt:food\n") {
		t.Errorf("GrepDir returned %s", got)
	}
	// The object argument is resolved to its ID first, then inlined.
	assertContains(t, "queries", strings.Join(e.queries, "\n"), `query{loadDirectoryFromID(id:"`+dir+`"){id}}`, `{withMountedDirectory(path:"/mnt",source:"id-`)
}

func TestE2ERichModule(t *testing.T) {
	src, err := filepath.Abs("testdata/richmod")
	if err != nil {
		t.Fatal(err)
	}
	m := generateAndBuild(t, src, "rich-mod")
	if m.summary.Initialized || m.summary.ModulePath != "github.com/example/richmod" {
		t.Fatalf("summary: %+v", m.summary)
	}
	if len(m.summary.DroppedRequirements) != 9 {
		t.Errorf("dropped requirements: %v", m.summary.DroppedRequirements)
	}
	e := newFakeEngine(t, fixtureSchema(t))

	t.Run("register", func(t *testing.T) {
		reg := e.renderJSONID(m.mustReturn(t, e, fakeCall{}))
		assertContains(t, "registration", reg,
			`module.withDescription(description:"Rich exercises the dagj Go SDK code generator.\n\nIt is a test fixture, not an example to follow.")`,
			`typeDef.withObject(name:"RichMod",description:"RichMod is the main object.")`,
			// defaults, optional flags, descriptions
			`function(name:"Greet",returnType:{typeDef.withKind(kind:STRING_KIND)}).withDescription(description:"Greet says hello.").withCachePolicy(policy:PerSession)`,
			`withArg(name:"name",typeDef:{typeDef.withKind(kind:STRING_KIND)},description:"Who to greet",defaultValue:"\"world\"")`,
			`withArg(name:"shout",typeDef:{typeDef.withKind(kind:BOOLEAN_KIND).withOptional(optional:true)},description:"Shout it")`,
			`withArg(name:"sev",typeDef:{typeDef.withEnum(name:"Severity")},defaultValue:"\"HIGH\"")`,
			`withArg(name:"dir",typeDef:{typeDef.withObject(name:"Directory").withOptional(optional:true)},description:"The directory to list",defaultPath:"/",ignore:["node_modules","*.log"])`,
			`function(name:"Maybe",returnType:{typeDef.withKind(kind:STRING_KIND)}).withDescription(description:"Maybe echoes an optional pointer argument.").withArg(name:"n",typeDef:{typeDef.withKind(kind:INTEGER_KIND).withOptional(optional:true)}).withArg(name:"tags",typeDef:{typeDef.withListOf(elementType:{typeDef.withKind(kind:STRING_KIND)})})`,
			`function(name:"Fail",returnType:{typeDef.withKind(kind:VOID_KIND).withOptional(optional:true)})`,
			`function(name:"Build",returnType:{typeDef.withObject(name:"Artifact")})`,
			`function(name:"Level",returnType:{typeDef.withEnum(name:"Severity")})`,
			`withArg(name:"sharing",typeDef:{typeDef.withEnum(name:"CacheSharingMode")})`,
			// fields: exported ones only, the +private one is hidden
			`withField(name:"Prefix",typeDef:{typeDef.withKind(kind:STRING_KIND)},description:"The greeting prefix.")`,
			`withField(name:"Ctr",typeDef:{typeDef.withObject(name:"Container")})`,
			// constructor
			`withConstructor(function:{function(name:"New",returnType:{typeDef.withObject(name:"RichMod")}).withDescription(description:"New builds the main object.").withArg(name:"prefix",typeDef:{typeDef.withKind(kind:STRING_KIND)},description:"The greeting prefix",defaultValue:"\"Hello\"").withArg(name:"ctr",typeDef:{typeDef.withObject(name:"Container").withOptional(optional:true)})})`,
			// the returned user object and its functions
			`typeDef.withObject(name:"Artifact",description:"Artifact is something that was built.")`,
			`withField(name:"name",typeDef:{typeDef.withKind(kind:STRING_KIND)},description:"The artifact's name.")`,
			`withField(name:"Tags",typeDef:{typeDef.withListOf(elementType:{typeDef.withKind(kind:STRING_KIND)})})`,
			`function(name:"WithTag",returnType:{typeDef.withObject(name:"Artifact")})`,
			// the enum
			`withEnum(enum:{typeDef.withEnum(name:"Severity",description:"Severity of a message.").withEnumMember(name:"LOW",value:"LOW",description:"Low severity.").withEnumMember(name:"HIGH",value:"HIGH",description:"High severity.")})`,
		)
		for _, bad := range []string{`"Secret"`, `"count"`, `"level"`} {
			if strings.Contains(reg, `withField(name:`+bad) {
				t.Errorf("registration exposes private field %s", bad)
			}
		}
	})

	var parent string
	t.Run("constructor", func(t *testing.T) {
		parent = m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "", Parent: "null", Args: [][2]string{{"prefix", jsonArg("Hi")}}})
		var fields map[string]any
		if err := json.Unmarshal([]byte(parent), &fields); err != nil {
			t.Fatal(err)
		}
		if fields["Prefix"] != "Hi" || fields["Secret"] != "s3cr3t" || fields["count"] != float64(41) || fields["Ctr"] != nil {
			t.Errorf("constructor returned %s", parent)
		}
	})
	t.Run("state round-trips", func(t *testing.T) {
		if got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Count", Parent: parent}); got != "42" {
			t.Errorf("Count = %s", got)
		}
		if got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Reveal", Parent: parent}); got != `"s3cr3t"` {
			t.Errorf("Reveal = %s", got)
		}
	})
	t.Run("args and enums", func(t *testing.T) {
		got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Greet", Parent: parent, Args: [][2]string{
			{"name", jsonArg("bob")}, {"shout", "true"}, {"sev", jsonArg("LOW")}}})
		if got != jsonArg("HI BOB (LOW)") {
			t.Errorf("Greet = %s", got)
		}
		if got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Level", Parent: parent, Args: [][2]string{{"high", "true"}}}); got != `"HIGH"` {
			t.Errorf("Level = %s", got)
		}
		if got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Maybe", Parent: parent, Args: [][2]string{{"tags", `["a","b"]`}}}); got != jsonArg("nil a,b") {
			t.Errorf("Maybe = %s", got)
		}
		if got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Maybe", Parent: parent, Args: [][2]string{{"n", "7"}}}); got != jsonArg("7 ") {
			t.Errorf("Maybe(7) = %s", got)
		}
		if got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Nothing", Parent: parent}); got != "null" {
			t.Errorf("Nothing = %s", got)
		}
		got = m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Mounted", Parent: parent, Args: [][2]string{{"sharing", jsonArg("LOCKED")}}})
		if r := e.renderJSONID(got); !strings.Contains(r, `withMountedCache(path:"/cache",cache:{cacheVolume(key:"c1")},sharing:LOCKED).withExec(args:["echo","hi"],expect:ANY)`) &&
			!strings.Contains(r, `withMountedCache(sharing:LOCKED,path:"/cache",cache:{cacheVolume(key:"c1")}).withExec(expect:ANY,args:["echo","hi"])`) {
			t.Errorf("Mounted returned %s", r)
		}
	})
	t.Run("directory arg", func(t *testing.T) {
		dir := e.newID("Directory", step{"directory", nil}, step{"withNewFile", []gqlArg{{"path", "x.go"}, {"contents", "package x"}}})
		got := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Files", Parent: parent, Args: [][2]string{{"dir", jsonArg(dir)}}})
		if got != `["x.go"]` {
			t.Errorf("Files = %s", got)
		}
	})
	t.Run("user object chain", func(t *testing.T) {
		art := m.mustReturn(t, e, fakeCall{ParentName: "RichMod", Name: "Build", Parent: parent, Args: [][2]string{{"name", jsonArg("app")}, {"tags", `["v1"]`}}})
		var fields map[string]any
		if err := json.Unmarshal([]byte(art), &fields); err != nil {
			t.Fatal(err)
		}
		if fields["name"] != "app" || fields["level"] != "LOW" {
			t.Errorf("Build returned %s", art)
		}
		ctrID, _ := fields["Ctr"].(string)
		if r := e.renderJSONID(jsonArg(ctrID)); r != `container.from(address:"alpine").withExec(args:["echo","built","app"])` {
			t.Errorf("artifact container = %s", r)
		}
		art2 := m.mustReturn(t, e, fakeCall{ParentName: "Artifact", Name: "WithTag", Parent: art, Args: [][2]string{{"tag", jsonArg("v2")}}})
		got := m.mustReturn(t, e, fakeCall{ParentName: "Artifact", Name: "Describe", Parent: art2})
		if got != jsonArg("built app [v1,v2] LOW") {
			t.Errorf("Describe = %s", got)
		}
	})
	t.Run("error", func(t *testing.T) {
		r := m.run(t, e, fakeCall{ParentName: "RichMod", Name: "Fail", Parent: parent})
		if r.exitCode != 2 || r.returned != nil {
			t.Fatalf("Fail: exit %d, returned %v", r.exitCode, r.returned)
		}
		if r.returnedErr != `error(message:"this function always fails")` {
			t.Errorf("Fail returned error %s", r.returnedErr)
		}
	})
	t.Run("panic", func(t *testing.T) {
		r := m.run(t, e, fakeCall{ParentName: "RichMod", Name: "Boom", Parent: parent})
		if r.exitCode != 2 || !strings.Contains(r.returnedErr, `error(message:"panic: kaboom")`) {
			t.Errorf("Boom: exit %d, error %s", r.exitCode, r.returnedErr)
		}
	})
	t.Run("exec error", func(t *testing.T) {
		r := m.run(t, e, fakeCall{ParentName: "RichMod", Name: "Exec", Parent: parent})
		if r.exitCode != 2 {
			t.Fatalf("Exec: exit %d", r.exitCode)
		}
		assertContains(t, "returned error", r.returnedErr,
			`error(message:"process \"sh -c exit 5\" did not complete successfully: exit code: 5")`,
			`withValue(name:"_type",value:"\"EXEC_ERROR\"")`,
			`withValue(name:"exitCode",value:"5")`,
			`withValue(name:"stderr",value:"\"oops\\n\"")`,
			`withValue(name:"cmd",value:"[\"sh\",\"-c\",\"exit 5\"]")`)
	})
	t.Run("unknown function", func(t *testing.T) {
		r := m.run(t, e, fakeCall{ParentName: "RichMod", Name: "Nope", Parent: parent})
		if r.exitCode != 2 || !strings.Contains(r.returnedErr, "unknown function Nope") {
			t.Errorf("Nope: exit %d, error %s", r.exitCode, r.returnedErr)
		}
	})
}

func TestE2EOptionalArgsAndEmbeddedState(t *testing.T) {
	src := writeModule(t, map[string]string{
		"go.mod": "module dagger/opt\n\ngo 1.21\n",
		"main.go": `package main

import (
	"context"
	"fmt"

	"dagger/opt/internal/dagger"
)

type Base struct{ Origin string }

type Opt struct {
	Base
	Label dagger.Optional[string]
}

func New(label dagger.Optional[string]) *Opt {
	return &Opt{Base: Base{Origin: "new"}, Label: label}
}

func (m *Opt) Hello(name dagger.Optional[string], n dagger.Optional[int]) string {
	v, set := name.Get()
	return fmt.Sprintf("%q %v %d", v, set, n.GetOr(3))
}

func (m *Opt) Count(ctx context.Context, dir dagger.Optional[*dagger.Directory]) (int, error) {
	d, ok := dir.Get()
	if !ok {
		return -1, nil
	}
	e, err := d.Entries(ctx)
	return len(e), err
}

func (m *Opt) State() string {
	return m.Origin + " " + m.Label.GetOr("no label")
}
`})
	m := generateAndBuild(t, src, "opt")
	e := newFakeEngine(t, fixtureSchema(t))
	reg := e.renderJSONID(m.mustReturn(t, e, fakeCall{}))
	assertContains(t, "registration", reg,
		`withArg(name:"name",typeDef:{typeDef.withKind(kind:STRING_KIND).withOptional(optional:true)})`,
		`withArg(name:"n",typeDef:{typeDef.withKind(kind:INTEGER_KIND).withOptional(optional:true)})`,
		`withArg(name:"dir",typeDef:{typeDef.withObject(name:"Directory").withOptional(optional:true)})`,
		`withField(name:"Label",typeDef:{typeDef.withKind(kind:STRING_KIND).withOptional(optional:true)})`)
	if strings.Contains(reg, `"Base"`) || strings.Contains(reg, `"Origin"`) {
		t.Errorf("the embedded struct is registered:\n%s", reg)
	}
	for _, c := range []struct {
		args [][2]string
		want string
	}{
		{nil, `"\"\" false 3"`},
		{[][2]string{{"name", jsonArg("")}}, `"\"\" true 3"`},
		{[][2]string{{"name", jsonArg("bo")}, {"n", "0"}}, `"\"bo\" true 0"`},
		{[][2]string{{"name", "null"}}, `"\"\" false 3"`},
	} {
		if got := m.mustReturn(t, e, fakeCall{ParentName: "Opt", Name: "Hello", Parent: "{}", Args: c.args}); got != c.want {
			t.Errorf("Hello(%v) = %s, want %s", c.args, got, c.want)
		}
	}
	if got := m.mustReturn(t, e, fakeCall{ParentName: "Opt", Name: "Count", Parent: "{}"}); got != "-1" {
		t.Errorf("Count() = %s", got)
	}
	dir := e.newID("Directory", step{"directory", nil}, step{"withNewFile", []gqlArg{{"path", "a"}, {"contents", "x"}}})
	if got := m.mustReturn(t, e, fakeCall{ParentName: "Opt", Name: "Count", Parent: "{}", Args: [][2]string{{"dir", jsonArg(dir)}}}); got != "1" {
		t.Errorf("Count(dir) = %s", got)
	}
	parent := m.mustReturn(t, e, fakeCall{ParentName: "Opt", Name: "", Parent: "null"})
	if got := m.mustReturn(t, e, fakeCall{ParentName: "Opt", Name: "State", Parent: parent}); got != jsonArg("new no label") {
		t.Errorf("State = %s (parent %s)", got, parent)
	}
	parent = m.mustReturn(t, e, fakeCall{ParentName: "Opt", Name: "", Parent: "null", Args: [][2]string{{"label", jsonArg("L")}}})
	if got := m.mustReturn(t, e, fakeCall{ParentName: "Opt", Name: "State", Parent: parent}); got != jsonArg("new L") {
		t.Errorf("State = %s (parent %s)", got, parent)
	}
}
