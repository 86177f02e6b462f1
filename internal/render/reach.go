package render

import (
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"sort"
	"text/template/parse"
)

// A page's templates read only part of the book: a brief's page shows its
// own brief, the titles and dates of its related briefs, the names of its
// actors, and so on. reach finds that part without running the templates:
// it follows the parse trees of a page kind's set (the page's file, the
// layout, the partials it calls through template, once, item and chrome),
// from the page's dot, and notes every path of fields it can read
// (".Brief.Related.*.Title", "*" for the elements of a list). A path is
// noted with how it is read: its whole value (printed, passed to a func,
// compared), or only whether it is empty (if, with, range, and, or).
//
// Fingerprint (see fingerprint.go) then walks a page's actual data along
// those paths and hashes what it finds. Two pages of one renderer with the
// same fingerprint read the same values, so they have the same bytes; that
// is what lets package site find the pages an edit changed without
// rendering the others. The analysis gives up (the page kind has no
// fingerprint, and its pages are compared by rendering them) on anything it
// cannot bound: a func it does not know, call, once or chrome with a name
// that is not a constant, or templates nested too deeply.

// pathNode is a node of the tree of paths a page kind reads, rooted at the
// page's dot.
type pathNode struct {
	whole bool                 // the value itself is read
	truth bool                 // whether the value is empty is read
	kids  map[string]*pathNode // by field, method or map key; "*" for every element
	order []string             // the keys of kids, sorted (set by seal)
}

func (n *pathNode) kid(name string) *pathNode {
	if n.kids == nil {
		n.kids = map[string]*pathNode{}
	}
	k := n.kids[name]
	if k == nil {
		k = &pathNode{}
		n.kids[name] = k
	}
	return k
}

// seal sorts the keys of every node, so that walks hash in one order.
func (n *pathNode) seal() {
	n.order = n.order[:0]
	for k, c := range n.kids {
		n.order = append(n.order, k)
		c.seal()
	}
	sort.Strings(n.order)
}

// absVal is what the analysis knows of a value: where it is in the page's
// data (node), and its static type (nil when unknown: an interface).
type absVal struct {
	node *pathNode
	typ  reflect.Type
}

// reachLimit bounds the nesting of template calls the analysis follows.
const reachLimit = 32

// analysis is the state of one page kind's analysis.
type analysis struct {
	page   *template.Template // the kind's set
	shared *template.Template // layout and partials, for once and item
	funcs  template.FuncMap   // the theme's funcs, for derivedFuncs' types
	failed error              // why the kind cannot be bounded, or nil
	seen   map[visitKey]bool
	depth  int
}

type visitKey struct {
	tree *parse.Tree
	node *pathNode
	typ  reflect.Type
}

// analyzeKind returns the paths the templates of kind k read from their
// dot, a *Data, or an error saying why they cannot be bounded.
func analyzeKind(sets templateSets, funcs template.FuncMap, k string) (*pathNode, error) {
	pt := sets.pages[k]
	a := &analysis{page: pt.tmpl, shared: sets.shared, funcs: funcs, seen: map[visitKey]bool{}}
	root := &pathNode{}
	a.call(a.page, pt.name, []absVal{{root, reflect.TypeOf(&Data{})}})
	if a.failed != nil {
		return nil, a.failed
	}
	root.seal()
	return root, nil
}

func (a *analysis) fail(format string, args ...any) {
	if a.failed == nil {
		a.failed = fmt.Errorf(format, args...)
	}
}

// call follows template name of set with dot.
func (a *analysis) call(set *template.Template, name string, dot []absVal) {
	t := set.Lookup(name)
	if t == nil || t.Tree == nil {
		return // executing it fails: the page has no bytes to compare
	}
	if a.depth >= reachLimit {
		a.fail("templates nested more than %d deep", reachLimit)
		return
	}
	a.depth++
	defer func() { a.depth-- }()
	for _, d := range dot {
		k := visitKey{t.Tree, d.node, d.typ}
		if a.seen[k] {
			continue
		}
		a.seen[k] = true
		s := &scope{a: a, set: set, vars: map[string][]absVal{"$": {d}}}
		// Variables hold the union of every value assigned to them, so a
		// use sees them all; a loop can assign a value that a use earlier
		// in its body reads on the next turn, hence passes until no
		// variable gains a value.
		for pass := 0; ; pass++ {
			s.grew = false
			s.list(t.Tree.Root, []absVal{d})
			if !s.grew {
				break
			}
			if pass == 8 {
				a.fail("variables of %s do not settle", name)
				return
			}
		}
	}
}

// scope is the state of the walk of one template: its set and variables.
type scope struct {
	a    *analysis
	set  *template.Template
	vars map[string][]absVal
	grew bool // a variable gained a value in this pass
}

// assign adds v to the values of variable name.
func (s *scope) assign(name string, v []absVal) {
	old := s.vars[name]
	for _, x := range v {
		if !slices.Contains(old, x) {
			old = append(old, x)
			s.grew = true
		}
	}
	s.vars[name] = old
}

func (s *scope) list(l *parse.ListNode, dot []absVal) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		s.node(n, dot)
	}
}

