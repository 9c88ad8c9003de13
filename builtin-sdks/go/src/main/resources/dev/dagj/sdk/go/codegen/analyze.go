package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// TypeKind classifies the Go types a module function may use.
type TypeKind int

const (
	KString TypeKind = iota
	KInt
	KFloat
	KBool
	KList
	KCoreObject // *dagger.Container
	KUserObject // *Foo (a struct of the module)
	KCoreEnum   // dagger.ReturnType
	KUserEnum   // type Level string + consts
	KCoreScalar // dagger.Platform, dagger.JSON, dagger.ContainerID
	KUserIface  // Fooer (a Go interface of the module embedding DaggerObject)
)

// GoType is a supported Go type of a parameter, result or field.
type GoType struct {
	Kind TypeKind
	// Name: the Go type name for primitives ("string", "int64", or a local
	// named type such as "Tag"); the API type name otherwise.
	Name string
	Ptr  bool
	Elem *GoType // for KList
	// Opt: the type is dagger.Optional[<this type without Opt>] (parameters
	// and fields only); registered as optional.
	Opt bool
}

// Expr renders the type as Go source in the generated main package, where
// the client package is imported as "dagger".
func (t *GoType) Expr() string {
	if t.Opt {
		inner := *t
		inner.Opt = false
		return "dagger.Optional[" + inner.Expr() + "]"
	}
	p := ""
	if t.Ptr {
		p = "*"
	}
	switch t.Kind {
	case KList:
		return p + "[]" + t.Elem.Expr()
	case KCoreObject, KCoreEnum, KCoreScalar:
		return p + "dagger." + goName(t.Name)
	}
	return p + t.Name
}

// Module is the analysed user module.
type Module struct {
	Name        string // module name as in dagger.json
	MainObject  string
	Description string
	ModPath     string
	Objects     []*Object // main object first, then in discovery order
	Enums       []*Enum
	Interfaces  []*Iface // in discovery order
	// Declared holds the package's top-level identifiers.
	Declared map[string]bool
}

// Object is a user struct exposed as an API object.
type Object struct {
	Name        string
	Doc         string
	Fields      []*ObjField
	Methods     []*Func
	Constructor *Func
}

// Iface is a Go interface of the module that embeds DaggerObject: a module
// interface type. Its methods follow the client-side signature style.
type Iface struct {
	Name    string
	Doc     string
	Methods []*Func
}

// ObjField is a struct field that is serialized (and, unless private,
// exposed as an API field).
type ObjField struct {
	GoName   string
	JSONName string
	Type     *GoType
	Doc      string
	Exposed  bool
	// Embedded: an embedded struct of the package (Type is nil), kept in
	// the object's state under its type name but not part of the API.
	Embedded string
}

// Func is a method (or the New constructor).
type Func struct {
	Name        string
	Doc         string
	HasCtx      bool
	Params      []*Param
	Variadic    bool
	Result      *GoType // nil: no value
	ReturnsErr  bool
	CachePolicy string
	Pos         string
}

// Param is a function parameter.
type Param struct {
	Name        string
	Doc         string
	Type        *GoType
	Optional    bool
	Default     string // JSON, "" if none
	DefaultPath string
	Ignore      []string
}

// Enum is a user-defined string enum.
type Enum struct {
	Name    string
	Doc     string
	Members []*EnumMember
}

// EnumMember is one constant of a user enum.
type EnumMember struct {
	GoName string
	Name   string
	Value  string
	Doc    string
}

type analyzer struct {
	schema      *Schema
	fset        *token.FileSet
	srcDir      string
	modPath     string
	files       []*ast.File
	fileOf      map[*ast.File]string
	typeSpecs   map[string]*ast.TypeSpec
	typeDocs    map[string]string
	typeFile    map[string]*ast.File
	methods     map[string][]*ast.FuncDecl
	funcs       map[string]*ast.FuncDecl
	funcFile    map[*ast.FuncDecl]*ast.File
	consts      map[string][]*EnumMember // by type name
	declared    map[string]bool
	objects     map[string]*Object
	enums       map[string]*Enum
	ifaces      map[string]*Iface
	ifaceOrder  []string
	order       []string
	enumOrder   []string
	currentFile *ast.File
}

