package clientrt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type testEnum string

func (testEnum) IsEnum()        {}
func (e testEnum) Name() string { return strings.ToUpper(string(e)) }

type testObj struct{ id string }

func (o *testObj) XXX_GraphQLID(context.Context) (string, error) { return o.id, nil }

type testInput struct {
	Name  string   `json:"name"`
	Value string   `json:"value,omitempty"`
	Tags  []string `json:"tags,omitempty"`
}

func TestGraphQLLiteral(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"a \"q\" <b>\n", `"a \"q\" <b>\n"`},
		{42, "42"},
		{int64(-3), "-3"},
		{1.5, "1.5"},
		{true, "true"},
		{[]string{"echo", "hi"}, `["echo","hi"]`},
		{[]string{}, `[]`},
		{testEnum("any"), "ANY"},
		{&testObj{id: "ID1"}, `"ID1"`},
		{[]*testObj{{id: "a"}, {id: "b"}}, `["a","b"]`},
		{testInput{Name: "n"}, `{name:"n"}`},
		{testInput{Name: "n", Value: "v", Tags: []string{"x"}}, `{name:"n",value:"v",tags:["x"]}`},
		{(*testObj)(nil), "null"},
		{nil, "null"},
	} {
		got, err := GraphQLLiteral(ctx, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("GraphQLLiteral(%#v) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestEnumJSON(t *testing.T) {
	names, values := []string{"Low", "High"}, []string{"LOW", "HIGH"}
	if b, err := enumToJSON("HIGH", names, values); err != nil || string(b) != `"High"` {
		t.Errorf("enumToJSON = %s %v", b, err)
	}
	for _, in := range []string{`"High"`, `"HIGH"`} {
		if v, err := enumFromJSON([]byte(in), names, values); err != nil || v != "HIGH" {
			t.Errorf("enumFromJSON(%s) = %s %v", in, v, err)
		}
	}
	if _, err := enumFromJSON([]byte(`"nope"`), names, values); err == nil {
		t.Error("expected an error for an unknown member")
	}
}

func testServer(t *testing.T, handler func(query string) string) (*gqlClient, *[]string) {
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte("tok:")) {
			w.WriteHeader(401)
			_, _ = io.WriteString(w, `{"errors":[{"message":"bad token"}]}`)
			return
		}
		var body struct{ Query string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		queries = append(queries, body.Query)
		_, _ = io.WriteString(w, handler(body.Query))
	}))
	t.Cleanup(srv.Close)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	t.Setenv("DAGGER_SESSION_PORT", port)
	t.Setenv("DAGGER_SESSION_TOKEN", "tok")
	return &gqlClient{}, &queries
}

// idOf mimics a generated object: its ID is fetched with a query of its own.
type idOf struct{ q *selection }

func (o *idOf) XXX_GraphQLID(ctx context.Context) (string, error) {
	var id string
	err := o.q.Select("id").Execute(ctx, &id)
	return id, err
}

func TestSelectionExecute(t *testing.T) {
	c, queries := testServer(t, func(q string) string {
		switch {
		case strings.Contains(q, "cacheVolume"):
			return `{"data":{"cacheVolume":{"id":"CV1"}}}`
		case strings.Contains(q, "entries"):
			return `{"data":{"directory":{"entries":["a","b"]}}}`
		}
		return `{"data":{"container":{"from":{"withMountedCache":{"withExec":{"stdout":"hi\n"}}}}}}`
	})
	ctx := context.Background()
	root := newRootSelection(c)
	cache := &idOf{q: root.Select("cacheVolume").Arg("key", "npm")}
	q := root.Select("container").Select("from").Arg("address", "alpine").
		Select("withMountedCache").Arg("path", "/c").Arg("cache", cache).
		Select("withExec").Arg("args", []string{"echo", "hi"}).Arg("expect", testEnum("any")).Select("stdout")
	var out string
	if err := q.Execute(ctx, &out); err != nil || out != "hi\n" {
		t.Fatalf("Execute = %q, %v", out, err)
	}
	want := []string{
		`query{cacheVolume(key:"npm"){id}}`,
		`query{container{from(address:"alpine"){withMountedCache(path:"/c",cache:"CV1"){withExec(args:["echo","hi"],expect:ANY){stdout}}}}}`,
	}
	if strings.Join(*queries, "\n") != strings.Join(want, "\n") {
		t.Errorf("queries:\n%s", strings.Join(*queries, "\n"))
	}
	var entries []string
	if err := root.Select("directory").Select("entries").Execute(ctx, &entries); err != nil || strings.Join(entries, ",") != "a,b" {
		t.Errorf("entries = %v, %v", entries, err)
	}
}

func TestExecErrorDecoding(t *testing.T) {
	c, _ := testServer(t, func(string) string {
		return `{"data":null,"errors":[{"message":"process \"false\" did not complete successfully","extensions":{"_type":"EXEC_ERROR","cmd":["false"],"exitCode":1,"stdout":"out","stderr":"err"}}]}`
	})
	err := newRootSelection(c).Select("version").Execute(context.Background(), new(string))
	var ee *ExecError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %#v", err)
	}
	if ee.ExitCode != 1 || ee.Stdout != "out" || ee.Stderr != "err" || strings.Join(ee.Cmd, " ") != "false" || ee.Error() != `process "false" did not complete successfully` {
		t.Errorf("ExecError = %+v", ee)
	}
	var gql *GraphQLError
	if !errors.As(err, &gql) || gql.Extensions()["_type"] != "EXEC_ERROR" {
		t.Errorf("ExecError does not unwrap to the GraphQL error")
	}
}

func TestPlainGraphQLError(t *testing.T) {
	c, _ := testServer(t, func(string) string {
		return `{"data":null,"errors":[{"message":"boom"},{"message":"second"}]}`
	})
	err := newRootSelection(c).Select("version").Execute(context.Background(), new(string))
	var gql *GraphQLError
	if !errors.As(err, &gql) || err.Error() != "boom" || len(gql.Others) != 1 {
		t.Errorf("err = %#v", err)
	}
}

func TestMissingSessionEnv(t *testing.T) {
	t.Setenv("DAGGER_SESSION_PORT", "")
	c := &gqlClient{}
	err := newRootSelection(c).Select("version").Execute(context.Background(), new(string))
	if err == nil || !strings.Contains(err.Error(), "DAGGER_SESSION_PORT") {
		t.Errorf("err = %v", err)
	}
}
