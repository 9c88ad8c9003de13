package main

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func generatedClient(t *testing.T) string {
	t.Helper()
	out, err := GenerateClient(fixtureSchema(t))
	if err != nil {
		t.Fatalf("GenerateClient: %v\n%s", err, out)
	}
	return string(out)
}

// TestClientGolden pins the whole generated client for the fixture schema.
// Run "go test -run TestClientGolden -update" after an intended change.
func TestClientGolden(t *testing.T) {
	got := generatedClient(t)
	const golden = "testdata/golden/dagger.gen.go.golden"
	if *update {
		if err := os.MkdirAll("testdata/golden", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("generated client differs from %s (run with -update if intended)", golden)
	}
}

// TestClientSignatures checks the official Go SDK's naming and shapes.
func TestClientSignatures(t *testing.T) {
	// Compare with blanks collapsed, so gofmt's alignment does not matter.
	squash := func(s string) string { return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' }), " ") }
	got := squash(generatedClient(t))
	for _, want := range []string{
		"type Client struct {",
		"func Connect() *Client",
		// Query fields: options structs are not prefixed with Query.
		"func (r *Client) Container(opts ...ContainerOpts) *Container",
		"type ContainerOpts struct",
		"func (r *Client) Directory() *Directory",
		"func (r *Client) CacheVolume(key string) *CacheVolume",
		"func (r *Client) LoadContainerFromID(id ContainerID) *Container",
		"func (r *Client) CurrentModule() *CurrentModule",
		"func (r *Client) CurrentFunctionCall() *FunctionCall",
		"func (r *Client) TypeDef() *TypeDef",
		"func (r *Client) Function(name string, returnType *TypeDef) *Function",
		"func (r *Client) Module() *Module",
		"func (r *Client) Error(message string) *Error",
		"func (r *Client) SetSecret(name string, plaintext string) *Secret",
		"func (r *Client) Version(ctx context.Context) (string, error)",
		// Objects: lazy chaining, leaves execute with a context.
		"func (r *Container) From(address string) *Container",
		"func (r *Container) WithExec(args []string, opts ...ContainerWithExecOpts) *Container",
		"type ContainerWithExecOpts struct",
		"\tUseEntrypoint bool\n",
		"\tExpect ReturnType\n",
		"\tLabels []PipelineLabel\n",
		"// Default: SUCCESS",
		"func (r *Container) Stdout(ctx context.Context) (string, error)",
		"func (r *Container) ExitCode(ctx context.Context) (int, error)",
		"func (r *Container) ID(ctx context.Context) (ContainerID, error)",
		"func (r *Container) Sync(ctx context.Context) (*Container, error)",
		"func (r *Container) WithMountedCache(path string, cache *CacheVolume, opts ...ContainerWithMountedCacheOpts) *Container",
		"\tSource *Directory\n",
		"\tSharing CacheSharingMode\n",
		"func (r *Container) Platform(ctx context.Context) (Platform, error)",
		"func (r *Container) With(f WithContainerFunc) *Container",
		"// Deprecated: Use `withUser` instead.",
		"func (r *Directory) WithNewFile(path string, contents string, opts ...DirectoryWithNewFileOpts) *Directory",
		"func (r *Directory) Entries(ctx context.Context, opts ...DirectoryEntriesOpts) ([]string, error)",
		"func (r *Directory) File(path string) *File",
		"func (r *Directory) WithFile(path string, source *File) *Directory",
		"func (r *File) Contents(ctx context.Context) (string, error)",
		"func (r *Module) Objects(ctx context.Context) ([]TypeDef, error)",
		"func (r *Client) Labels(ctx context.Context) ([]Label, error)",
		// Module runtime API.
		"func (r *FunctionCall) ReturnValue(ctx context.Context, value JSON) error",
		"func (r *FunctionCall) ReturnError(ctx context.Context, error_ *Error) error",
		"func (r *FunctionCall) InputArgs(ctx context.Context) ([]FunctionCallArgValue, error)",
		"func (r *FunctionCall) Parent(ctx context.Context) (JSON, error)",
		"func (r *TypeDef) WithKind(kind TypeDefKind) *TypeDef",
		"func (r *TypeDef) WithObject(name string, opts ...TypeDefWithObjectOpts) *TypeDef",
		"func (r *Function) WithArg(name string, typeDef *TypeDef, opts ...FunctionWithArgOpts) *Function",
		"\tDefaultValue JSON\n",
		"\tDefaultPath string\n",
		"\tIgnore []string\n",
		"func (r *Module) WithEnum(enum *TypeDef) *Module",
		"func (r *Error) WithValue(name string, value JSON) *Error",
		// Scalars, enums, inputs.
		"type ContainerID string",
		"type JSON string",
		"type Platform string",
		"type ReturnType string",
		"ReturnTypeSuccess ReturnType = \"SUCCESS\"",
		"ReturnTypeAny ReturnType = \"ANY\"",
		"CacheSharingModeShared CacheSharingMode = \"SHARED\"",
		"CacheSharingModeLocked CacheSharingMode = \"LOCKED\"",
		"TypeDefKindStringKind TypeDefKind = \"STRING_KIND\"",
		"TypeDefKindString TypeDefKind = \"STRING\"",
		"FunctionCachePolicyPerSession FunctionCachePolicy = \"PerSession\"",
		"type PipelineLabel struct {",
		"\tName string `json:\"name\"`",
		// ID plumbing for modules.
		"func (r *Container) MarshalJSON() ([]byte, error)",
		"func (r *Container) UnmarshalJSON(bs []byte) error",
		"*r = *dag.LoadContainerFromID(ContainerID(id))",
		"func (r *Container) XXX_GraphQLID(ctx context.Context) (string, error)",
	} {
		if !strings.Contains(got, squash(want)) {
			t.Errorf("generated client lacks %q", want)
		}
	}
	for _, absent := range []string{"type Query struct", "QueryContainerOpts", "func (r *Client) Host("} {
		if strings.Contains(got, absent) {
			t.Errorf("generated client has %q", absent)
		}
	}
}

func TestClientRuntimeFile(t *testing.T) {
	out, err := clientRuntimeFile()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, "// Code generated by dagj codegen. DO NOT EDIT.\n\npackage dagger\n") {
		t.Errorf("runtime file header: %q", s[:80])
	}
	if strings.Contains(s, "package clientrt") {
		t.Error("runtime file keeps its original package clause")
	}
}

func TestSchemaWithoutDataWrapper(t *testing.T) {
	raw := fixtureIntrospection(t)
	// strip {"data": ...}
	s := string(raw)
	inner := s[strings.Index(s, `"__schema"`)-1 : strings.LastIndex(s, "}")]
	inner = "{" + inner[1:]
	schema, err := ParseSchema([]byte(inner))
	if err != nil {
		t.Fatal(err)
	}
	if schema.Type("Container") == nil || schema.Query().Field("container") == nil {
		t.Error("schema without data wrapper not read")
	}
	if _, err := ParseSchema([]byte(`{"data":{}}`)); err == nil {
		t.Error("expected an error for a result without __schema")
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"withExec": "WithExec", "id": "ID", "loadContainerFromID": "LoadContainerFromID", "stdout": "Stdout",
		"withMountedCache": "WithMountedCache", "sshKnownHosts": "SSHKnownHosts", "httpAuthToken": "HTTPAuthToken",
		"withSDK": "WithSDK", "asJSON": "AsJSON", "Query": "Client", "ContainerID": "ContainerID", "uid": "UID",
		"experimentalPrivilegedNesting": "ExperimentalPrivilegedNesting", "withURL": "WithURL", "url": "URL",
	} {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"my-module": "MyModule", "hello": "Hello", "STRING_KIND": "StringKind", "PerSession": "PerSession",
		"SHARED": "Shared", "hello_world": "HelloWorld", "foo.bar": "FooBar", "arm64v8": "Arm64V8",
	} {
		if got := camelCase(in); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", in, got, want)
		}
	}
}