// errAt formats an error with a file:line position.
func (a *analyzer) errAt(pos token.Pos, format string, args ...any) error {
	p := a.fset.Position(pos)
	rel, err := filepath.Rel(a.srcDir, p.Filename)
	if err != nil {
		rel = p.Filename
	}
	return fmt.Errorf("%s:%d:%d: %s", rel, p.Line, p.Column, fmt.Sprintf(format, args...))
}

// userGoFiles lists the module's own Go files of the main package directory.
func userGoFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == "dagger.gen.go" {
			continue
		}
		out = append(out, filepath.Join(dir, n))
	}
	sort.Strings(out)
	return out, nil
}

// AnalyzeModule parses the module's main package and resolves the API it
// exposes.
func AnalyzeModule(schema *Schema, srcDir, moduleName, modPath string) (*Module, error) {
	a := &analyzer{
		schema: schema, fset: token.NewFileSet(), srcDir: srcDir, modPath: modPath,
		fileOf: map[*ast.File]string{}, typeSpecs: map[string]*ast.TypeSpec{}, typeDocs: map[string]string{},
		typeFile: map[string]*ast.File{}, methods: map[string][]*ast.FuncDecl{}, funcs: map[string]*ast.FuncDecl{},
		funcFile: map[*ast.FuncDecl]*ast.File{}, consts: map[string][]*EnumMember{}, declared: map[string]bool{},
		objects: map[string]*Object{}, enums: map[string]*Enum{}, ifaces: map[string]*Iface{},
	}
	paths, err := userGoFiles(srcDir)
	if err != nil {
		return nil, err
	}
	mod := &Module{Name: moduleName, MainObject: camelCase(moduleName), ModPath: modPath}
	for _, p := range paths {
		f, err := parser.ParseFile(a.fset, p, nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", filepath.Base(p), err)
		}
		if hasIgnoreBuildTag(f) || f.Name.Name != "main" {
			continue
		}
		a.files = append(a.files, f)
		a.fileOf[f] = p
		if f.Doc != nil && mod.Description == "" {
			_, mod.Description = parsePragmas(f.Doc.Text())
		}
		a.index(f)
	}
	mod.Declared = a.declared
	mainSpec, ok := a.typeSpecs[mod.MainObject]
	if !ok {
		return nil, fmt.Errorf("main object %q not found: module %q needs \"type %s struct{...}\" in package main of %s", mod.MainObject, moduleName, mod.MainObject, srcDir)
	}
	if _, ok := mainSpec.Type.(*ast.StructType); !ok {
		return nil, a.errAt(mainSpec.Pos(), "main object %s must be a struct type", mod.MainObject)
	}
	if _, err := a.object(mod.MainObject); err != nil {
		return nil, err
	}
	// Constructor.
	if fd, ok := a.funcs["New"]; ok {
		a.currentFile = a.funcFile[fd]
		fn, err := a.function(fd, "New")
		if err != nil {
			return nil, err
		}
		if err := checkIfaceParams(fn); err != nil {
			return nil, a.errAt(fd.Pos(), "New: %v", err)
		}
		if fn.Result == nil || fn.Result.Kind != KUserObject || fn.Result.Name != mod.MainObject {
			return nil, a.errAt(fd.Pos(), "constructor New must return *%s (optionally with an error)", mod.MainObject)
		}
		a.objects[mod.MainObject].Constructor = fn
	}
	for _, n := range a.order {
		mod.Objects = append(mod.Objects, a.objects[n])
	}
	for _, n := range a.enumOrder {
		mod.Enums = append(mod.Enums, a.enums[n])
	}
	for _, n := range a.ifaceOrder {
		mod.Interfaces = append(mod.Interfaces, a.ifaces[n])
	}
	return mod, nil
}

func hasIgnoreBuildTag(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") && strings.Contains(c.Text, "ignore") {
				return true
			}
		}
	}
	return false
}

