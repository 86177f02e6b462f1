package render

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// The built-in theme's brief page and brief list items, compiled by hand.
//
// A book's pages are mostly brief pages, and executing a template costs a
// reflective call for every action: on a 10,000-brief book, html/template
// took a quarter of the build. So the brief page of the built-in theme
// (templates/brief.html inside templates/layout.html), and the two partials
// rendered once for every brief ("brief-item" and "brief-link"), are also
// written out below as Go code that produces the same bytes. Each is used
// only while the templates it mirrors are exactly the built-in ones (their
// parse trees are compared); a site that overrides any of them gets its
// templates executed as usual. The other partials the brief page shows
// through once, item and chrome stay templates.
//
// TestBuiltinPages renders several test books both ways and requires the
// same bytes: a change to templates/brief.html, templates/layout.html or
// the two partials in templates/partials/lists.html must be made here too.

// briefPageNames are the templates the Go brief page reproduces: those the
// brief page executes directly rather than through once, item or chrome.
var briefPageNames = []string{"layout", "title", "main", "brief-links", "brief-list"}

// goPartial writes the partial it stands for, with dot, to w. It returns
// false, having written nothing, when dot is not what the Go version
// handles (a theme may call the partial with anything): the template is
// then executed.
type goPartial func(r *Renderer, w *pageWriter, dot any) bool

// goPartials are the partials of the shared set that have a Go version.
var goPartials = map[string]goPartial{
	"brief-item": func(r *Renderer, p *pageWriter, dot any) bool {
		b, ok := dot.(*model.Brief)
		if ok && b != nil {
			r.briefItem(p, b)
		}
		return ok && b != nil
	},
	"brief-link": func(r *Renderer, p *pageWriter, dot any) bool {
		b, ok := dot.(*model.Brief)
		if ok && b != nil {
			r.briefLink(p, b)
		}
		return ok && b != nil
	},
}

// sameAsBuiltin reports whether the templates names in t are those of the
// built-in theme, parse tree for parse tree.
func sameAsBuiltin(t *template.Template, names ...string) bool {
	builtin := builtinTrees()
	for _, name := range names {
		want, ok := builtin[name]
		d := t.Lookup(name)
		if !ok || d == nil || d.Tree == nil || d.Tree.Root.String() != want {
			return false
		}
	}
	return true
}

// builtinTrees maps the name of every template of the built-in theme's
// shared set and brief page to its parse tree, printed. It is read before
// escaping changes the trees. The built-in theme always parses, so a
// failure leaves it empty, which matches no theme.
var builtinTrees = sync.OnceValue(func() map[string]string {
	t := template.New("").Funcs(template.FuncMap(stubFuncs))
	files, err := templateFiles(briefbook.Theme)
	if err != nil {
		return nil
	}
	for _, f := range files {
		if f != "templates/layout.html" && f != "templates/brief.html" && !strings.HasPrefix(f, "templates/partials/") {
			continue
		}
		if err := parseFile(t, briefbook.Theme, f); err != nil {
			return nil
		}
	}
	m := map[string]string{}
	for _, d := range t.Templates() {
		if d.Tree != nil {
			m[d.Name()] = d.Tree.Root.String()
		}
	}
	return m
})

// stubFuncs has the names of the theme's functions, which is all parsing
// needs.
var stubFuncs = func() map[string]any {
	m := map[string]any{}
	for name := range (&Renderer{}).funcs() {
		m[name] = func(...any) string { return "" }
	}
	return m
}()

