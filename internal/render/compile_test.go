package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/briefbook/briefbook/internal/model"
)

// The compiler of one template to a Go function, for gen_test.go.

// value is a Go expression and its type.
type value struct {
	expr string
	typ  reflect.Type
}

type variable struct {
	name string // "$b"
	value
}

// fnCompiler compiles one template to the body of a Go function.
type fnCompiler struct {
	c    *compiler
	name string
	b    bytes.Buffer
	dot  value
	vars []variable
	n    int // Go variables declared
}

func (f *fnCompiler) newVar(base string) string {
	f.n++
	return fmt.Sprintf("%s%d", goName(strings.TrimPrefix(base, "$")), f.n)
}

func (f *fnCompiler) list(l *parse.ListNode) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		if err := f.node(n); err != nil {
			return err
		}
	}
	return nil
}

// scoped compiles body with the variables and dot as they are, and
// restores them after: a template variable lives until the end of the
// control structure declaring it.
func (f *fnCompiler) scoped(body func() error) error {
	vars, dot := len(f.vars), f.dot
	err := body()
	f.vars, f.dot = f.vars[:vars], dot
	return err
}

func (f *fnCompiler) node(n parse.Node) error {
	switch n := n.(type) {
	case *parse.TextNode:
		if len(n.Text) > 0 {
			fmt.Fprintf(&f.b, "p.w.WriteString(%q)\n", n.Text)
		}
		return nil
	case *parse.ActionNode:
		return f.action(n)
	case *parse.IfNode:
		return f.branch(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return f.branch(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return f.rangeNode(n)
	case *parse.TemplateNode:
		return f.template(n)
	}
	return fmt.Errorf("%s: unsupported node %s", f.pos(n), n)
}

func (f *fnCompiler) pos(n parse.Node) string {
	return fmt.Sprintf("%s: offset %d", f.name, n.Position())
}

// declare binds the variables of pipe's declaration to v.
func (f *fnCompiler) declare(pipe *parse.PipeNode, v value) error {
	if pipe.IsAssign || len(pipe.Decl) != 1 {
		return fmt.Errorf("%s: only declarations of one variable are supported", f.pos(pipe))
	}
	name := f.newVar(pipe.Decl[0].Ident[0])
	fmt.Fprintf(&f.b, "%s := %s\n_ = %s\n", name, v.expr, name)
	f.vars = append(f.vars, variable{pipe.Decl[0].Ident[0], value{name, v.typ}})
	return nil
}

func (f *fnCompiler) action(n *parse.ActionNode) error {
	cmds := n.Pipe.Cmds
	var escapers []string
	for len(cmds) > 0 {
		id, ok := cmds[len(cmds)-1].Args[0].(*parse.IdentifierNode)
		if !ok || !strings.HasPrefix(id.Ident, "_html_template_") || len(cmds[len(cmds)-1].Args) != 1 {
			break
		}
		escapers = append([]string{strings.TrimPrefix(id.Ident, "_html_template_")}, escapers...)
		cmds = cmds[:len(cmds)-1]
	}
	if len(n.Pipe.Decl) > 0 {
		if len(escapers) > 0 {
			return fmt.Errorf("%s: escaped declaration", f.pos(n))
		}
		v, err := f.pipeline(n.Pipe.Cmds)
		if err != nil {
			return err
		}
		return f.declare(n.Pipe, v)
	}
	if body, ok := f.contentField(cmds); ok && strings.Join(escapers, " ") == "htmlescaper" {
		fmt.Fprintf(&f.b, "if err := p.body(r, %s.Brief); err != nil {\nreturn err\n}\n", body.expr)
		return nil
	}
	v, err := f.pipeline(cmds)
	if err != nil {
		return err
	}
	return f.print(n, v, strings.Join(escapers, " "))
}

// contentField reports whether cmds is the field Content of a *BriefData,
// which the generated page writes with pageWriter.body, and returns the
// BriefData.
func (f *fnCompiler) contentField(cmds []*parse.CommandNode) (value, bool) {
	if len(cmds) != 1 || len(cmds[0].Args) != 1 {
		return value{}, false
	}
	var recv value
	var idents []string
	switch a := cmds[0].Args[0].(type) {
	case *parse.FieldNode:
		recv, idents = f.dot, a.Ident
	case *parse.VariableNode:
		v, ok := f.lookup(a.Ident[0])
		if !ok {
			return value{}, false
		}
		recv, idents = v, a.Ident[1:]
	default:
		return value{}, false
	}
	if len(idents) == 0 || idents[len(idents)-1] != "Content" {
		return value{}, false
	}
	v, err := f.fields(recv, idents[:len(idents)-1], nil, nil)
	return v, err == nil && v.typ == reflect.TypeFor[*BriefData]()
}

// print writes v through the escapers html/template put after it.
func (f *fnCompiler) print(n parse.Node, v value, escapers string) error {
	kind := v.typ.Kind()
	switch {
	case v.typ == reflect.TypeFor[template.HTML]() && escapers == "htmlescaper":
		fmt.Fprintf(&f.b, "p.html(%s)\n", v.expr)
	case v.typ == reflect.TypeFor[string]() && (escapers == "htmlescaper" || escapers == "attrescaper" || escapers == "rcdataescaper"):
		fmt.Fprintf(&f.b, "p.esc(%s)\n", v.expr)
	case v.typ == reflect.TypeFor[int]() && (escapers == "htmlescaper" || escapers == "attrescaper" || escapers == "rcdataescaper" || escapers == "urlescaper attrescaper"):
		// An int's decimal digits and minus sign are left as they are by
		// every one of these escapers.
		fmt.Fprintf(&f.b, "p.int(%s)\n", v.expr)
	case kind == reflect.String && v.typ.PkgPath() == "" && escapers == "urlfilter urlnormalizer attrescaper":
		fmt.Fprintf(&f.b, "p.url(%s)\n", v.expr)
	case kind == reflect.String && v.typ.PkgPath() == "" && escapers == "urlescaper attrescaper":
		fmt.Fprintf(&f.b, "p.fragment(%s)\n", v.expr)
	default:
		return fmt.Errorf("%s: printing a %s through %q is not supported", f.pos(n), v.typ, escapers)
	}
	return nil
}

// branch compiles if (with false) and with.
func (f *fnCompiler) branch(pipe *parse.PipeNode, list, elseList *parse.ListNode, with bool) error {
	v, err := f.pipeline(pipe.Cmds)
	if err != nil {
		return err
	}
	name := f.newVar("c")
	fmt.Fprintf(&f.b, "if %s := %s; %s {\n", name, v.expr, truth(value{name, v.typ}))
	err = f.scoped(func() error {
		if len(pipe.Decl) > 0 {
			if err := f.declare(pipe, value{name, v.typ}); err != nil {
				return err
			}
		}
		if with {
			f.dot = value{name, v.typ}
		}
		return f.list(list)
	})
	if err != nil {
		return err
	}
	if elseList != nil {
		f.b.WriteString("} else {\n")
		if err := f.scoped(func() error { return f.list(elseList) }); err != nil {
			return err
		}
	}
	f.b.WriteString("}\n")
	return nil
}

func (f *fnCompiler) rangeNode(n *parse.RangeNode) error {
	v, err := f.pipeline(n.Pipe.Cmds)
	if err != nil {
		return err
	}
	if v.typ.Kind() != reflect.Slice {
		return fmt.Errorf("%s: range over %s is not supported", f.pos(n), v.typ)
	}
	list, i, elem := f.newVar("list"), f.newVar("i"), f.newVar("elem")
	fmt.Fprintf(&f.b, "if %s := %s; len(%s) > 0 {\nfor %s, %s := range %s {\n_, _ = %s, %s\n", list, v.expr, list, i, elem, list, i, elem)
	err = f.scoped(func() error {
		decl := n.Pipe.Decl
		switch len(decl) {
		case 1:
			f.vars = append(f.vars, variable{decl[0].Ident[0], value{elem, v.typ.Elem()}})
		case 2:
			f.vars = append(f.vars, variable{decl[0].Ident[0], value{i, reflect.TypeFor[int]()}},
				variable{decl[1].Ident[0], value{elem, v.typ.Elem()}})
		}
		f.dot = value{elem, v.typ.Elem()}
		return f.list(n.List)
	})
	if err != nil {
		return err
	}
	f.b.WriteString("}\n")
	if n.ElseList != nil {
		f.b.WriteString("} else {\n")
		if err := f.scoped(func() error { return f.list(n.ElseList) }); err != nil {
			return err
		}
	}
	f.b.WriteString("}\n")
	return nil
}

func (f *fnCompiler) template(n *parse.TemplateNode) error {
	arg := value{"nil", nil}
	if n.Pipe != nil {
		var err error
		if arg, err = f.pipeline(n.Pipe.Cmds); err != nil {
			return err
		}
	}
	if arg.typ == nil {
		return fmt.Errorf("%s: template %q called without dot", f.pos(n), n.Name)
	}
	fn, err := f.c.compile(n.Name, arg.typ)
	if err != nil {
		return err
	}
	fmt.Fprintf(&f.b, "if err := %s(r, p, %s); err != nil {\nreturn err\n}\n", fn, arg.expr)
	return nil
}

// truth returns the Go condition for text/template's truth of v.
func truth(v value) string {
	switch v.typ.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return "len(" + v.expr + ") > 0"
	case reflect.Bool:
		return v.expr
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return v.expr + " != 0"
	case reflect.Pointer, reflect.Interface, reflect.Func, reflect.Chan:
		return v.expr + " != nil"
	}
	return "true" // a struct
}

func (f *fnCompiler) lookup(name string) (value, bool) {
	for i := len(f.vars) - 1; i >= 0; i-- {
		if f.vars[i].name == name {
			return f.vars[i].value, true
		}
	}
	return value{}, false
}

// pipeline compiles cmds, each command's value passed to the next as its
// last argument.
func (f *fnCompiler) pipeline(cmds []*parse.CommandNode) (value, error) {
	var v *value
	for _, cmd := range cmds {
		x, err := f.command(cmd, v)
		if err != nil {
			return value{}, err
		}
		v = &x
	}
	if v == nil {
		return value{}, fmt.Errorf("%s: empty pipeline", f.name)
	}
	return *v, nil
}

func (f *fnCompiler) command(cmd *parse.CommandNode, final *value) (value, error) {
	first, rest := cmd.Args[0], cmd.Args[1:]
	switch a := first.(type) {
	case *parse.IdentifierNode:
		return f.call(cmd, a.Ident, rest, final)
	case *parse.FieldNode:
		return f.fields(f.dot, a.Ident, rest, final)
	case *parse.VariableNode:
		v, ok := f.lookup(a.Ident[0])
		if !ok {
			return value{}, fmt.Errorf("%s: undefined variable %s", f.pos(a), a.Ident[0])
		}
		return f.fields(v, a.Ident[1:], rest, final)
	}
	if len(rest) > 0 || final != nil {
		return value{}, fmt.Errorf("%s: %s cannot take arguments", f.pos(cmd), first)
	}
	return f.arg(first)
}

// arg compiles an argument of a command.
func (f *fnCompiler) arg(n parse.Node) (value, error) {
	switch a := n.(type) {
	case *parse.DotNode:
		return f.dot, nil
	case *parse.StringNode:
		return value{strconv.Quote(a.Text), reflect.TypeFor[string]()}, nil
	case *parse.NumberNode:
		if a.IsInt {
			return value{strconv.FormatInt(a.Int64, 10), reflect.TypeFor[int]()}, nil
		}
	case *parse.BoolNode:
		return value{strconv.FormatBool(a.True), reflect.TypeFor[bool]()}, nil
	case *parse.PipeNode:
		if len(a.Decl) == 0 {
			return f.pipeline(a.Cmds)
		}
	case *parse.FieldNode, *parse.VariableNode:
		return f.command(&parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Position(), Args: []parse.Node{n}}, nil)
	}
	return value{}, fmt.Errorf("%s: unsupported argument %s", f.pos(n), n)
}

