package main

import (
	"fmt"
	"go/format"
	"sort"
	"strconv"
	"strings"
)

// mainGen renders the module's dagger.gen.go (package main): the dag client,
// JSON methods of the user types, registration and dispatch.
type mainGen struct {
	schema *Schema
	mod    *Module
	b      strings.Builder
}

func (g *mainGen) p(format string, args ...any) {
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// hasArg reports whether the schema's type.field accepts arg.
func (g *mainGen) hasArg(typeName, field, arg string) bool {
	return g.schema.Type(typeName).Field(field).Arg(arg) != nil
}

func (g *mainGen) hasField(typeName, field string) bool {
	return g.schema.Type(typeName).Field(field) != nil
}

// kindConst returns the Go constant for a TypeDefKind, preferring the
// "*_KIND" spelling when the schema has it.
func (g *mainGen) kindConst(short string) (string, error) {
	t := g.schema.Type("TypeDefKind")
	if t == nil {
		return "", fmt.Errorf("the API has no TypeDefKind enum")
	}
	for _, want := range []string{short + "_KIND", short} {
		for _, v := range t.EnumValues {
			if v.Name == want {
				return "dagger.TypeDefKind" + camelCase(v.Name), nil
			}
		}
	}
	return "", fmt.Errorf("the API's TypeDefKind has no %s member", short)
}

// typeDefExpr renders the builder expression of a type.
func (g *mainGen) typeDefExpr(t *GoType) (string, error) {
	var expr string
	switch t.Kind {
	case KString, KInt, KFloat, KBool:
		short := map[TypeKind]string{KString: "STRING", KInt: "INTEGER", KFloat: "FLOAT", KBool: "BOOLEAN"}[t.Kind]
		k, err := g.kindConst(short)
		if err != nil {
			return "", err
		}
		expr = "dag.TypeDef().WithKind(" + k + ")"
		if t.Ptr {
			expr += ".WithOptional(true)"
		}
	case KList:
		inner, err := g.typeDefExpr(t.Elem)
		if err != nil {
			return "", err
		}
		expr = "dag.TypeDef().WithListOf(" + inner + ")"
	case KCoreObject, KUserObject:
		expr = "dag.TypeDef().WithObject(" + strconv.Quote(t.Name) + ")"
	case KUserIface:
		if !g.hasField("TypeDef", "withInterface") {
			return "", fmt.Errorf("the API has no TypeDef.withInterface: interface %s cannot be registered", t.Name)
		}
		expr = "dag.TypeDef().WithInterface(" + strconv.Quote(t.Name) + ")"
	case KCoreEnum, KUserEnum:
		if !g.hasField("TypeDef", "withEnum") {
			return "", fmt.Errorf("the API has no TypeDef.withEnum: enum %s cannot be registered", t.Name)
		}
		expr = "dag.TypeDef().WithEnum(" + strconv.Quote(t.Name) + ")"
	case KCoreScalar:
		if !g.hasField("TypeDef", "withScalar") {
			return "", fmt.Errorf("the API has no TypeDef.withScalar: scalar %s cannot be registered", t.Name)
		}
		expr = "dag.TypeDef().WithScalar(" + strconv.Quote(t.Name) + ")"
	}
	if t.Opt && !strings.HasSuffix(expr, ".WithOptional(true)") {
		expr += ".WithOptional(true)"
	}
	return expr, nil
}

// opts renders an options struct literal with only the fields the schema
// supports and that have a value; "" when none.
func (g *mainGen) opts(structName, typeName, field string, kv [][2]string) string {
	var parts []string
	for _, e := range kv {
		if e[1] == "" || !g.hasArg(typeName, field, e[0]) {
			continue
		}
		parts = append(parts, goName(e[0])+": "+e[1])
	}
	if len(parts) == 0 {
		return ""
	}
	return ", dagger." + structName + "{" + strings.Join(parts, ", ") + "}"
}

func quoteIf(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return strconv.Quote(strings.TrimSpace(s))
}

func (g *mainGen) functionExpr(fn *Func) (string, error) {
	var ret string
	if fn.Result == nil {
		k, err := g.kindConst("VOID")
		if err != nil {
			return "", err
		}
		ret = "dag.TypeDef().WithKind(" + k + ").WithOptional(true)"
	} else {
		var err error
		if ret, err = g.typeDefExpr(fn.Result); err != nil {
			return "", fmt.Errorf("%s: %w", fn.Name, err)
		}
	}
	expr := "dag.Function(" + strconv.Quote(fn.Name) + ", " + ret + ")"
	if fn.Doc != "" && g.hasField("Function", "withDescription") {
		expr += ".\n\t\tWithDescription(" + strconv.Quote(strings.TrimSpace(fn.Doc)) + ")"
	}
	if fn.CachePolicy != "" && g.hasField("Function", "withCachePolicy") {
		switch fn.CachePolicy {
		case "never":
			expr += ".WithCachePolicy(dagger.FunctionCachePolicyNever)"
		case "session":
			expr += ".WithCachePolicy(dagger.FunctionCachePolicyPerSession)"
		default:
			expr += ".WithCachePolicy(dagger.FunctionCachePolicyDefault, dagger.FunctionWithCachePolicyOpts{TimeToLive: " + strconv.Quote(fn.CachePolicy) + "})"
		}
	}
	for _, p := range fn.Params {
		td, err := g.typeDefExpr(p.Type)
		if err != nil {
			return "", fmt.Errorf("%s(%s): %w", fn.Name, p.Name, err)
		}
		if p.Optional && !p.Type.Opt && !(p.Type.Ptr && p.Type.Kind <= KBool) {
			td += ".WithOptional(true)"
		}
		if p.DefaultPath != "" && !g.hasArg("Function", "withArg", "defaultPath") {
			return "", fmt.Errorf("%s(%s): +defaultPath is not supported by this API", fn.Name, p.Name)
		}
		if len(p.Ignore) > 0 && !g.hasArg("Function", "withArg", "ignore") {
			return "", fmt.Errorf("%s(%s): +ignore is not supported by this API", fn.Name, p.Name)
		}
		var def, ign string
		if p.Default != "" {
			def = "dagger.JSON(" + strconv.Quote(p.Default) + ")"
		}
		if len(p.Ignore) > 0 {
			ign = "[]string{" + quoteAll(p.Ignore) + "}"
		}
		expr += ".\n\t\tWithArg(" + strconv.Quote(p.Name) + ", " + td + g.opts("FunctionWithArgOpts", "Function", "withArg", [][2]string{
			{"description", quoteIf(p.Doc)},
			{"defaultValue", def},
			{"defaultPath", quoteIf(p.DefaultPath)},
			{"ignore", ign},
		}) + ")"
	}
	return expr, nil
}

// Generate renders dagger.gen.go for the main package.
func GenerateMain(schema *Schema, mod *Module) ([]byte, error) {
	g := &mainGen{schema: schema, mod: mod}
	for _, need := range []string{"currentFunctionCall", "typeDef", "function", "module", "error"} {
		if schema.Query().Field(need) == nil {
			return nil, fmt.Errorf("the API has no Query.%s: cannot generate a module runtime", need)
		}
	}
	g.b.WriteString(generatedHeader)
	g.p("package main")
	g.p("")
	g.p("import (")
	for _, imp := range []string{"context", "encoding/json", "errors", "fmt", "os", "reflect", "runtime/debug", "sort", "strings"} {
		g.p("\t%q", imp)
	}
	g.p("")
	g.p("\t%q", mod.ModPath+"/internal/dagger")
	g.p(")")
	g.p("")
	g.p("var (")
	g.p("\t_ = json.Marshal")
	g.p("\t_ = errors.New")
	g.p("\t_ = sort.Strings")
	g.p("\t_ = strings.ToLower")
	g.p("\t_ = debug.Stack")
	g.p("\t_ = reflect.TypeOf")
	g.p("\t_ context.Context")
	g.p(")")
	g.p("")
	decl := mod.Declared
	if !decl["dag"] {
		g.p("var dag = dagger.Connect()")
		g.p("")
	}
	if !decl["DaggerObject"] {
		g.p("type DaggerObject = dagger.DaggerObject")
		g.p("")
	}
	if !decl["ExecError"] {
		g.p("type ExecError = dagger.ExecError")
		g.p("")
	}
	if !decl["ptr"] {
		g.p("// ptr returns a pointer to the given value.")
		g.p("func ptr[T any](v T) *T { return &v }")
		g.p("")
	}
	if !decl["convertSlice"] {
		g.p("// convertSlice converts a slice of one type to a slice of another type using a converter function.")
		g.p("func convertSlice[I any, O any](in []I, f func(I) O) []O {")
		g.p("\tout := make([]O, len(in))")
		g.p("\tfor i, v := range in {")
		g.p("\t\tout[i] = f(v)")
		g.p("\t}")
		g.p("\treturn out")
		g.p("}")
		g.p("")
	}
	for _, o := range mod.Objects {
		g.objectJSON(o)
	}
	for _, e := range mod.Enums {
		g.enumMethods(e)
	}
	for _, it := range mod.Interfaces {
		if err := g.ifaceImpl(it); err != nil {
			return nil, err
		}
	}
	if len(mod.Interfaces) > 0 {
		g.b.WriteString(ifaceStatic)
	}
	g.b.WriteString(mainStatic)
	if g.hasField("Error", "withValue") {
		g.p("func dagjWithValue(e *dagger.Error, name string, value []byte) *dagger.Error {")
		g.p("\treturn e.WithValue(name, dagger.JSON(value))")
		g.p("}")
	} else {
		g.p("func dagjWithValue(e *dagger.Error, _ string, _ []byte) *dagger.Error { return e }")
	}
	g.p("")
	if err := g.register(); err != nil {
		return nil, err
	}
	if err := g.invoke(); err != nil {
		return nil, err
	}
	out, err := format.Source([]byte(g.b.String()))
	if err != nil {
		return []byte(g.b.String()), fmt.Errorf("generated main does not parse: %w", err)
	}
	return out, nil
}

func (g *mainGen) objectJSON(o *Object) {
	// A field of a module interface type is kept as its ID: the value may be
	// any implementation, and the engine-backed one is rebuilt from the ID.
	isIface := func(f *ObjField) bool {
		return f.Embedded == "" && f.Type.Kind == KUserIface && !f.Type.Ptr && !f.Type.Opt
	}
	g.p("// dagjState%s holds every field of %s, exported or not, so the object's state survives between calls.", o.Name, o.Name)
	g.p("type dagjState%s struct {", o.Name)
	for i, f := range o.Fields {
		typ := f.Embedded
		if typ == "" {
			typ = f.Type.Expr()
		}
		if isIface(f) {
			typ = "json.RawMessage"
		}
		g.p("\tF%d %s `json:%q`", i, typ, f.JSONName)
	}
	g.p("}")
	g.p("")
	g.p("func (r %s) MarshalJSON() ([]byte, error) {", o.Name)
	g.p("\tvar s dagjState%s", o.Name)
	for i, f := range o.Fields {
		if !isIface(f) {
			g.p("\ts.F%d = r.%s", i, f.GoName)
			continue
		}
		g.p("\ts.F%d = json.RawMessage(\"null\")", i)
		g.p("\tif r.%s != nil {", f.GoName)
		g.p("\t\tb, err := json.Marshal(r.%s)", f.GoName)
		g.p("\t\tif err != nil {")
		g.p("\t\t\treturn nil, fmt.Errorf(\"field %s: %%w\", err)", f.GoName)
		g.p("\t\t}")
		g.p("\t\ts.F%d = b", i)
		g.p("\t}")
	}
	g.p("\treturn json.Marshal(&s)")
	g.p("}")
	g.p("")
	g.p("func (r *%s) UnmarshalJSON(bs []byte) error {", o.Name)
	g.p("\tvar s dagjState%s", o.Name)
	g.p("\tif err := json.Unmarshal(bs, &s); err != nil {")
	g.p("\t\treturn err")
	g.p("\t}")
	for i, f := range o.Fields {
		if !isIface(f) {
			g.p("\tr.%s = s.F%d", f.GoName, i)
			continue
		}
		g.p("\tif len(s.F%d) > 0 && string(s.F%d) != \"null\" {", i, i)
		g.p("\t\tv := &%s{}", ifaceImplName(f.Type.Name))
		g.p("\t\tif err := json.Unmarshal(s.F%d, v); err != nil {", i)
		g.p("\t\t\treturn fmt.Errorf(\"field %s: %%w\", err)", f.GoName)
		g.p("\t\t}")
		g.p("\t\tr.%s = v", f.GoName)
		g.p("\t}")
	}
	g.p("\treturn nil")
	g.p("}")
	g.p("")
}

func (g *mainGen) enumMethods(e *Enum) {
	var names, values []string
	for _, m := range e.Members {
		names = append(names, strconv.Quote(m.Name))
		values = append(values, strconv.Quote(m.Value))
	}
	n := e.Name
	g.p("var dagjEnum%s = [2][]string{{%s}, {%s}}", n, strings.Join(names, ", "), strings.Join(values, ", "))
	g.p("")
	g.p("func (%s) IsEnum() {}", n)
	g.p("")
	g.p("func (v %s) Name() string {", n)
	g.p("\tfor i, val := range dagjEnum%s[1] {", n)
	g.p("\t\tif val == string(v) {")
	g.p("\t\t\treturn dagjEnum%s[0][i]", n)
	g.p("\t\t}")
	g.p("\t}")
	g.p("\treturn \"\"")
	g.p("}")
	g.p("")
	g.p("func (v %s) Value() string { return string(v) }", n)
	g.p("")
	g.p("func (v %s) MarshalJSON() ([]byte, error) {", n)
	g.p("\tif v == \"\" {")
	g.p("\t\treturn []byte(`\"\"`), nil")
	g.p("\t}")
	g.p("\tif name := v.Name(); name != \"\" {")
	g.p("\t\treturn json.Marshal(name)")
	g.p("\t}")
	g.p("\treturn nil, fmt.Errorf(\"invalid enum value %%q\", string(v))")
	g.p("}")
	g.p("")
	g.p("func (v *%s) UnmarshalJSON(data []byte) error {", n)
	g.p("\tvar s string")
	g.p("\tif err := json.Unmarshal(data, &s); err != nil {")
	g.p("\t\treturn err")
	g.p("\t}")
	g.p("\tif s == \"\" {")
	g.p("\t\t*v = \"\"")
	g.p("\t\treturn nil")
	g.p("\t}")
	g.p("\tfor i, name := range dagjEnum%s[0] {", n)
	g.p("\t\tif name == s || dagjEnum%s[1][i] == s {", n)
	g.p("\t\t\t*v = %s(dagjEnum%s[1][i])", n, n)
	g.p("\t\t\treturn nil")
	g.p("\t\t}")
	g.p("\t}")
	g.p("\treturn fmt.Errorf(\"invalid %s value %%q\", s)", n)
	g.p("}")
	g.p("")
}

func (g *mainGen) register() error {
	mod := g.mod
	g.p("// dagjRegister describes the module's types to the engine.")
	g.p("func dagjRegister() *dagger.Module {")
	g.p("\tmod := dag.Module()")
	if mod.Description != "" && g.hasField("Module", "withDescription") {
		g.p("\tmod = mod.WithDescription(%s)", strconv.Quote(mod.Description))
	}
	for _, o := range mod.Objects {
		g.p("\t{")
		g.p("\t\tobj := dag.TypeDef().WithObject(%q%s)", o.Name, g.opts("TypeDefWithObjectOpts", "TypeDef", "withObject", [][2]string{{"description", quoteIf(o.Doc)}}))
		for _, fn := range o.Methods {
			expr, err := g.functionExpr(fn)
			if err != nil {
				return fmt.Errorf("object %s: %w", o.Name, err)
			}
			g.p("\t\tobj = obj.WithFunction(%s)", expr)
		}
		for _, f := range o.Fields {
			if !f.Exposed {
				continue
			}
			td, err := g.typeDefExpr(f.Type)
			if err != nil {
				return fmt.Errorf("object %s field %s: %w", o.Name, f.GoName, err)
			}
			g.p("\t\tobj = obj.WithField(%q, %s%s)", f.JSONName, td, g.opts("TypeDefWithFieldOpts", "TypeDef", "withField", [][2]string{{"description", quoteIf(f.Doc)}}))
		}
		if o.Constructor != nil {
			expr, err := g.functionExpr(o.Constructor)
			if err != nil {
				return fmt.Errorf("constructor: %w", err)
			}
			g.p("\t\tobj = obj.WithConstructor(%s)", expr)
		}
		g.p("\t\tmod = mod.WithObject(obj)")
		g.p("\t}")
	}
	for _, it := range mod.Interfaces {
		if !g.hasField("Module", "withInterface") || !g.hasField("TypeDef", "withInterface") {
			return fmt.Errorf("interface %s: the API cannot register interfaces (no Module.withInterface)", it.Name)
		}
		g.p("\t{")
		g.p("\t\tiface := dag.TypeDef().WithInterface(%q%s)", it.Name, g.opts("TypeDefWithInterfaceOpts", "TypeDef", "withInterface", [][2]string{{"description", quoteIf(it.Doc)}}))
		for _, fn := range it.Methods {
			expr, err := g.functionExpr(fn)
			if err != nil {
				return fmt.Errorf("interface %s: %w", it.Name, err)
			}
			g.p("\t\tiface = iface.WithFunction(%s)", expr)
		}
		g.p("\t\tmod = mod.WithInterface(iface)")
		g.p("\t}")
	}
	for _, e := range mod.Enums {
		if !g.hasField("Module", "withEnum") || !g.hasField("TypeDef", "withEnum") {
			return fmt.Errorf("enum %s: the API cannot register enums (no Module.withEnum)", e.Name)
		}
		g.p("\t{")
		g.p("\t\tenum := dag.TypeDef().WithEnum(%q%s)", e.Name, g.opts("TypeDefWithEnumOpts", "TypeDef", "withEnum", [][2]string{{"description", quoteIf(e.Doc)}}))
		for _, m := range e.Members {
			if g.hasField("TypeDef", "withEnumMember") {
				g.p("\t\tenum = enum.WithEnumMember(%q%s)", m.Name, g.opts("TypeDefWithEnumMemberOpts", "TypeDef", "withEnumMember", [][2]string{{"value", strconv.Quote(m.Value)}, {"description", quoteIf(m.Doc)}}))
			} else if g.hasField("TypeDef", "withEnumValue") {
				g.p("\t\tenum = enum.WithEnumValue(%q%s)", m.Value, g.opts("TypeDefWithEnumValueOpts", "TypeDef", "withEnumValue", [][2]string{{"description", quoteIf(m.Doc)}}))
			} else {
				return fmt.Errorf("enum %s: the API has no TypeDef.withEnumMember", e.Name)
			}
		}
		g.p("\t\tmod = mod.WithEnum(enum)")
		g.p("\t}")
	}
	g.p("\treturn mod")
	g.p("}")
	g.p("")
	return nil
}

// callExpr renders the call of fn with decoded arguments a0..aN and the
// return statement for its result shape.
func callLines(fn *Func, callee string) []string {
	var args []string
	if fn.HasCtx {
		args = append(args, "ctx")
	}
	for i := range fn.Params {
		a := fmt.Sprintf("a%d", i)
		if fn.Variadic && i == len(fn.Params)-1 {
			a += "..."
		}
		args = append(args, a)
	}
	call := callee + "(" + strings.Join(args, ", ") + ")"
	switch {
	case fn.Result == nil && !fn.ReturnsErr:
		return []string{call, "return nil, nil"}
	case fn.Result == nil && fn.ReturnsErr:
		return []string{"return nil, " + call}
	case fn.Result != nil && !fn.ReturnsErr:
		return []string{"return " + call + ", nil"}
	default:
		return []string{"return " + call}
	}
}

func (g *mainGen) argDecodes(fn *Func) []string {
	var out []string
	for i, p := range fn.Params {
		if p.Type.Kind == KUserIface && !p.Type.Ptr {
			// The engine passes an interface value as its ID; the engine-backed
			// implementation calls it through the engine.
			out = append(out, fmt.Sprintf("var a%d %s", i, p.Type.Name))
			out = append(out, "{")
			out = append(out, fmt.Sprintf("\tvar v *%s", ifaceImplName(p.Type.Name)))
			out = append(out, fmt.Sprintf("\tif err := dagjDecodeArg(inputArgs, %q, &v); err != nil {", p.Name))
			out = append(out, "\t\treturn nil, err")
			out = append(out, "\t}")
			out = append(out, "\tif v != nil {")
			out = append(out, fmt.Sprintf("\t\ta%d = v", i))
			out = append(out, "\t}")
			out = append(out, "}")
			continue
		}
		if p.Type.Kind == KList && p.Type.Elem.Kind == KUserIface && !p.Type.Elem.Ptr {
			// A list of interface values comes as a list of IDs.
			out = append(out, fmt.Sprintf("var a%d []%s", i, p.Type.Elem.Name))
			out = append(out, "{")
			out = append(out, fmt.Sprintf("\tvar v []*%s", ifaceImplName(p.Type.Elem.Name)))
			out = append(out, fmt.Sprintf("\tif err := dagjDecodeArg(inputArgs, %q, &v); err != nil {", p.Name))
			out = append(out, "\t\treturn nil, err")
			out = append(out, "\t}")
			out = append(out, "\tfor _, e := range v {")
			out = append(out, fmt.Sprintf("\t\ta%d = append(a%d, e)", i, i))
			out = append(out, "\t}")
			out = append(out, "}")
			continue
		}
		out = append(out, fmt.Sprintf("var a%d %s", i, p.Type.Expr()))
		out = append(out, fmt.Sprintf("if err := dagjDecodeArg(inputArgs, %q, &a%d); err != nil {", p.Name, i))
		out = append(out, "\treturn nil, err")
		out = append(out, "}")
	}
	return out
}

func (g *mainGen) invoke() error {
	g.p("// dagjInvoke calls the function named by the engine.")
	g.p("func dagjInvoke(ctx context.Context, parentJSON []byte, parentName, fnName string, inputArgs map[string][]byte) (any, error) {")
	g.p("\tswitch strings.ToLower(parentName) {")
	objs := append([]*Object(nil), g.mod.Objects...)
	sort.SliceStable(objs, func(i, j int) bool { return objs[i].Name < objs[j].Name })
	for _, o := range objs {
		g.p("\tcase %q:", strings.ToLower(o.Name))
		g.p("\t\tswitch strings.ToLower(fnName) {")
		for _, fn := range o.Methods {
			g.p("\t\tcase %q:", strings.ToLower(fn.Name))
			g.p("\t\t\tvar parent %s", o.Name)
			g.p("\t\t\tif err := dagjDecodeParent(parentJSON, &parent); err != nil {")
			g.p("\t\t\t\treturn nil, fmt.Errorf(\"decode parent %s: %%w\", err)", o.Name)
			g.p("\t\t\t}")
			for _, l := range g.argDecodes(fn) {
				g.p("\t\t\t%s", l)
			}
			lines := callLines(fn, "parent."+fn.Name)
			if fn.Result != nil && fn.Result.Kind == KUserIface {
				lines = ifaceResultLines(fn, "parent."+fn.Name)
			}
			for _, l := range lines {
				g.p("\t\t\t%s", l)
			}
		}
		if o.Constructor != nil {
			g.p("\t\tcase \"\":")
			for _, l := range g.argDecodes(o.Constructor) {
				g.p("\t\t\t%s", l)
			}
			for _, l := range callLines(o.Constructor, "New") {
				g.p("\t\t\t%s", l)
			}
		} else if o.Name == g.mod.MainObject {
			g.p("\t\tcase \"\":")
			g.p("\t\t\tvar parent %s", o.Name)
			g.p("\t\t\tif err := dagjDecodeParent(parentJSON, &parent); err != nil {")
			g.p("\t\t\t\treturn nil, fmt.Errorf(\"decode parent %s: %%w\", err)", o.Name)
			g.p("\t\t\t}")
			g.p("\t\t\treturn &parent, nil")
		}
		g.p("\t\tdefault:")
		g.p("\t\t\treturn nil, fmt.Errorf(\"unknown function %%s of object %s\", fnName)", o.Name)
		g.p("\t\t}")
	}
	g.p("\tdefault:")
	g.p("\t\treturn nil, fmt.Errorf(\"unknown object %%s\", parentName)")
	g.p("\t}")
	g.p("}")
	return nil
}

// mainStatic is the schema-independent part of the module entrypoint.
const mainStatic = `
func main() {
	ctx := context.Background()
	if err := dagjDispatch(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err.Error())
		os.Exit(2)
	}
}

type dagjCall struct {
	CurrentFunctionCall struct {
		ParentName string          ` + "`json:\"parentName\"`" + `
		Name       string          ` + "`json:\"name\"`" + `
		Parent     json.RawMessage ` + "`json:\"parent\"`" + `
		InputArgs  []struct {
			Name  string          ` + "`json:\"name\"`" + `
			Value json.RawMessage ` + "`json:\"value\"`" + `
		} ` + "`json:\"inputArgs\"`" + `
	} ` + "`json:\"currentFunctionCall\"`" + `
}

// dagjJSONText decodes a JSON scalar, which the API returns as a string
// holding JSON text (or, from some servers, as the JSON value itself).
func dagjJSONText(raw json.RawMessage) []byte {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil && json.Valid([]byte(s)) {
		return []byte(s)
	}
	return raw
}

func dagjDispatch(ctx context.Context) (rerr error) {
	dagger.SetMarshalContext(ctx)
	fnCall := dag.CurrentFunctionCall()
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "panic: %v\n%s", r, debug.Stack())
			rerr = fmt.Errorf("panic: %v", r)
		}
		if rerr != nil {
			if err := fnCall.ReturnError(ctx, dagjConvertError(rerr)); err != nil {
				fmt.Fprintln(os.Stderr, "failed to return error:", err)
			}
		}
	}()

	var call dagjCall
	raw, err := dagger.ExecuteRawQuery(ctx, "query{currentFunctionCall{parentName}}")
	if err != nil {
		return fmt.Errorf("get parent name: %w", err)
	}
	if err := json.Unmarshal(raw, &call); err != nil {
		return fmt.Errorf("get parent name: %w", err)
	}
	var result any
	if call.CurrentFunctionCall.ParentName == "" {
		result = dagjRegister()
	} else {
		raw, err := dagger.ExecuteRawQuery(ctx, "query{currentFunctionCall{name parent inputArgs{name value}}}")
		if err != nil {
			return fmt.Errorf("get function call: %w", err)
		}
		parentName := call.CurrentFunctionCall.ParentName
		if err := json.Unmarshal(raw, &call); err != nil {
			return fmt.Errorf("get function call: %w", err)
		}
		inputArgs := map[string][]byte{}
		for _, a := range call.CurrentFunctionCall.InputArgs {
			inputArgs[strings.ToLower(a.Name)] = dagjJSONText(a.Value)
		}
		result, err = dagjInvoke(ctx, dagjJSONText(call.CurrentFunctionCall.Parent), parentName, call.CurrentFunctionCall.Name, inputArgs)
		if err != nil {
			return err
		}
	}
	resultBytes, err := json.Marshal(result)
	if err != nil {
		return fmt.Errorf("marshal result: %w", err)
	}
	if err := fnCall.ReturnValue(ctx, dagger.JSON(resultBytes)); err != nil {
		return fmt.Errorf("store return value: %w", err)
	}
	return nil
}

func dagjDecodeParent(raw []byte, dest any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return json.Unmarshal(raw, dest)
}

func dagjDecodeArg(args map[string][]byte, name string, dest any) error {
	raw, ok := args[strings.ToLower(name)]
	if !ok || len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, dest); err != nil {
		return fmt.Errorf("decode argument %q: %w", name, err)
	}
	return nil
}

// dagjConvertError turns a Go error into an API Error, keeping the
// extensions (exit code, stdout, ...) of an engine error it wraps.
func dagjConvertError(rerr error) *dagger.Error {
	dagErr := dag.Error(rerr.Error())
	var ext map[string]any
	var execErr *dagger.ExecError
	var gqlErr *dagger.GraphQLError
	switch {
	case errors.As(rerr, &execErr):
		ext = execErr.Extensions()
		if ext == nil {
			ext = map[string]any{}
		}
		ext["_type"] = "EXEC_ERROR"
		ext["cmd"] = execErr.Cmd
		ext["exitCode"] = execErr.ExitCode
		ext["stdout"] = execErr.Stdout
		ext["stderr"] = execErr.Stderr
	case errors.As(rerr, &gqlErr):
		ext = gqlErr.Extensions()
	}
	keys := make([]string, 0, len(ext))
	for k := range ext {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		val, err := json.Marshal(ext[k])
		if err != nil {
			continue
		}
		dagErr = dagjWithValue(dagErr, k, val)
	}
	return dagErr
}

`

// ifaceResultLines calls fn, whose result is a module interface, and returns
// the value as the engine's ID of it as that interface: any object that
// implements it (an engine-backed value received earlier, or an object of a
// dependency) is converted by load<Iface>FromID, which checks it.
func ifaceResultLines(fn *Func, callee string) []string {
	var args []string
	ctx := "context.Background()"
	if fn.HasCtx {
		args = append(args, "ctx")
		ctx = "ctx"
	}
	for i := range fn.Params {
		a := fmt.Sprintf("a%d", i)
		if fn.Variadic && i == len(fn.Params)-1 {
			a += "..."
		}
		args = append(args, a)
	}
	call := callee + "(" + strings.Join(args, ", ") + ")"
	if !fn.ReturnsErr {
		return []string{fmt.Sprintf("return dagjIfaceResult(%s, %q, %s)", ctx, fn.Result.Name, call)}
	}
	return []string{
		"res, err := " + call,
		"if err != nil {",
		"\treturn nil, err",
		"}",
		fmt.Sprintf("return dagjIfaceResult(%s, %q, res)", ctx, fn.Result.Name),
	}
}

// ifaceImplName is the engine-backed implementation of a module interface.
func ifaceImplName(iface string) string {
	return "dagjIface" + iface
}

// ifaceImpl writes the engine-backed implementation of a module interface
// that a function receives: the value is a selection path from Query
// (load<Iface>FromID(id) and, for chained methods, further fields); each
// method selects its field through the engine, which runs the implementing
// object's function in that object's module.
func (g *mainGen) ifaceImpl(it *Iface) error {
	impl := ifaceImplName(it.Name)
	if g.schema.Query().Field("load"+it.Name+"FromID") != nil {
		return fmt.Errorf("interface %s: the API already has a type named %s", it.Name, it.Name)
	}
	g.p("// %s is the %s a function receives: its methods call the implementing object through the engine.", impl, it.Name)
	g.p("type %s struct {", impl)
	g.p("\tpath []string")
	g.p("\terr  error")
	g.p("}")
	g.p("")
	g.p("var _ %s = (*%s)(nil)", it.Name, impl)
	g.p("")
	g.p("func (r *%s) XXX_GraphQLType() string { return %q }", impl, it.Name)
	g.p("")
	g.p("func (r *%s) XXX_GraphQLIDType() string { return %q }", impl, it.Name+"ID")
	g.p("")
	g.p("func (r *%s) XXX_GraphQLID(ctx context.Context) (string, error) {", impl)
	g.p("\tvar id string")
	g.p("\terr := dagjIfaceSelect(ctx, r.path, r.err, \"id\", &id)")
	g.p("\treturn id, err")
	g.p("}")
	g.p("")
	g.p("func (r *%s) MarshalJSON() ([]byte, error) {", impl)
	g.p("\tid, err := r.XXX_GraphQLID(context.Background())")
	g.p("\tif err != nil {")
	g.p("\t\treturn nil, err")
	g.p("\t}")
	g.p("\treturn json.Marshal(id)")
	g.p("}")
	g.p("")
	g.p("func (r *%s) UnmarshalJSON(data []byte) error {", impl)
	g.p("\tvar id string")
	g.p("\tif err := json.Unmarshal(data, &id); err != nil {")
	g.p("\t\treturn fmt.Errorf(\"%s: want an ID string: %%w\", err)", it.Name)
	g.p("\t}")
	g.p("\tq, _ := json.Marshal(id)")
	g.p("\tr.path = []string{\"load%sFromID(id: \" + string(q) + \")\"}", it.Name)
	g.p("\treturn nil")
	g.p("}")
	g.p("")
	for _, fn := range it.Methods {
		if err := g.ifaceMethod(it, impl, fn); err != nil {
			return fmt.Errorf("interface %s method %s: %w", it.Name, fn.Name, err)
		}
	}
	return nil
}

func (g *mainGen) ifaceMethod(it *Iface, impl string, fn *Func) error {
	var params []string
	ctx := "context.Background()"
	if fn.HasCtx {
		params = append(params, "ctx context.Context")
		ctx = "ctx"
	}
	for i, p := range fn.Params {
		t := p.Type.Expr()
		if fn.Variadic && i == len(fn.Params)-1 {
			t = "..." + p.Type.Elem.Expr()
		}
		params = append(params, fmt.Sprintf("p%d %s", i, t))
	}
	var results []string
	if fn.Result != nil {
		results = append(results, fn.Result.Expr())
	}
	if fn.ReturnsErr {
		results = append(results, "error")
	}
	res := strings.Join(results, ", ")
	if len(results) > 1 {
		res = "(" + res + ")"
	}
	g.p("func (r *%s) %s(%s) %s {", impl, fn.Name, strings.Join(params, ", "), res)
	var args []string
	for i, p := range fn.Params {
		args = append(args, fmt.Sprintf("{%q, p%d, %v}", lowerCamel(p.Name), i, p.Optional))
	}
	g.p("\tsel, err := dagjIfaceField(%s, %q, []dagjIfaceArg{%s})", ctx, lowerCamel(fn.Name), strings.Join(args, ", "))
	if r := fn.Result; r != nil && r.Kind == KUserIface {
		if fn.ReturnsErr {
			return fmt.Errorf("a method returning interface %s must not return an error (it is chainable)", r.Name)
		}
		g.p("\tpath := append(append([]string(nil), r.path...), sel)")
		g.p("\treturn &%s{path: path, err: errors.Join(r.err, err)}", ifaceImplName(r.Name))
		g.p("}")
		g.p("")
		return nil
	}
	zero := "nil"
	if fn.Result != nil {
		g.p("\tvar out %s", fn.Result.Expr())
		zero = "out"
	}
	ret := func(v string) string {
		switch {
		case fn.Result != nil && fn.ReturnsErr:
			return "return " + v + ", err"
		case fn.Result != nil:
			return "return " + v
		case fn.ReturnsErr:
			return "return err"
		}
		return "return"
	}
	// failed reports an error the signature cannot return as a panic, which
	// the entrypoint turns into the function's error.
	failed := func() {
		if !fn.ReturnsErr {
			g.p("\t\tpanic(fmt.Sprintf(\"%s.%s: %%v\", err))", it.Name, fn.Name)
		} else {
			g.p("\t\t%s", ret(zero))
		}
	}
	// selectLeaf selects the method's field into dst (a Go expression) and returns value.
	selectLeaf := func(dst, value string) {
		g.p("\tif err == nil {")
		g.p("\t\terr = dagjIfaceSelect(%s, r.path, r.err, sel, %s)", ctx, dst)
		g.p("\t}")
		if !fn.ReturnsErr {
			g.p("\tif err != nil {")
			failed()
			g.p("\t}")
		}
		g.p("\t%s", ret(value))
	}
	switch r := fn.Result; {
	case r == nil:
		selectLeaf("nil", "")
	case r.Kind == KCoreObject:
		load := "load" + r.Name + "FromID"
		if g.schema.Query().Field(load) == nil {
			return fmt.Errorf("result: the API has no Query.%s", load)
		}
		g.p("\tif err != nil {")
		failed()
		g.p("\t}")
		g.p("\tvar id string")
		g.p("\tif err = dagjIfaceSelect(%s, append(append([]string(nil), r.path...), sel), r.err, \"id\", &id); err != nil {", ctx)
		failed()
		g.p("\t}")
		g.p("\tout = dag.Load%sFromID(dagger.%sID(id))", goName(r.Name), goName(r.Name))
		g.p("\t%s", ret("out"))
	case r.Kind == KList && (r.Elem.Kind == KCoreObject || r.Elem.Kind == KUserIface || r.Elem.Kind == KList):
		return fmt.Errorf("result: lists of objects are not supported in interface methods yet")
	default:
		selectLeaf("&out", "out")
	}
	g.p("}")
	g.p("")
	return nil
}

// ifaceStatic is the schema-independent part of the interface
// implementations: building a field selection with its arguments, and
// running a selection path.
const ifaceStatic = `
type dagjIfaceArg struct {
	name     string
	value    any
	optional bool
}

// dagjIfaceField renders "field(arg: literal, ...)"; optional arguments left
// at their zero value are not sent.
func dagjIfaceField(ctx context.Context, name string, args []dagjIfaceArg) (string, error) {
	var parts []string
	for _, a := range args {
		if a.optional && dagjIsZero(a.value) {
			continue
		}
		lit, err := dagger.GraphQLLiteral(ctx, a.value)
		if err != nil {
			return "", fmt.Errorf("argument %s of %s: %w", a.name, name, err)
		}
		parts = append(parts, a.name+": "+lit)
	}
	if len(parts) == 0 {
		return name, nil
	}
	return name + "(" + strings.Join(parts, ", ") + ")", nil
}

func dagjIsZero(v any) bool {
	if v == nil {
		return true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	switch string(b) {
	case "null", "\"\"", "0", "false", "[]", "{}":
		return true
	}
	return false
}

// dagjIfaceResult turns a function's interface-typed result into the ID of
// the value as that interface (nil stays nil).
func dagjIfaceResult(ctx context.Context, iface string, v dagger.DaggerObject) (any, error) {
	if v == nil {
		return nil, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Ptr && rv.IsNil() {
		return nil, nil
	}
	id, err := v.XXX_GraphQLID(ctx)
	if err != nil {
		return nil, fmt.Errorf("the %s result: %w", iface, err)
	}
	q, _ := json.Marshal(id)
	var out string
	if err := dagjIfaceSelect(ctx, []string{"load" + iface + "FromID(id: " + string(q) + ")"}, nil, "id", &out); err != nil {
		return nil, fmt.Errorf("the %s result: %w", iface, err)
	}
	return out, nil
}

// dagjIfaceSelect runs query{path0{path1{...{leaf}}}} and decodes the leaf's
// value into dest (nil: only the error matters).
func dagjIfaceSelect(ctx context.Context, path []string, pathErr error, leaf string, dest any) error {
	if pathErr != nil {
		return pathErr
	}
	var q strings.Builder
	q.WriteString("query{")
	for _, p := range path {
		q.WriteString(p)
		q.WriteString("{")
	}
	q.WriteString(leaf)
	q.WriteString(strings.Repeat("}", len(path)+1))
	raw, err := dagger.ExecuteRawQuery(ctx, q.String())
	if err != nil {
		return err
	}
	for _, p := range append(append([]string(nil), path...), leaf) {
		name := p
		if i := strings.IndexAny(name, "({"); i >= 0 {
			name = name[:i]
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return fmt.Errorf("unexpected response to %s: %w", q.String(), err)
		}
		v, ok := obj[name]
		if !ok {
			return fmt.Errorf("unexpected response to %s: no %s", q.String(), name)
		}
		raw = v
	}
	if dest == nil {
		return nil
	}
	return json.Unmarshal(raw, dest)
}
`