func (a *analyzer) index(f *ast.File) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					a.declared[s.Name.Name] = true
					a.typeSpecs[s.Name.Name] = s
					a.typeFile[s.Name.Name] = f
					doc := s.Doc
					if doc == nil && len(d.Specs) == 1 {
						doc = d.Doc
					}
					if doc != nil {
						a.typeDocs[s.Name.Name] = doc.Text()
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						a.declared[n.Name] = true
					}
				}
			}
			if d.Tok == token.CONST {
				a.indexConsts(d)
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				a.declared[d.Name.Name] = true
				a.funcs[d.Name.Name] = d
				a.funcFile[d] = f
				continue
			}
			if len(d.Recv.List) != 1 {
				continue
			}
			rt := d.Recv.List[0].Type
			if st, ok := rt.(*ast.StarExpr); ok {
				rt = st.X
			}
			if id, ok := rt.(*ast.Ident); ok {
				a.methods[id.Name] = append(a.methods[id.Name], d)
				a.funcFile[d] = f
			}
		}
	}
}

func (a *analyzer) indexConsts(d *ast.GenDecl) {
	var lastType ast.Expr
	for _, spec := range d.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		typ := vs.Type
		if typ == nil && len(vs.Values) == 0 {
			typ = lastType
		}
		lastType = typ
		id, ok := typ.(*ast.Ident)
		if !ok {
			continue
		}
		doc := ""
		if vs.Doc != nil {
			doc = vs.Doc.Text()
		} else if vs.Comment != nil {
			doc = vs.Comment.Text()
		}
		_, doc = parsePragmas(doc)
		for i, n := range vs.Names {
			if i >= len(vs.Values) {
				continue
			}
			lit, ok := vs.Values[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				continue
			}
			a.consts[id.Name] = append(a.consts[id.Name], &EnumMember{GoName: n.Name, Name: n.Name, Value: v, Doc: doc})
		}
	}
}

// object analyses a user struct (once) and everything it references.
func (a *analyzer) object(name string) (*Object, error) {
	if o, ok := a.objects[name]; ok {
		return o, nil
	}
	spec := a.typeSpecs[name]
	st, ok := spec.Type.(*ast.StructType)
	if !ok {
		return nil, a.errAt(spec.Pos(), "%s is not a struct type", name)
	}
	_, doc := parsePragmas(a.typeDocs[name])
	obj := &Object{Name: name, Doc: doc}
	a.objects[name] = obj
	a.order = append(a.order, name)

	prevFile := a.currentFile
	defer func() { a.currentFile = prevFile }()
	a.currentFile = a.typeFile[name]
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			// Embedded fields are not part of the API; an embedded struct of
			// the package keeps its (exported) state between calls.
			if n := a.embeddedLocalStruct(f.Type); n != "" {
				obj.Fields = append(obj.Fields, &ObjField{GoName: n, JSONName: n, Embedded: types.ExprString(f.Type)})
			}
			continue
		}
		text := ""
		if f.Doc != nil {
			text = f.Doc.Text()
		}
		if text == "" && f.Comment != nil {
			text = f.Comment.Text()
		}
		pragmas, fdoc := parsePragmas(text)
		for _, n := range f.Names {
			exported := ast.IsExported(n.Name)
			jsonName := n.Name
			if f.Tag != nil {
				tag, _ := strconv.Unquote(f.Tag.Value)
				if v, ok := reflectTagLookup(tag, "json"); ok {
					tn, _, _ := strings.Cut(v, ",")
					if tn == "-" {
						continue
					}
					if tn != "" && exported {
						jsonName = tn
					}
				}
			}
			typ, err := a.resolveValueType(f.Type)
			if err != nil {
				if !exported {
					continue // unexported fields of other types are not kept
				}
				return nil, a.errAt(f.Type.Pos(), "field %s.%s: %v", name, n.Name, err)
			}
			p, private := pragmas["private"]
			obj.Fields = append(obj.Fields, &ObjField{
				GoName: n.Name, JSONName: jsonName, Type: typ, Doc: fdoc,
				Exposed: exported && !(private && p.Bool()),
			})
		}
	}
	decls := a.methods[name]
	sort.SliceStable(decls, func(i, j int) bool { return decls[i].Pos() < decls[j].Pos() })
	for _, fd := range decls {
		if !fd.Name.IsExported() {
			continue
		}
		switch fd.Name.Name {
		case "MarshalJSON", "UnmarshalJSON":
			continue
		}
		if strings.HasPrefix(fd.Name.Name, "XXX_") {
			continue
		}
		a.currentFile = a.funcFile[fd]
		fn, err := a.function(fd, name+"."+fd.Name.Name)
		if err != nil {
			return nil, err
		}
		if err := checkIfaceParams(fn); err != nil {
			return nil, a.errAt(fd.Pos(), "%s.%s: %v", name, fd.Name.Name, err)
		}
		obj.Methods = append(obj.Methods, fn)
	}
	return obj, nil
}

