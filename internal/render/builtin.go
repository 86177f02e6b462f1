package render

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/briefbook/briefbook/internal/model"
)

// The built-in theme's brief page, index and list pages and brief list
// items as Go code.
//
// A book's pages are mostly brief pages, and executing a template costs a
// reflective call for every action and every escaper html/template adds:
// on a 10,000-brief book, html/template took a quarter of the build. So
// the brief page of the built-in theme (templates/brief.html inside
// templates/layout.html) and the two partials rendered once for every
// brief ("brief-item" and "brief-link") are also compiled to Go, in
// builtin_gen.go. So are the home page, the pages that list the whole
// book (the contents and the indexes of domains, actors and sources),
// which an edit of a brief's title changes and which html/template took
// up to 90 ms to write on a 10,000-brief book, and the paginated lists of
// briefs (all briefs, a domain's, an actor's, a source's, a facet's),
// which an edit changes for each domain, actor and source of the brief:
// see generatedPages in gen_test.go. That file is generated from the templates, after
// html/template has escaped them, by gen_test.go:
//
//	go generate ./internal/render
//
// and TestGenerated fails when it is stale. The templates stay the only
// description of the pages: change them and regenerate.
//
// Each generated page or partial is used only while every template it was
// compiled from has, in the theme being rendered, the parse tree it was
// compiled from; a site that overrides any of them gets its templates
// executed as usual. The partials the brief page shows through once, item
// and chrome are called as the templates call them. This file holds what
// the generated code calls: html/template's escapers for the values the
// theme prints, and the writing of a brief's body.

//go:generate go test -run ^TestGenerated$ -args -generate

// generated is the code in builtin_gen.go, which sets it when it is
// compiled in; without the file every page is executed as a template (so
// that the package builds, and can be generated again, when the file has
// been removed).
var generated *generatedTheme

// generatedTheme is Go code compiled from templates of the built-in theme.
type generatedTheme struct {
	// trees maps the key of every template the code was compiled from
	// (see treeKey) to its parse tree before escaping, printed.
	trees map[string]string
	// pages maps a page kind to the code writing its page.
	pages map[string]generatedPage
	// partials maps the name of a partial of the shared set to its code.
	partials map[string]generatedPartial
}

// generatedPage writes the page of its kind for dot. uses holds the keys
// (see treeKey) of the templates it was compiled from, the page kind's
// file first.
type generatedPage struct {
	uses  []string
	write func(r *Renderer, p *pageWriter, dot *Data) error
}

// generatedPartial writes its partial for dot. It returns false, having
// written nothing, when dot is not of the type it was compiled for (a
// theme may call a partial with anything): the template is then executed.
type generatedPartial struct {
	uses  []string
	write func(r *Renderer, p *pageWriter, dot any) (bool, error)
}

// treeKey returns the key in generatedTheme.trees of the template name
// as a page kind's set holds it: the name itself when the template is the
// shared set's (the layout, the partials), and "<kind>:<name>" when the
// kind's file defines it ("contents:main"), since every kind's file
// defines its own "main". The built-in theme's template names hold no
// ':' (the generator checks), so a key names one template.
func treeKey(kind, name string, own bool) string {
	if !own {
		return name
	}
	return kind + ":" + name
}

// sameTrees reports whether every template of t that keys (see treeKey)
// name has the parse tree the generated code was compiled from.
func sameTrees(t *template.Template, keys []string) bool {
	if generated == nil {
		return false
	}
	for _, key := range keys {
		want, ok := generated.trees[key]
		name := key
		if i := strings.LastIndexByte(key, ':'); i >= 0 {
			name = key[i+1:]
		}
		d := t.Lookup(name)
		if !ok || d == nil || d.Tree == nil || d.Tree.Root.String() != want {
			return false
		}
	}
	return true
}