// args compiles the arguments of a call, final last.
func (f *fnCompiler) args(nodes []parse.Node, final *value) ([]value, error) {
	var out []value
	for _, n := range nodes {
		v, err := f.arg(n)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if final != nil {
		out = append(out, *final)
	}
	return out, nil
}

// fields compiles the chain of fields and methods idents on recv; the
// last may be a method taking args.
func (f *fnCompiler) fields(recv value, idents []string, args []parse.Node, final *value) (value, error) {
	v := recv
	for i, id := range idents {
		last := i == len(idents)-1
		m, ok := v.typ.MethodByName(id)
		if !ok && v.typ.Kind() != reflect.Pointer && v.typ.Kind() != reflect.Interface {
			// text/template calls pointer methods of addressable values,
			// as Go does
			m, ok = reflect.PointerTo(v.typ).MethodByName(id)
		}
		if ok && m.IsExported() {
			var in []value
			if last {
				var err error
				if in, err = f.args(args, final); err != nil {
					return value{}, err
				}
			}
			return f.goCall(v.expr+"."+id, m.Type, in, 1, id)
		}
		t := v.typ
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return value{}, fmt.Errorf("%s: %s has no field %s", f.name, v.typ, id)
		}
		field, ok := t.FieldByName(id)
		if !ok || !field.IsExported() {
			return value{}, fmt.Errorf("%s: %s has no field %s", f.name, v.typ, id)
		}
		if id == "Content" && t == reflect.TypeFor[BriefData]() {
			return value{}, fmt.Errorf("%s: BriefData.Content may only be printed, see pageWriter.body", f.name)
		}
		v = value{v.expr + "." + id, field.Type}
	}
	if len(args) > 0 || final != nil {
		return value{}, fmt.Errorf("%s: field %s cannot take arguments", f.name, strings.Join(idents, "."))
	}
	return v, nil
}

