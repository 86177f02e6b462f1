package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/briefbook/briefbook/internal/cite"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// Kinds lists the page kinds; each has its template templates/<kind>.html.
var Kinds = []string{"home", "contents", "briefs", "brief", "domains", "domain", "actors", "actor", "sources", "source", "facet", "search", "book", "404", "page"}

// pageTemplate is the parsed template set of one page kind: the shared set
// cloned, with the kind's file added.
type pageTemplate struct {
	name string // "templates/brief.html"
	tmpl *template.Template
}

// parse reads the theme's templates: layout.html and partials/** into a
// shared set, then each page kind's file into its own clone of that set.
// The sets are kept in r.pristine and never executed: html/template checks
// escaping on a clone (see checkEscape), and each book renders with clones
// of its own (see forBook).
func (r *Renderer) parse() error {
	shared := template.New("").Funcs(r.funcs())
	files, err := templateFiles(r.theme)
	if err != nil {
		return err
	}
	isKind := map[string]bool{}
	for _, k := range Kinds {
		isKind["templates/"+k+".html"] = true
	}
	for _, f := range files {
		if isKind[f] {
			continue
		}
		if err := parseFile(shared, r.theme, f); err != nil {
			return err
		}
	}
	pages := map[string]*pageTemplate{}
	for _, k := range Kinds {
		name := "templates/" + k + ".html"
		t, err := shared.Clone()
		if err != nil {
			return err
		}
		if err := parseFile(t, r.theme, name); err != nil {
			return err
		}
		pages[k] = &pageTemplate{name: name, tmpl: t}
	}
	for _, k := range Kinds { // before anything runs them
		if err := checkCycles(pages[k].tmpl, r.theme); err != nil {
			return err
		}
	}
	r.useGenerated(shared, pages)
	r.pristine = templateSets{shared: shared, pages: pages}
	if err := r.checkEscape(); err != nil {
		return err
	}
	r.reach, r.reachErr = map[string]*pathNode{}, map[string]error{}
	r.derived = map[string]reflect.Value{}
	funcs := r.funcs()
	for name := range derivedFuncs {
		r.derived[name] = reflect.ValueOf(funcs[name])
	}
	for _, k := range Kinds {
		if root, err := analyzeKind(r.pristine, funcs, k); err != nil {
			r.reachErr[k] = err
		} else {
			r.reach[k] = root
		}
	}
	return nil
}

// templateFiles lists the .html files under templates/, sorted.
func templateFiles(theme fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(theme, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	sort.Strings(files)
	return files, nil
}

// parseFile adds the template file name of theme to t, under its path. A
// file that theme has but cannot read is an error of its own, not a
// missing template.
func parseFile(t *template.Template, theme fs.FS, name string) error {
	src, err := fs.ReadFile(theme, name)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: missing template: %w", name, err)
	}
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return tidyError(err, theme)
	}
	return nil
}

// checkEscape makes html/template escape every page kind's templates now,
// on a trial clone, rather than on the first page, so that escaping errors
// are reported by New. Execution errors of the trial run (the data is
// empty) are expected and ignored.
func (r *Renderer) checkEscape() error {
	sets := r.forBook().sets
	for _, k := range Kinds {
		t, err := sets.page(k)
		if err != nil {
			return err
		}
		err = t.tmpl.ExecuteTemplate(io.Discard, t.name, &Data{Kind: k, Book: &model.Book{Home: &model.Home{}}})
		var e *template.Error
		if errors.As(err, &e) { // e may come from a partial run by a func, see once
			return tidyError(e, r.theme)
		}
	}
	return nil
}