// embeddedLocalStruct returns the type name of an embedded field whose type
// is a struct (or pointer to a struct) declared in the package, else "".
func (a *analyzer) embeddedLocalStruct(e ast.Expr) string {
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return ""
	}
	if spec, ok := a.typeSpecs[id.Name]; ok {
		if _, ok := spec.Type.(*ast.StructType); ok {
			return id.Name
		}
	}
	return ""
}

func reflectTagLookup(tag, key string) (string, bool) {
	for tag != "" {
		tag = strings.TrimLeft(tag, " ")
		i := strings.Index(tag, ":")
		if i <= 0 || i+1 >= len(tag) || tag[i+1] != '"' {
			return "", false
		}
		name := tag[:i]
		rest := tag[i+1:]
		j := 1
		for j < len(rest) && rest[j] != '"' {
			if rest[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(rest) {
			return "", false
		}
		val, err := strconv.Unquote(rest[:j+1])
		if err != nil {
			return "", false
		}
		if name == key {
			return val, true
		}
		tag = rest[j+1:]
	}
	return "", false
}

// function analyses a method or constructor declaration.
func (a *analyzer) function(fd *ast.FuncDecl, label string) (*Func, error) {
	text := ""
	if fd.Doc != nil {
		text = fd.Doc.Text()
	}
	pragmas, doc := parsePragmas(text)
	fn := &Func{Name: fd.Name.Name, Doc: doc, Pos: a.fset.Position(fd.Pos()).String()}
	if p, ok := pragmas["cache"]; ok {
		fn.CachePolicy = p.String()
	}
	params := fd.Type.Params.List
	idx := 0
	type flatParam struct {
		name  *ast.Ident
		field *ast.Field
		index int
	}
	var flat []flatParam
	for i, f := range params {
		if len(f.Names) == 0 {
			flat = append(flat, flatParam{nil, f, i})
			continue
		}
		for _, n := range f.Names {
			flat = append(flat, flatParam{n, f, i})
		}
	}
	for _, fp := range flat {
		if idx == 0 && a.isContext(fp.field.Type) {
			fn.HasCtx = true
			idx++
			continue
		}
		idx++
		if fp.name == nil {
			return nil, a.errAt(fp.field.Pos(), "%s: parameters must be named", label)
		}
		if a.isContext(fp.field.Type) {
			return nil, a.errAt(fp.field.Pos(), "%s: context.Context must be the first parameter", label)
		}
		typExpr := fp.field.Type
		if el, ok := typExpr.(*ast.Ellipsis); ok {
			fn.Variadic = true
			typExpr = &ast.ArrayType{Lbrack: el.Pos(), Elt: el.Elt}
		}
		if _, ok := typExpr.(*ast.StructType); ok {
			return nil, a.errAt(fp.field.Pos(), "%s: inline struct parameters are not supported; declare one parameter per argument", label)
		}
		typ, err := a.resolveValueType(typExpr)
		if err != nil {
			return nil, a.errAt(fp.field.Type.Pos(), "%s: parameter %s: %v", label, fp.name.Name, err)
		}
		docText, lineText := a.paramComments(fd, fp.index)
		dp, ddoc := parsePragmas(docText)
		lp, ldoc := parsePragmas(lineText)
		for k, v := range lp {
			dp[k] = v
		}
		if ddoc == "" {
			ddoc = ldoc
		}
		param := &Param{Name: fp.name.Name, Doc: ddoc, Type: typ, Optional: typ.Opt}
		if p, ok := dp["optional"]; ok && !typ.Opt {
			param.Optional = p.Bool()
		}
		if p, ok := dp["default"]; ok {
			def, err := a.defaultJSON(p, typ)
			if err != nil {
				return nil, a.errAt(fp.field.Pos(), "%s: parameter %s: %v", label, fp.name.Name, err)
			}
			param.Default = def
		}
		if p, ok := dp["defaultPath"]; ok {
			param.DefaultPath = p.String()
			param.Optional = true
		}
		if p, ok := dp["ignore"]; ok {
			if err := json.Unmarshal([]byte(p.Raw), &param.Ignore); err != nil || !p.JSON {
				return nil, a.errAt(fp.field.Pos(), "%s: parameter %s: +ignore must be a JSON array of strings, got %s", label, fp.name.Name, p.Raw)
			}
		}
		fn.Params = append(fn.Params, param)
	}
	if fd.Type.Results != nil {
		var results []ast.Expr
		for _, r := range fd.Type.Results.List {
			n := len(r.Names)
			if n == 0 {
				n = 1
			}
			for i := 0; i < n; i++ {
				results = append(results, r.Type)
			}
		}
		switch len(results) {
		case 0:
		case 1:
			if isErrorIdent(results[0]) {
				fn.ReturnsErr = true
				break
			}
			t, err := a.resolveType(results[0])
			if err != nil {
				return nil, a.errAt(results[0].Pos(), "%s: result: %v", label, err)
			}
			fn.Result = t
		case 2:
			if !isErrorIdent(results[1]) {
				return nil, a.errAt(results[1].Pos(), "%s: the second result must be error", label)
			}
			fn.ReturnsErr = true
			t, err := a.resolveType(results[0])
			if err != nil {
				return nil, a.errAt(results[0].Pos(), "%s: result: %v", label, err)
			}
			fn.Result = t
		default:
			return nil, a.errAt(fd.Type.Results.Pos(), "%s: too many results (want T, (T, error), error or none)", label)
		}
	}
	return fn, nil
}

func isErrorIdent(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "error"
}

// defaultJSON turns a +default pragma into the JSON the engine expects.
func (a *analyzer) defaultJSON(p pragma, t *GoType) (string, error) {
	if t.Kind == KUserEnum || t.Kind == KCoreEnum {
		v := p.String()
		for _, m := range a.enumMembers(t) {
			if m.Name == v || m.Value == v || m.GoName == v || (t.Kind == KUserEnum && screamingSnake(v) == m.Name) {
				return strconv.Quote(m.Name), nil
			}
		}
		return "", fmt.Errorf("+default %q is not a member of enum %s", v, t.Name)
	}
	if p.JSON {
		return p.Raw, nil
	}
	b, _ := json.Marshal(p.Raw)
	return string(b), nil
}

func (a *analyzer) enumMembers(t *GoType) []*EnumMember {
	if t.Kind == KUserEnum {
		if e := a.enums[t.Name]; e != nil {
			return e.Members
		}
		return nil
	}
	var out []*EnumMember
	if st := a.schema.Type(t.Name); st != nil {
		for _, v := range st.EnumValues {
			out = append(out, &EnumMember{Name: v.Name, Value: v.Name})
		}
	}
	return out
}

// paramComments finds the comments of parameter field i: the comment
// groups between the previous parameter (or the opening parenthesis) and
// this one, and a comment that follows it on the same line.
func (a *analyzer) paramComments(fd *ast.FuncDecl, i int) (doc, line string) {
	f := a.currentFile
	if f == nil {
		return "", ""
	}
	list := fd.Type.Params.List
	field := list[i]
	start := fd.Type.Params.Opening
	startLine := a.fset.Position(start).Line
	if i > 0 {
		start = list[i-1].End()
		startLine = a.fset.Position(start).Line
	}
	end := fd.Type.Params.Closing
	if i+1 < len(list) {
		end = list[i+1].Pos()
	}
	fieldEndLine := a.fset.Position(field.End()).Line
	var docs, lines []string
	for _, cg := range f.Comments {
		if cg.Pos() <= start || cg.End() > end {
			continue
		}
		cgLine := a.fset.Position(cg.Pos()).Line
		switch {
		case cg.End() <= field.Pos():
			if i > 0 && cgLine == startLine {
				continue // the previous parameter's line comment
			}
			docs = append(docs, cg.Text())
		case cg.Pos() >= field.End() && cgLine == fieldEndLine:
			lines = append(lines, cg.Text())
		}
	}
	return strings.Join(docs, "\n"), strings.Join(lines, "\n")
}

func (a *analyzer) importPath(name string) (string, bool) {
	f := a.currentFile
	if f == nil {
		return "", false
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		local := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			local = imp.Name.Name
		}
		if local == name {
			return p, true
		}
	}
	return "", false
}

func (a *analyzer) isContext(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	p, _ := a.importPath(x.Name)
	return p == "context" && sel.Sel.Name == "Context"
}

func (a *analyzer) isDaggerImport(p string) bool {
	return p == a.modPath+"/internal/dagger"
}

// resolveValueType is resolveType for parameters and struct fields, which
// may also be dagger.Optional[T].
func (a *analyzer) resolveValueType(e ast.Expr) (*GoType, error) {
	if inner, ok := a.optionalElem(e); ok {
		t, err := a.resolveType(inner)
		if err != nil {
			return nil, err
		}
		t.Opt = true
		return t, nil
	}
	return a.resolveType(e)
}

// optionalElem returns T when e is dagger.Optional[T].
func (a *analyzer) optionalElem(e ast.Expr) (ast.Expr, bool) {
	ix, ok := e.(*ast.IndexExpr)
	if !ok {
		return nil, false
	}
	sel, ok := ix.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Optional" {
		return nil, false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil, false
	}
	p, _ := a.importPath(x.Name)
	if !a.isDaggerImport(p) {
		return nil, false
	}
	return ix.Index, true
}