func (s *scope) node(n parse.Node, dot []absVal) {
	switch n := n.(type) {
	case *parse.ActionNode:
		v := s.pipe(n.Pipe, dot)
		if len(n.Pipe.Decl) == 0 {
			readWhole(v)
		}
	case *parse.IfNode:
		readTruth(s.pipe(n.Pipe, dot))
		s.list(n.List, dot)
		s.list(n.ElseList, dot)
	case *parse.WithNode:
		v := s.pipe(n.Pipe, dot)
		readTruth(v)
		s.list(n.List, v)
		s.list(n.ElseList, dot)
	case *parse.RangeNode:
		s.rangeNode(n, dot)
	case *parse.TemplateNode:
		// Without a pipeline the template's dot is nil: it is still
		// followed, from a node of no page's data, for its funcs.
		v := []absVal{{&pathNode{}, nil}}
		if n.Pipe != nil {
			v = s.pipe(n.Pipe, dot)
		}
		s.a.call(s.set, n.Name, v)
	case *parse.ListNode:
		s.list(n, dot)
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
	default:
		s.a.fail("template node %s not understood", n)
	}
}

func (s *scope) rangeNode(n *parse.RangeNode, dot []absVal) {
	v := s.cmds(n.Pipe, dot)
	readTruth(v)
	var elems []absVal
	for _, x := range v {
		t := deref(x.typ)
		switch {
		case t == nil:
			x.node.whole = true
		case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
			elems = append(elems, absVal{x.node.kid("*"), t.Elem()})
		default: // an integer (how many turns), maps (sorted keys), channels, funcs: read whole
			x.node.whole = true
		}
	}
	decl := n.Pipe.Decl
	if len(decl) > 0 {
		s.assign(decl[len(decl)-1].Ident[0], elems) // the index, if any, is a constant
	}
	s.list(n.List, elems)
	s.list(n.ElseList, dot)
}

// pipe returns what the pipeline may give, noting what it reads.
func (s *scope) pipe(p *parse.PipeNode, dot []absVal) []absVal {
	v := s.cmds(p, dot)
	if p != nil {
		for _, d := range p.Decl {
			s.assign(d.Ident[0], v)
		}
	}
	return v
}

// cmds returns what the commands of p may give, without assigning p's
// variables.
func (s *scope) cmds(p *parse.PipeNode, dot []absVal) []absVal {
	if p == nil {
		return nil
	}
	var v []absVal
	for i, c := range p.Cmds {
		var final []absVal
		if i > 0 {
			final = v
		}
		v = s.command(c, dot, final, i > 0)
	}
	return v
}

// command returns what command c may give; final is the value piped in.
func (s *scope) command(c *parse.CommandNode, dot, final []absVal, piped bool) []absVal {
	if len(c.Args) == 0 {
		return nil
	}
	args := make([][]absVal, 0, len(c.Args))
	for _, arg := range c.Args[1:] {
		args = append(args, s.arg(arg, dot))
	}
	if piped {
		args = append(args, final)
	}
	switch first := c.Args[0].(type) {
	case *parse.IdentifierNode:
		return s.fn(first.Ident, c.Args[1:], args)
	case *parse.FieldNode:
		return s.fields(dot, first.Ident, args)
	case *parse.VariableNode:
		return s.fields(s.vars[first.Ident[0]], first.Ident[1:], args)
	case *parse.ChainNode:
		return s.fields(s.arg(first.Node, dot), first.Field, args)
	default:
		for _, x := range args {
			readWhole(x)
		}
		return s.arg(first, dot)
	}
}

// arg returns what an argument may give.
func (s *scope) arg(n parse.Node, dot []absVal) []absVal {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.fields(dot, n.Ident, nil)
	case *parse.VariableNode:
		return s.fields(s.vars[n.Ident[0]], n.Ident[1:], nil)
	case *parse.ChainNode:
		return s.fields(s.arg(n.Node, dot), n.Field, nil)
	case *parse.PipeNode:
		return s.pipe(n, dot)
	case *parse.IdentifierNode:
		return s.fn(n.Ident, nil, nil)
	default: // constants
		return nil
	}
}

// fields follows a chain of field, method or key names from v. args are
// the arguments of a method at its end, read whole.
func (s *scope) fields(v []absVal, names []string, args [][]absVal) []absVal {
	for i, name := range names {
		last := i == len(names)-1
		var next []absVal
		for _, x := range v {
			next = append(next, s.step(x, name, last && len(args) > 0)...)
		}
		v = next
	}
	for _, x := range args {
		readWhole(x)
	}
	return v
}