// writeBriefPage writes the page of d.Brief as the built-in templates do.
func (r *Renderer) writeBriefPage(w io.Writer, d *Data) error {
	if buf, ok := w.(*bytes.Buffer); ok {
		return r.briefPageTo(buf, d)
	}
	buf := new(bytes.Buffer)
	if err := r.briefPageTo(buf, d); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// briefPageTo is templates/layout.html with templates/brief.html's "main".
func (r *Renderer) briefPageTo(w *bytes.Buffer, d *Data) error {
	p := &pageWriter{w: w}
	w.WriteString("<!DOCTYPE html>\n<html lang=\"")
	lang := d.Site.Language
	if lang == "" {
		lang = "en"
	}
	p.esc(lang)
	w.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	p.esc(d.Title)
	w.WriteString(" · ")
	p.esc(d.SiteTitle)
	w.WriteString("</title>")
	if d.Description != "" {
		w.WriteString("\n<meta name=\"description\" content=\"")
		p.esc(d.Description)
		w.WriteString("\">")
	}
	if d.Site.BaseURL != "" {
		w.WriteString("\n<link rel=\"canonical\" href=\"")
		p.url(r.abs(d.URL))
		w.WriteString("\">")
	}
	w.WriteString("\n")
	p.chrome(r, "head", d)
	w.WriteString("\n</head>\n<body class=\"kind-")
	p.esc(d.Kind)
	w.WriteString("\">\n<a class=\"skip-link\" href=\"#bb:main\">Skip to content</a>\n")
	p.chrome(r, "header", d)
	w.WriteString("\n<main id=\"bb:main\" tabindex=\"-1\">\n")
	r.briefMain(p, d.Brief)
	w.WriteString("\n</main>\n")
	p.chrome(r, "footer", d)
	w.WriteString("\n</body>\n</html>\n")
	return p.err
}

// briefMain is templates/brief.html's "main".
func (r *Renderer) briefMain(p *pageWriter, b *BriefData) {
	w, m := p.w, b.Brief
	w.WriteString("<article class=\"brief wrap\">\n<header class=\"page-header brief-header\">")
	if len(m.DomainList) > 0 {
		w.WriteString("\n<p class=\"kicker\">")
		for i, d := range m.DomainList {
			if i > 0 {
				w.WriteString(" <span class=\"sep\" aria-hidden=\"true\">·</span> ")
			}
			p.once(r, "domain-link", d)
		}
		w.WriteString("</p>")
	}
	w.WriteString("\n<h1>")
	p.esc(m.Title)
	w.WriteString("</h1>")
	if m.Summary != "" {
		w.WriteString("\n<p class=\"lede\">")
		p.esc(m.Summary)
		w.WriteString("</p>")
	}
	w.WriteString("\n<dl class=\"brief-meta\">\n<div><dt>Published</dt><dd>")
	p.time(m.Date)
	w.WriteString("</dd></div>")
	if m.Updated.After(m.Date) {
		w.WriteString("\n<div><dt>Updated</dt><dd>")
		p.time(m.Updated)
		w.WriteString("</dd></div>")
	}
	if len(m.Authors) > 0 {
		w.WriteString("\n<div><dt>Author")
		if len(m.Authors) != 1 {
			w.WriteString("s")
		}
		w.WriteString("</dt><dd>")
		p.esc(joinNames(m.Authors))
		w.WriteString("</dd></div>")
	}
	w.WriteString("\n<div><dt>Reading time</dt><dd>")
	w.WriteString(strconv.Itoa(b.ReadingTime))
	w.WriteString(" min</dd></div>")
	if len(m.ActorList) > 0 {
		w.WriteString("\n<div class=\"meta-actors\"><dt>Actors</dt><dd><ul class=\"tags\">")
		for _, a := range m.ActorList {
			p.once(r, "actor-tag", a)
		}
		w.WriteString("</ul></dd></div>")
	}
	w.WriteString("\n</dl>\n</header>\n<div class=\"brief-layout\">")
	if len(b.TOC) > 0 {
		w.WriteString("\n<nav class=\"toc\" aria-labelledby=\"bb:brief-toc\">\n<h2 id=\"bb:brief-toc\">Contents</h2>\n<ul>")
		for _, h := range b.TOC {
			w.WriteString("\n<li class=\"toc-")
			w.WriteString(strconv.Itoa(h.Level))
			w.WriteString("\"><a href=\"#")
			p.fragment(h.ID)
			w.WriteString("\">")
			p.esc(h.Text)
			w.WriteString("</a></li>")
		}
		w.WriteString("\n</ul>\n</nav>")
	}
	w.WriteString("\n<div class=\"brief-main\">\n<div class=\"prose\">\n")
	scratch := bodyScratch.Get().(*[]byte)
	src, err := m.AppendHTML((*scratch)[:0])
	if err != nil && p.err == nil {
		p.err = err
	}
	w.Grow(len(src) + 64*len(m.Refs) + 4096)
	appendBody(w, &m.Doc, src, r.base)
	if cap(src) <= maxScratch {
		*scratch = src
		bodyScratch.Put(scratch)
	}
	w.WriteString("\n</div>")
	r.briefReferences(p, b.References)
	if len(m.LinkedFrom) > 0 {
		w.WriteString("\n<section class=\"backlinks\" aria-labelledby=\"bb:brief-linked-from\">\n<h2 id=\"bb:brief-linked-from\">Linked from</h2>\n<ul class=\"brief-links\">")
		for _, l := range m.LinkedFrom {
			w.WriteString("\n")
			p.once(r, "brief-link", l)
		}
		w.WriteString("\n</ul>\n</section>")
	}
	if rel := take(5, m.Related); len(rel) > 0 {
		w.WriteString("\n<section class=\"related\" aria-labelledby=\"bb:brief-related\">\n<h2 id=\"bb:brief-related\">Related briefs</h2>\n<ol class=\"brief-list\">")
		for _, x := range rel {
			w.WriteString("\n")
			p.item(r, x)
		}
		w.WriteString("\n</ol>\n</section>")
	}
	w.WriteString("\n</div>\n</div>\n</article>")
}

// bodyScratch holds buffers for reading bodies back, up to maxScratch bytes.
var bodyScratch = sync.Pool{New: func() any { return new([]byte) }}

const maxScratch = 1 << 20

// briefReferences is the References section of templates/brief.html.
func (r *Renderer) briefReferences(p *pageWriter, refs []ReferenceData) {
	if len(refs) == 0 {
		return
	}
	w := p.w
	w.WriteString("\n<section class=\"references\" aria-labelledby=\"bb:brief-references\">\n<h2 id=\"bb:brief-references\">References</h2>\n<ol>")
	for _, ref := range refs {
		n := strconv.Itoa(ref.N)
		w.WriteString("\n<li id=\"ref:")
		w.WriteString(n)
		w.WriteString("\">")
		if ref.Source != nil {
			p.once(r, "citation", ref.Source)
		}
		w.WriteString("\n<span class=\"ref-links\">")
		if ref.Source != nil {
			p.once(r, "source-links", ref.Source)
		}
		if ref.Back != "" {
			w.WriteString(" <span class=\"sep\" aria-hidden=\"true\">·</span> <a class=\"backref\" href=\"#")
			p.fragment(ref.Back)
			w.WriteString("\" aria-label=\"Back to the first citation of reference ")
			w.WriteString(n)
			w.WriteString("\">↩ Cited</a>")
		}
		w.WriteString("\n</span>\n</li>")
	}
	w.WriteString("\n</ol>\n</section>")
}

// briefItem is the "brief-item" partial of templates/partials/lists.html.
func (r *Renderer) briefItem(p *pageWriter, b *model.Brief) {
	w := p.w
	w.WriteString("<li class=\"brief-item\">\n<a class=\"item-title\" href=\"")
	p.url(r.rel(b.URL))
	w.WriteString("\">")
	p.esc(b.Title)
	w.WriteString("</a>\n<p class=\"item-meta\">")
	p.time(b.Date)
	for _, d := range b.DomainList {
		w.WriteString(" <span class=\"sep\" aria-hidden=\"true\">·</span> <a class=\"tag\" href=\"")
		p.url(r.rel(d.URL))
		w.WriteString("\">")
		p.esc(d.Title)
		w.WriteString("</a>")
	}
	w.WriteString("</p>")
	if b.Summary != "" {
		w.WriteString("\n<p class=\"item-summary\">")
		p.esc(b.Summary)
		w.WriteString("</p>")
	}
	w.WriteString("\n</li>")
}

// briefLink is the "brief-link" partial of templates/partials/lists.html.
func (r *Renderer) briefLink(p *pageWriter, b *model.Brief) {
	w := p.w
	w.WriteString("<li><a href=\"")
	p.url(r.rel(b.URL))
	w.WriteString("\">")
	p.esc(b.Title)
	w.WriteString("</a> ")
	p.time(b.Date)
	w.WriteString("</li>")
}

// pageWriter writes a page with html/template's escaping, keeping the first
// error of the partials it shows.
type pageWriter struct {
	w   *bytes.Buffer
	err error
}

// esc writes s escaped as html/template escapes text, RCDATA and quoted
// attribute values.
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

// url writes u as html/template writes a whole URL attribute value: a URL
// with an unsafe scheme becomes "#ZgotmplZ", bytes a URL may not hold are
// percent-encoded, and the result is escaped.
func (p *pageWriter) url(u string) {
	if !safeURL(u) {
		p.w.WriteString("#ZgotmplZ")
		return
	}
	p.esc(percentEncode(u, "-._~!#$&*+,/:;=?@[]%", lowerHex))
}

// time writes t as the theme does: <time datetime="{{ isodate t }}">{{ date t }}</time>.
func (p *pageWriter) time(t time.Time) {
	p.w.WriteString("<time datetime=\"")
	p.esc(isoDate(t))
	p.w.WriteString("\">")
	p.esc(formatDate(t))
	p.w.WriteString("</time>")
}

// safeURL reports whether html/template lets URL u through: it has no
// scheme, or http, https or mailto.
func safeURL(u string) bool {
	protocol, _, ok := strings.Cut(u, ":")
	if !ok || strings.Contains(protocol, "/") {
		return true
	}
	switch strings.ToLower(protocol) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// fragment writes s as html/template writes a value after '#' in a URL
// attribute.
func (p *pageWriter) fragment(s string) {
	p.esc(percentEncode(s, "-._~", lowerHex))
}

// html writes a partial's HTML, or records its error.
func (p *pageWriter) html(h template.HTML, err error) {
	if err != nil {
		if p.err == nil {
			p.err = err
		}
		return
	}
	p.w.WriteString(string(h))
}

func (p *pageWriter) once(r *Renderer, name string, dot any) { p.html(r.once(name, dot)) }

func (p *pageWriter) item(r *Renderer, b *model.Brief) { p.html(r.item(b)) }

func (p *pageWriter) chrome(r *Renderer, name string, d *Data) { p.html(r.chrome(name, d)) }