// resolveType maps a Go type expression to a supported GoType.
func (a *analyzer) resolveType(e ast.Expr) (*GoType, error) {
	unsupported := func() error {
		return fmt.Errorf("unsupported type %s", types.ExprString(e))
	}
	if _, ok := a.optionalElem(e); ok {
		return nil, fmt.Errorf("%s: dagger.Optional is only supported as the type of a parameter or a struct field", types.ExprString(e))
	}
	switch t := e.(type) {
	case *ast.ParenExpr:
		return a.resolveType(t.X)
	case *ast.StarExpr:
		inner, err := a.resolveType(t.X)
		if err != nil {
			return nil, err
		}
		if inner.Ptr || inner.Kind == KList {
			return nil, unsupported()
		}
		inner.Ptr = true
		return inner, nil
	case *ast.ArrayType:
		if t.Len != nil {
			return nil, unsupported()
		}
		if id, ok := t.Elt.(*ast.Ident); ok && id.Name == "byte" {
			return nil, unsupported()
		}
		elem, err := a.resolveType(t.Elt)
		if err != nil {
			return nil, err
		}
		return &GoType{Kind: KList, Elem: elem}, nil
	case *ast.Ident:
		switch t.Name {
		case "string":
			return &GoType{Kind: KString, Name: "string"}, nil
		case "bool":
			return &GoType{Kind: KBool, Name: "bool"}, nil
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
			return &GoType{Kind: KInt, Name: t.Name}, nil
		case "float32", "float64":
			return &GoType{Kind: KFloat, Name: t.Name}, nil
		}
		spec, ok := a.typeSpecs[t.Name]
		if !ok {
			return nil, unsupported()
		}
		if spec.Assign.IsValid() {
			return a.resolveType(spec.Type)
		}
		switch u := spec.Type.(type) {
		case *ast.InterfaceType:
			if err := a.iface(t.Name, u); err != nil {
				return nil, err
			}
			return &GoType{Kind: KUserIface, Name: t.Name}, nil
		case *ast.StructType:
			if _, err := a.object(t.Name); err != nil {
				return nil, err
			}
			return &GoType{Kind: KUserObject, Name: t.Name}, nil
		case *ast.Ident:
			if members := a.consts[t.Name]; len(members) > 0 && u.Name == "string" {
				a.enum(t.Name, members)
				return &GoType{Kind: KUserEnum, Name: t.Name}, nil
			}
			base, err := a.resolveType(u)
			if err != nil || base.Kind > KBool {
				return nil, unsupported()
			}
			base.Name = t.Name
			return base, nil
		}
		return nil, unsupported()
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		if !ok {
			return nil, unsupported()
		}
		p, _ := a.importPath(x.Name)
		if !a.isDaggerImport(p) {
			return nil, unsupported()
		}
		name := t.Sel.Name
		if name == "Client" {
			return nil, unsupported()
		}
		st := a.schemaTypeForGoName(name)
		if st == nil {
			return nil, unsupported()
		}
		switch st.Kind {
		case "OBJECT", "INTERFACE":
			return &GoType{Kind: KCoreObject, Name: st.Name}, nil
		case "ENUM":
			return &GoType{Kind: KCoreEnum, Name: st.Name}, nil
		case "SCALAR":
			return &GoType{Kind: KCoreScalar, Name: st.Name}, nil
		}
		return nil, unsupported()
	}
	return nil, unsupported()
}