// tidyError turns "template: templates/x.html:3: msg" and
// "html/template:templates/x.html:3:5: msg" (html/template's column is a
// 0-based byte offset in the line) into a *diag.ListError at that line, and
// column in characters, of the template file, whose text is read from
// theme to quote the line. An error that names no line of a file is
// returned as "templates/x.html: msg".
func tidyError(err error, theme fs.FS) error {
	s := err.Error()
	for _, p := range []string{"html/template:", "template: "} {
		s = strings.TrimPrefix(s, p)
	}
	m := templateErrRE.FindStringSubmatch(s)
	if m == nil {
		return errors.New(s)
	}
	name, msg := m[1], m[4]
	if i := strings.Index(msg, ": {state"); i >= 0 {
		msg = msg[:i] // html/template's escaping contexts mean nothing to an author
	}
	line, _ := strconv.Atoi(m[2])
	src, _ := fs.ReadFile(theme, name)
	if msg == "unexpected EOF" {
		// The file ended inside an {{if}}, {{range}}...: point at it.
		if l, at, kw, ok := unclosed(string(src)); ok {
			line, msg, m[3] = l, fmt.Sprintf("{{%s}} has no {{end}}", kw), strconv.Itoa(at)
		}
	}
	if m[3] == "" {
		// An action left open on an earlier line is reported where the
		// lexer gives up (the next action, or a line of text before it):
		// point at the one left open.
		if l, at, ok := unclosedAction(string(src), line); ok && l < line {
			line, msg, m[3] = l, "unclosed action: this {{ has no }}", strconv.Itoa(at)
		}
	}
	text := diag.LineText(src, line)
	at := quotedAt(text, msg)
	if m[3] != "" {
		at, _ = strconv.Atoi(m[3])
	}
	col := 0
	if at >= 0 && at <= len(text) {
		col = utf8.RuneCountInString(text[:at]) + 1
	}
	return &diag.ListError{Diagnostics: []diag.Diagnostic{diag.New(diag.Error, name, src, line, col, 0, msg)}}
}

// templateErrRE matches "templates/x.html:3: msg" and
// "templates/x.html:3:5: msg" once html/template's prefix is trimmed.
var templateErrRE = regexp.MustCompile(`^(templates/[^:]+\.html):(\d+)(?::(\d+))?: (.*)$`)

// once returns the HTML of the partial name (a template of the shared set:
// layout.html and partials/) executed with dot, a pointer such as a
// *model.Brief or a *model.Source. It is rendered the first time it is asked
// for in a book and then reused, so it must show nothing but dot.
func (r *Renderer) once(name string, dot any) (template.HTML, error) {
	v := reflect.ValueOf(dot)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return "", fmt.Errorf("once %q: dot is %T, not a non-nil pointer", name, dot)
	}
	return r.partial("", partialKey{name: name, ptr: v.UnsafePointer()}, dot)
}

// item returns the HTML of the "brief-item" template for b. A brief shows
// up in many lists (its domains', actors' and sources' pages, the index,
// related briefs), so it is rendered once per book and then reused.
func (r *Renderer) item(b *model.Brief) (template.HTML, error) {
	return r.partial("", partialKey{name: "brief-item", ptr: unsafe.Pointer(b)}, b)
}

// chrome returns the HTML of the template name for the pages of d's kind.
// The site's header and footer are the same on every page of a kind, so
// they are rendered once per book and kind, with the kind's template set
// and a Data holding only Site, Book, SiteTitle and Kind.
func (r *Renderer) chrome(name string, d *Data) (template.HTML, error) {
	if _, ok := r.pristine.pages[d.Kind]; !ok {
		return "", fmt.Errorf("chrome %q: unknown page kind %q", name, d.Kind)
	}
	k := partialKey{name: name, kind: d.Kind}
	if h, ok := r.partials.load(k); ok {
		return h, nil // without making the dot it was rendered with
	}
	dot := &Data{Site: d.Site, Book: d.Book, SiteTitle: d.SiteTitle, Kind: d.Kind}
	return r.partial(d.Kind, k, dot)
}

// funcs returns the template functions of the theme.
func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		// rel returns the URL of a site path under the base path.
		"rel": r.rel,
		// abs returns the absolute URL of a site path (root-relative without a base URL).
		"abs": r.abs,
		// iri returns abs as text to show, not percent-encoded.
		"iri": r.iri,
		// asset returns rel of a static file with a content hash query.
		"asset":   r.asset,
		"body":    r.body,
		"date":    formatDate,
		"isodate": isoDate,
		"authors": joinNames,
		"plural":  plural,
		"take":    take,
		"lastmod": lastmod,
		"title":   upperFirst,
		"item":    r.item,
		"once":    r.once,
		"chrome":  r.chrome,
		// jsonld returns a page's schema.org data as JSON-LD script elements.
		"jsonld": r.jsonld,
		// locale returns a BCP 47 tag as an Open Graph locale ("en-GB" gives "en_GB").
		"locale": ogLocale,
		// hasHost reports whether the base URL has a host (abs gives absolute URLs).
		"hasHost": r.hasHost,
		// citeBrief returns how to cite a brief page (a Citation).
		"citeBrief": r.citeBrief,
		// cite and citeLinked return a source's Chicago author-date entry
		// (see package cite), for the "chicago" template.
		"cite":       citation,
		"citeLinked": citationLinked,
		"period":     period,
		// sourceDate returns a source's date in the theme's format.
		"sourceDate": cite.HumanDate,
		"sections": func() []Section {
			return sections
		},
	}
}