// step returns the value of name in x: a field, the result of a method, or
// the value of a map key. A method given arguments (withArgs) reads its
// receiver whole.
func (s *scope) step(x absVal, name string, withArgs bool) []absVal {
	if x.typ == nil {
		x.node.whole = true
		return nil
	}
	t := x.typ
	if t.Kind() == reflect.Interface {
		x.node.whole = true
		return nil
	}
	pt := t
	if t.Kind() != reflect.Pointer {
		pt = reflect.PointerTo(t)
	}
	if m, ok := pt.MethodByName(name); ok {
		if withArgs || m.Type.NumIn() > 1 {
			x.node.whole = true
			return nil
		}
		out := m.Type.Out(0)
		return []absVal{{x.node.kid(name + "()"), out}}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		f, ok := t.FieldByName(name)
		if !ok || !f.IsExported() {
			return nil // an error when executed
		}
		return []absVal{{x.node.kid(name), f.Type}}
	case reflect.Map:
		return []absVal{{x.node.kid(name), t.Elem()}}
	}
	return nil
}

// fn returns what calling the template func name may give.
func (s *scope) fn(name string, nodes []parse.Node, args [][]absVal) []absVal {
	arg := func(i int) []absVal {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	switch name {
	case "and", "or":
		for _, x := range args {
			readTruth(x)
		}
		var out []absVal
		for _, x := range args {
			out = append(out, x...)
		}
		return out
	case "not":
		readTruth(arg(0))
		return nil
	case "len":
		readLen(arg(0))
		return nil
	case "take":
		readWhole(arg(0))
		return arg(1)
	case "slice", "index":
		return s.elements(name, args)
	case "lastmod":
		for _, x := range arg(0) {
			for _, f := range []string{"Date", "Updated"} {
				readWhole(s.step(x, f, false))
			}
		}
		return nil
	case "item":
		s.a.call(s.a.shared, "brief-item", arg(0))
		return nil
	case "once", "chrome":
		lit, ok := nodeString(nodes, 0)
		if !ok {
			s.a.fail("%s with a template name that is not a constant", name)
			return nil
		}
		set := s.a.shared
		if name == "chrome" {
			set = s.a.page
		}
		s.a.call(set, lit, arg(1))
		return nil
	case "sections":
		return nil
	case "call":
		s.a.fail("call reads what the called func reads")
		return nil
	}
	if derivedFuncs[name] {
		return s.derived(name, args)
	}
	if !pureFuncs[name] && !isEscaper(name) {
		s.a.fail("template func %q not understood", name)
		return nil
	}
	for _, x := range args {
		readWhole(x)
	}
	return nil
}

// elements returns what slice or index (name) may give: the list itself,
// or any of its elements; the other arguments are read whole.
func (s *scope) elements(name string, args [][]absVal) []absVal {
	for _, x := range args[min(len(args), 1):] {
		readWhole(x)
	}
	if len(args) == 0 {
		return nil
	}
	if name == "slice" {
		return args[0]
	}
	var out []absVal
	for _, x := range args[0] {
		t := deref(x.typ)
		switch {
		case t == nil:
			x.node.whole = true
		case t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map:
			out = append(out, absVal{x.node.kid("*"), t.Elem()})
		default:
			x.node.whole = true
		}
	}
	return out
}

// derivedFuncs are the template funcs that read, in Go, more of their one
// argument than a template could follow (the page's whole data, or a
// model entity). They are pure functions of that argument and the
// renderer, so the walk calls them and hashes what they return instead of
// what they read: the argument's node gets a kid "=name" for the result.
var derivedFuncs = map[string]bool{"jsonld": true, "citeBrief": true, "cite": true, "citeLinked": true}

// derived returns the result of the derived func name (see derivedFuncs)
// applied to its one argument.
func (s *scope) derived(name string, args [][]absVal) []absVal {
	f := reflect.ValueOf(s.a.funcs[name])
	if len(args) != 1 || !f.IsValid() || f.Type().NumIn() != 1 {
		s.a.fail("template func %q called with %d arguments", name, len(args))
		return nil
	}
	var out []absVal
	for _, x := range args[0] {
		out = append(out, absVal{x.node.kid("=" + name), f.Type().Out(0)})
	}
	return out
}

// pureFuncs are the template funcs whose result depends only on their
// arguments (and the renderer), which they read whole.
var pureFuncs = map[string]bool{
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"print": true, "printf": true, "println": true, "html": true, "js": true, "urlquery": true,
	"rel": true, "abs": true, "iri": true, "asset": true, "body": true, "date": true,
	"isodate": true, "authors": true, "plural": true, "title": true,
	"locale": true, "hasHost": true, "period": true, "sourceDate": true,
}

// isEscaper reports whether name is one of the funcs html/template adds
// when it escapes a template: they read their arguments whole.
func isEscaper(name string) bool {
	return len(name) > 15 && name[:15] == "_html_template_"
}

func nodeString(nodes []parse.Node, i int) (string, bool) {
	if i >= len(nodes) {
		return "", false
	}
	sn, ok := nodes[i].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return sn.Text, true
}

func readWhole(v []absVal) {
	for _, x := range v {
		x.node.whole = true
	}
}

func readTruth(v []absVal) {
	for _, x := range v {
		x.node.truth = true
	}
}

// readLen notes that the length of v is read: for a list that is what
// its "*" node's element count gives; for anything else, the whole value.
func readLen(v []absVal) {
	for _, x := range v {
		t := deref(x.typ)
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			x.node.kid("#")
			continue
		}
		x.node.whole = true
	}
}

// deref returns t with its pointers followed (nil for nil: an interface).
func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