// iface analyses a Go interface used as a module interface type: it must
// embed DaggerObject, and each method is analysed like a function (named
// parameters after an optional context.Context; results T, (T, error) or
// error).
func (a *analyzer) iface(name string, it *ast.InterfaceType) error {
	if _, ok := a.ifaces[name]; ok {
		return nil
	}
	saved := a.currentFile
	a.currentFile = a.typeFile[name]
	defer func() { a.currentFile = saved }()
	_, doc := parsePragmas(a.typeDocs[name])
	out := &Iface{Name: name, Doc: doc}
	a.ifaces[name] = out // before the methods, which may return the interface itself
	embedsDaggerObject := false
	var methods []*ast.Field
	for _, f := range it.Methods.List {
		if len(f.Names) == 0 {
			if isDaggerObjectRef(f.Type) {
				embedsDaggerObject = true
				continue
			}
			delete(a.ifaces, name)
			return a.errAt(f.Pos(), "interface %s: embedded %s is not supported; a module interface embeds only DaggerObject", name, types.ExprString(f.Type))
		}
		methods = append(methods, f)
	}
	if !embedsDaggerObject {
		delete(a.ifaces, name)
		return a.errAt(it.Pos(), "interface %s must embed DaggerObject to be used as a module interface type", name)
	}
	if len(methods) == 0 {
		delete(a.ifaces, name)
		return a.errAt(it.Pos(), "interface %s has no methods besides DaggerObject", name)
	}
	for _, f := range methods {
		ft, ok := f.Type.(*ast.FuncType)
		if !ok {
			delete(a.ifaces, name)
			return a.errAt(f.Pos(), "interface %s: unsupported element %s", name, types.ExprString(f.Type))
		}
		for _, n := range f.Names {
			fd := &ast.FuncDecl{Doc: f.Doc, Name: n, Type: ft}
			fn, err := a.function(fd, name+"."+n.Name)
			if err != nil {
				delete(a.ifaces, name)
				return err
			}
			if err := checkIfaceMethod(fn); err != nil {
				delete(a.ifaces, name)
				return a.errAt(n.Pos(), "%s.%s: %v", name, n.Name, err)
			}
			out.Methods = append(out.Methods, fn)
		}
	}
	a.ifaceOrder = append(a.ifaceOrder, name)
	return nil
}