// call compiles a call of the func or builtin name.
func (f *fnCompiler) call(cmd *parse.CommandNode, name string, nodes []parse.Node, final *value) (value, error) {
	args, err := f.args(nodes, final)
	if err != nil {
		return value{}, err
	}
	if expr, ok := genFuncs[name]; ok {
		fn, ok := (&Renderer{}).funcs()[name]
		if !ok {
			return value{}, fmt.Errorf("%s: no func %s", f.pos(cmd), name)
		}
		return f.goCall(expr, reflect.TypeOf(fn), args, 0, name)
	}
	basic := func(v value) bool {
		switch v.typ.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.String:
			return true
		}
		return false
	}
	switch {
	case (name == "eq" || name == "ne") && len(args) == 2 && basic(args[0]) && args[0].typ == args[1].typ,
		(name == "lt" || name == "le" || name == "gt" || name == "ge") && len(args) == 2 && basic(args[0]) &&
			args[0].typ.Kind() != reflect.Bool && args[0].typ == args[1].typ:
		// text/template compares two values of one basic kind as Go does
		// (its lt and the others reject booleans).
		op := map[string]string{"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[name]
		return value{"(" + args[0].expr + " " + op + " " + args[1].expr + ")", reflect.TypeFor[bool]()}, nil
	case name == "len" && len(args) == 1 && truth(args[0]) == "len("+args[0].expr+") > 0":
		return value{"len(" + args[0].expr + ")", reflect.TypeFor[int]()}, nil
	case name == "not" && len(args) == 1:
		return value{"!(" + truth(args[0]) + ")", reflect.TypeFor[bool]()}, nil
	case name == "or" && len(args) == 2 && basic(args[0]) && args[0].typ == args[1].typ:
		return value{"or(" + args[0].expr + ", " + args[1].expr + ")", args[0].typ}, nil
	}
	return value{}, fmt.Errorf("%s: unsupported call of %s with %d arguments", f.pos(cmd), name, len(args))
}