// body renders a profile or introduction body, its markers replaced.
func (r *Renderer) body(d model.Doc) (template.HTML, error) { return Body(&d, r.base) }

// asset returns the URL of static file p ("/css/style.css") with "?v=" and
// the first hex digits of the SHA-256 of its content, so that browsers
// fetch it again when it changes. A missing file gets its plain URL; a file
// that is there but cannot be read is an error, which stops the page.
func (r *Renderer) asset(p string) (string, error) {
	r.assets.mu.Lock()
	h, ok := r.assets.m[p]
	if !ok {
		b, err := fs.ReadFile(r.theme, path.Join("static", p))
		switch {
		case err == nil:
			sum := sha256.Sum256(b)
			h = hex.EncodeToString(sum[:])[:10]
		case !errors.Is(err, fs.ErrNotExist):
			r.assets.mu.Unlock()
			return "", &themeReadError{err}
		}
		r.assets.m[p] = h
	}
	r.assets.mu.Unlock()
	if h == "" {
		return r.rel(p), nil
	}
	return r.rel(p) + "?v=" + h, nil
}

// themeReadError is the error of a template func that could not read a
// file of the theme. [Renderer.execute] reports its cause alone, without
// the chain of templates that called the func.
type themeReadError struct{ err error }

func (e *themeReadError) Error() string { return e.err.Error() }
func (e *themeReadError) Unwrap() error { return e.err }

// noDate stands for an unknown date (the last change of a page that lists
// no brief, of a book with no briefs). It is before every date the parser
// accepts (years 0001 to 9999), 0001-01-01 included, which is time.Time's
// zero and so cannot mean "unknown".
var noDate = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)

// knownDate reports whether t is a date rather than noDate.
func knownDate(t time.Time) bool { return t.After(noDate) }

// formatDate returns t as "6 April 2021", or "" for noDate. Every date the
// parser accepts is shown, 0001-01-01 ("1 January 0001") too.
func formatDate(t time.Time) string {
	if !knownDate(t) {
		return ""
	}
	return t.Format("2 January 2006")
}

// isoDate returns t as "2021-04-06", or "" for noDate.
func isoDate(t time.Time) string {
	if !knownDate(t) {
		return ""
	}
	return t.Format("2006-01-02")
}

// joinNames joins names as "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// plural returns "1 brief" or "3 briefs".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// take returns the first n briefs of list.
func take(n int, list []*model.Brief) []*model.Brief {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// lastmod returns the date a brief last changed: Updated when set and later
// than Date, otherwise Date.
func lastmod(b *model.Brief) time.Time {
	if b.Updated.After(b.Date) {
		return b.Updated
	}
	return b.Date
}

// Section is an entry of the site's main navigation.
type Section struct {
	Name string // "Briefs"
	URL  string // "/briefs/"
	Kind string // kind of the section's index page: "briefs"
	Item string // kind of the section's item pages: "brief"
}

// sections is the main navigation, returned by the template func sections.
var sections = []Section{
	{"Contents", "/contents/", "contents", ""},
	{"Briefs", "/briefs/", "briefs", "brief"},
	{"Domains", "/domains/", "domains", "domain"},
	{"Actors", "/actors/", "actors", "actor"},
	{"Sources", "/sources/", "sources", "source"},
	{"Book", "/book/", "book", ""},
}

// upperFirst returns s with its first letter in upper case: "state" gives
// "State".
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// ExecDiagnostic returns, for an error met executing a template while a
// page was rendered, the error diagnostic at the innermost template
// position the error names ("template: templates/partials/footer.html:6:6:
// executing ..."), with the line quoted and, when err holds a [PageError],
// a note naming the page and its file ("while rendering /briefs/x/
// (content/briefs/x.md)"), and true; false when the error names no
// position in a template file. See [MergePageDiagnostics] for the
// diagnostics of several pages.
func (r *Renderer) ExecDiagnostic(err error) (diag.Diagnostic, bool) {
	s := err.Error()
	i := strings.LastIndex(s, "template: templates/")
	if i < 0 {
		return diag.Diagnostic{}, false
	}
	var le *diag.ListError
	if !errors.As(tidyError(errors.New(s[i:]), r.theme), &le) {
		return diag.Diagnostic{}, false
	}
	d := le.Diagnostics[0]
	if pe := (*PageError)(nil); errors.As(err, &pe) {
		d.Notes = append(d.Notes, pe.note())
	}
	return d, true
}