// checkIfaceParams rejects the interface-typed parameters of a module
// function that the generated dispatch cannot decode: a plain interface value
// (optional with +optional, nil when not given) or a slice of them.
func checkIfaceParams(fn *Func) error {
	for _, p := range fn.Params {
		t := p.Type
		switch {
		case t.Kind == KUserIface && (t.Opt || t.Ptr):
			return fmt.Errorf("parameter %s: take the interface %s itself (with // +optional when it may be left out), not a pointer or dagger.Optional", p.Name, t.Name)
		case t.Kind == KList && t.Elem.Kind == KUserIface && (t.Elem.Opt || t.Elem.Ptr):
			return fmt.Errorf("parameter %s: take a slice of the interface %s itself, not of pointers", p.Name, t.Elem.Name)
		case t.Kind == KList && t.Elem.Kind == KList && t.Elem.Elem != nil && t.Elem.Elem.Kind == KUserIface:
			return fmt.Errorf("parameter %s: lists of lists of interfaces are not supported", p.Name)
		}
	}
	return nil
}

// checkIfaceMethod rejects what the generated implementation cannot call:
// parameters and results of the module's own struct types (they are not
// part of the engine API other modules see) and variadic parameters.
func checkIfaceMethod(fn *Func) error {
	if fn.Variadic {
		return fmt.Errorf("variadic parameters are not supported in interface methods")
	}
	var userObj func(t *GoType) bool
	userObj = func(t *GoType) bool {
		if t == nil {
			return false
		}
		if t.Kind == KList {
			return userObj(t.Elem)
		}
		return t.Kind == KUserObject
	}
	for _, p := range fn.Params {
		if userObj(p.Type) {
			return fmt.Errorf("parameter %s: an interface method cannot take a struct of the module (%s); take an interface or an API type", p.Name, p.Type.Name)
		}
	}
	if userObj(fn.Result) {
		return fmt.Errorf("result: an interface method cannot return a struct of the module (%s); return an interface or an API type", fn.Result.Name)
	}
	if fn.Result != nil && fn.Result.Kind == KList && fn.Result.Elem.Kind == KUserIface {
		return fmt.Errorf("result: lists of interfaces are not supported in interface methods")
	}
	return nil
}