// useGenerated sets r.genPages and r.genPartials to the generated code
// whose templates are, in r's theme, those it was compiled from. shared
// is the shared set and pages each page kind's set.
func (r *Renderer) useGenerated(shared *template.Template, pages map[string]*pageTemplate) {
	r.genPartials = map[string]generatedPartial{}
	r.genPages = map[string]func(r *Renderer, p *pageWriter, dot *Data) error{}
	if generated == nil {
		return
	}
	for name, g := range generated.partials {
		if sameTrees(shared, g.uses) {
			r.genPartials[name] = g
		}
	}
	for kind, g := range generated.pages {
		if pt, ok := pages[kind]; ok && sameTrees(pt.tmpl, g.uses) {
			r.genPages[kind] = g.write
		}
	}
}

// writeGenerated writes with f to w, handing it a pageWriter on w, or on a
// buffer copied to w when w is not a *bytes.Buffer. It returns false,
// having written nothing, when f does (its dot is not what it was
// generated for) or panics (a nil pointer in the data, which a template
// reports as an error of its own): the caller then executes the template.
func writeGenerated(w io.Writer, f func(p *pageWriter) (bool, error)) (ok bool, err error) {
	buf, direct := w.(*bytes.Buffer)
	if !direct {
		buf = new(bytes.Buffer)
	}
	start := buf.Len()
	defer func() {
		if recover() != nil {
			buf.Truncate(start)
			ok, err = false, nil
		}
	}()
	if ok, err = f(&pageWriter{w: buf}); !ok || err != nil {
		buf.Truncate(start)
		return ok, err
	}
	if !direct {
		_, err = w.Write(buf.Bytes())
	}
	return true, err
}

// pageWriter writes a page or partial for the generated code.
type pageWriter struct {
	w *bytes.Buffer
}

// esc writes s as html/template's HTML text, RCDATA and attribute escapers
// write a string: NUL, quotes, '&', '+', '<' and '>' replaced.
func (p *pageWriter) esc(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		p.w.WriteString(s[last:i])
		p.w.WriteString(repl)
		last = i + 1
	}
	p.w.WriteString(s[last:])
}

// int writes n as html/template's escapers write an int.
func (p *pageWriter) int(n int) {
	p.w.WriteString(strconv.Itoa(n))
}

// html writes h as html/template's HTML text escaper does: as it is.
func (p *pageWriter) html(h template.HTML) {
	p.w.WriteString(string(h))
}

// url writes u as html/template writes a whole URL attribute value (its
// URL filter, normalizer and attribute escaper): a URL with a scheme other
// than http, https or mailto becomes "#ZgotmplZ", bytes a URL may not hold
// are percent-encoded, and the result is escaped.
func (p *pageWriter) url(u string) {
	if !safeURL(u) {
		p.w.WriteString("#ZgotmplZ")
		return
	}
	p.esc(percentEncode(u, "-._~!#$&*+,/:;=?@[]%", lowerHex))
}

// safeURL reports whether html/template's URL filter lets u through: it
// has no scheme, or http, https or mailto in any case.
func safeURL(u string) bool {
	protocol, _, ok := strings.Cut(u, ":")
	if !ok || strings.Contains(protocol, "/") {
		return true
	}
	return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
}

// fragment writes s as html/template writes a value in a URL attribute
// after "?" or "#" (its URL escaper and attribute escaper).
func (p *pageWriter) fragment(s string) {
	p.esc(percentEncode(s, "-._~", lowerHex))
}

// body writes the body of brief b as [Body] returns it, read back from
// where the parse stage put it straight into the page: the generated brief
// page prints BriefData.Content this way, and the brief page's data is
// made without Content when the generated page writes it (see briefPage).
func (p *pageWriter) body(r *Renderer, b *model.Brief) error {
	scratch := bodyScratch.Get().(*[]byte)
	src, err := b.AppendHTML((*scratch)[:0])
	if err == nil {
		p.w.Grow(len(src) + 64*len(b.Refs) + 4096)
		appendBody(p.w, &b.Doc, src, r.base)
	}
	if cap(src) <= maxScratch {
		*scratch = src
		bodyScratch.Put(scratch)
	}
	return err
}

// bodyScratch holds buffers for reading bodies back, up to maxScratch bytes.
var bodyScratch = sync.Pool{New: func() any { return new([]byte) }}

const maxScratch = 1 << 20

// or is the template builtin or for two values of a basic type: a if it
// is not the zero value, else b.
func or[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}
