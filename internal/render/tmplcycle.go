package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/briefbook/briefbook/internal/diag"
)

// A template that calls itself, directly or through others, with no
// {{if}}, {{range}} or {{with}} around a call of the loop never ends:
// text/template stops it only at a depth of 100000 calls, after minutes
// and hundreds of megabytes. checkCycles finds such a loop when the theme
// is parsed and reports it as a parse error at a call of the loop.
// Recursion under a condition (a tree rendered recursively) is allowed:
// its condition is what ends it.

// tmplCall is a call of a template ({{template "x" .}}, {{block "x" .}},
// or a template func that runs a template: once "x", chrome "x", item)
// that runs whenever the template that holds it runs.
type tmplCall struct {
	name string      // the template called: "header"
	node parse.Node  // the call, for its position
	tree *parse.Tree // the tree holding node
}

// funcTemplates names the template funcs whose first argument, a string
// constant, is a template they run (see Renderer.once and Renderer.chrome),
// and, by "", the template item runs.
var funcTemplates = map[string]string{"once": "", "chrome": "", "item": "brief-item"}

// unconditionalCalls returns the calls of list that run whenever list
// runs: those not inside an {{if}}, {{range}} or {{with}} (whose bodies,
// {{else}} branches included, run only on a condition).
func unconditionalCalls(tree *parse.Tree, list *parse.ListNode, out []tmplCall) []tmplCall {
	if list == nil {
		return out
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TemplateNode:
			out = append(out, tmplCall{name: n.Name, node: n, tree: tree})
			out = funcCalls(tree, n.Pipe, out)
		case *parse.ListNode:
			out = unconditionalCalls(tree, n, out)
		case *parse.ActionNode:
			out = funcCalls(tree, n.Pipe, out)
		case *parse.IfNode:
			out = funcCalls(tree, n.Pipe, out) // the condition always runs, its lists not
		case *parse.RangeNode:
			out = funcCalls(tree, n.Pipe, out)
		case *parse.WithNode:
			out = funcCalls(tree, n.Pipe, out)
		}
	}
	return out
}

// funcCalls adds to out the templates that the funcs of funcTemplates
// called in pipe, and the pipelines in parentheses in it, run.
func funcCalls(tree *parse.Tree, pipe *parse.PipeNode, out []tmplCall) []tmplCall {
	if pipe == nil {
		return out
	}
	for _, c := range pipe.Cmds {
		if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
			if name, ok := funcTemplates[id.Ident]; ok && name != "" {
				out = append(out, tmplCall{name: name, node: id, tree: tree})
			} else if ok && len(c.Args) > 1 {
				if s, ok := c.Args[1].(*parse.StringNode); ok {
					out = append(out, tmplCall{name: s.Text, node: s, tree: tree})
				}
			}
		}
		for _, a := range c.Args {
			if p, ok := a.(*parse.PipeNode); ok {
				out = funcCalls(tree, p, out)
			}
		}
	}
	return out
}

// checkCycles returns a parse error, at a call, for the first loop of
// unconditional calls among the templates of set, or nil. theme is read
// to quote the line, and to prefer a call in a file of the site's own
// (see fromSite) when the loop runs through built-in templates too.
func checkCycles(set *template.Template, theme fs.FS) error {
	calls := map[string][]tmplCall{}
	var names []string
	for _, t := range set.Templates() {
		if t.Tree == nil || t.Tree.Root == nil {
			continue
		}
		names = append(names, t.Name())
		calls[t.Name()] = unconditionalCalls(t.Tree, t.Tree.Root, nil)
	}
	sort.Strings(names)
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var path []tmplCall // the calls from the root of the walk to the current template
	var loop []tmplCall
	var visit func(name string) bool
	visit = func(name string) bool {
		state[name] = onPath
		for _, c := range calls[name] {
			if _, ok := calls[c.name]; !ok {
				continue // no such template: an execution error, not a loop
			}
			switch state[c.name] {
			case onPath:
				i := len(path)
				for i > 0 && path[i-1].name != c.name {
					i--
				}
				loop = append(append([]tmplCall{}, path[i:]...), c)
				return true
			case unseen:
				path = append(path, c)
				if visit(c.name) {
					return true
				}
				path = path[:len(path)-1]
			}
		}
		state[name] = done
		return false
	}
	for _, n := range names {
		if state[n] == unseen && visit(n) {
			return loopError(loop, theme)
		}
	}
	return nil
}

// loopError returns the parse error of loop, calls each made by the
// template the one before it called (the last calls the template the
// first is in), at the first of its calls in a file of the site's own, or
// at its first call.
func loopError(loop []tmplCall, theme fs.FS) error {
	first := 0
	for i, c := range loop {
		if fromSite(theme, c.tree.ParseName) {
			first = i
			break
		}
	}
	loop = append(loop[first:], loop[:first]...)
	c := loop[0]
	caller := loop[len(loop)-1].name
	var msg string
	if len(loop) == 1 {
		msg = fmt.Sprintf("template %q calls itself, with no {{if}}, {{range}} or {{with}} around the call: it would never end", caller)
	} else {
		names := []string{strconv.Quote(caller)}
		for _, l := range loop {
			names = append(names, strconv.Quote(l.name))
		}
		msg = fmt.Sprintf("template %q calls itself through %s, with no {{if}}, {{range}} or {{with}} around the calls: it would never end",
			caller, strings.Join(names, " → "))
	}
	loc, _ := c.tree.ErrorContext(c.node) // "templates/x.html:3:14", the column a 0-based byte offset of the name
	file, line, col := splitLocation(loc)
	src, _ := fs.ReadFile(theme, file)
	text := diag.LineText(src, line)
	if col <= len(text) {
		if i := strings.LastIndex(text[:col], "{{"); i >= 0 {
			col = i // the call's action, not its name
		}
	}
	return tidyError(fmt.Errorf("%s:%d:%d: %s", file, line, col, msg), theme)
}

// splitLocation splits "templates/x.html:3:14" into its file, line and
// column.
func splitLocation(loc string) (file string, line, col int) {
	j := strings.LastIndexByte(loc, ':')
	i := strings.LastIndexByte(loc[:j], ':')
	line, _ = strconv.Atoi(loc[i+1 : j])
	col, _ = strconv.Atoi(loc[j+1:])
	return loc[:i], line, col
}

// fromSite reports whether the theme file name comes from the site's own
// folder rather than the built-in theme (theme made by [Overlay]).
func fromSite(theme fs.FS, name string) bool {
	o, ok := theme.(overlayFS)
	if !ok {
		return false
	}
	_, err := fs.Stat(o.site, name)
	return err == nil
}