// isDaggerObjectRef reports whether e names DaggerObject (the module's alias
// or dagger.DaggerObject).
func isDaggerObjectRef(e ast.Expr) bool {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name == "DaggerObject"
	case *ast.SelectorExpr:
		return t.Sel.Name == "DaggerObject"
	}
	return false
}

func (a *analyzer) schemaTypeForGoName(goN string) *SchemaType {
	for _, st := range a.schema.Types {
		if st.Name == a.schema.Query().Name || strings.HasPrefix(st.Name, "__") {
			continue
		}
		if goName(st.Name) == goN {
			return st
		}
	}
	return nil
}

func (a *analyzer) enum(name string, members []*EnumMember) {
	if _, ok := a.enums[name]; ok {
		return
	}
	trim := true
	for _, m := range members {
		if !strings.HasPrefix(m.GoName, name) || len(m.GoName) == len(name) {
			trim = false
		}
	}
	for _, m := range members {
		m.Name = m.GoName
		if trim {
			m.Name = m.GoName[len(name):]
		}
		m.Name = screamingSnake(m.Name)
	}
	_, doc := parsePragmas(a.typeDocs[name])
	a.enums[name] = &Enum{Name: name, Doc: doc, Members: members}
	a.enumOrder = append(a.enumOrder, name)
}

// screamingSnake turns a Go constant name (with the enum type's prefix
// trimmed) into the enum member name Dagger's Go SDK registers: words split
// at case changes, acronym ends, digit boundaries and punctuation, joined
// with "_" and upper-cased (LevelHigh -> HIGH, HTTPServer -> HTTP_SERVER,
// V2Beta -> V_2_BETA).
func screamingSnake(s string) string {
	var words []string
	var cur []rune
	rs := []rune(s)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = nil
		}
	}
	kind := func(r rune) int {
		switch {
		case unicode.IsUpper(r):
			return 1
		case unicode.IsLower(r):
			return 2
		case unicode.IsDigit(r):
			return 3
		}
		return 0
	}
	for i, r := range rs {
		k := kind(r)
		if k == 0 {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := kind(cur[len(cur)-1])
			switch {
			case k == 3 && prev != 3, k != 3 && prev == 3:
				flush()
			case k == 1 && prev == 2:
				flush()
			case k == 1 && prev == 1 && i+1 < len(rs) && kind(rs[i+1]) == 2:
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return strings.ToUpper(strings.Join(words, "_"))
}