// goCall compiles a call of the Go function expr of type ft (whose first
// skip inputs are a method's receiver) with args. A function returning an
// error is called in a statement of its own, which returns the error.
func (f *fnCompiler) goCall(expr string, ft reflect.Type, args []value, skip int, name string) (value, error) {
	if ft.IsVariadic() || ft.NumIn()-skip != len(args) {
		return value{}, fmt.Errorf("%s: %s takes %d arguments, given %d", f.name, name, ft.NumIn()-skip, len(args))
	}
	exprs := make([]string, len(args))
	for i, a := range args {
		if !a.typ.AssignableTo(ft.In(i + skip)) {
			return value{}, fmt.Errorf("%s: argument %d of %s is a %s, not a %s", f.name, i+1, name, a.typ, ft.In(i+skip))
		}
		exprs[i] = a.expr
	}
	call := expr + "(" + strings.Join(exprs, ", ") + ")"
	switch {
	case ft.NumOut() == 1:
		return value{call, ft.Out(0)}, nil
	case ft.NumOut() == 2 && ft.Out(1) == reflect.TypeFor[error]():
		v := f.newVar(name)
		fmt.Fprintf(&f.b, "%s, err := %s\nif err != nil {\nreturn err\n}\n", v, call)
		return value{v, ft.Out(0)}, nil
	}
	return value{}, fmt.Errorf("%s: %s returns %d values", f.name, name, ft.NumOut())
}

// typeName returns the Go name of t in package render.
func typeName(t reflect.Type) string {
	return strings.ReplaceAll(t.String(), "render.", "")
}

// goName returns s with every byte that cannot be in a Go identifier
// replaced by '_'.
func goName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// TestCompilerUnsupported checks that what the compiler does not handle
// is an error naming it, never Go code that could differ from the
// template.
func TestCompilerUnsupported(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{`{{ printf "%s" .Title }}`, "unsupported call of printf"},
		{`<a title="{{ .Title | html }}">`, "unsupported call of html"},
		{`<script>var x = {{ .Title }};</script>`, "printing a string through \"jsvalescaper\""},
		{`{{ range .Missing }}{{ . }}{{ end }}`, "has no field Missing"},
		{`{{ $x := 1 }}{{ $x = 2 }}`, "only declarations of one variable"},
		{`<p>{{ .Title }}</p>`, ""},
	} {
		set := template.Must(template.New("t").Funcs((&Renderer{}).funcs()).Parse(tt.text))
		set.Execute(io.Discard, &model.Brief{}) // escapes it
		_, err := newCompiler(set, "x").compile("t", reflect.TypeFor[*model.Brief]())
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: error %v, want %q", tt.text, err, tt.want)
		}
	}
}
