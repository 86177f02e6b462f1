package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"io/fs"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

func TestDeterministic(t *testing.T) {
	_, a := renderFixture(t)
	_, b := renderFixture(t)
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s: two renderings differ", p)
		}
	}
}

// TestConcurrentWrite writes every page from its own goroutine, twice, and
// checks the bytes match a sequential rendering (run with -race).
func TestConcurrentWrite(t *testing.T) {
	pages, want := renderFixture(t)
	got := make([][]byte, 2*len(pages))
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := pages[i%len(pages)].Write(&buf); err == nil {
				got[i] = buf.Bytes()
			}
		}()
	}
	wg.Wait()
	for i, g := range got {
		p := pages[i%len(pages)].Path
		if !bytes.Equal(g, want[p]) {
			t.Errorf("%s: concurrent rendering differs", p)
		}
	}
}

func TestPagesSortedAndComplete(t *testing.T) {
	pages, _ := renderFixture(t)
	for i := 1; i < len(pages); i++ {
		if pages[i-1].Path >= pages[i].Path {
			t.Errorf("pages not sorted: %q before %q", pages[i-1].Path, pages[i].Path)
		}
	}
	want := []string{"404.html", "actors/index.html", "actors/keidanren/index.html", "briefs/한일-정보보호협정/index.html",
		"domains/trade/index.html", "sources/cha-2019/index.html", "feed.xml", "sitemap.xml", "robots.txt", "index.html"}
	have := map[string]bool{}
	for _, p := range pages {
		have[p.Path] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("no page %s", w)
		}
	}
}

// xmlWellFormed reads every token of doc and fails on a syntax error.
func xmlWellFormed(t *testing.T, name string, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func TestSitemapAndFeed(t *testing.T) {
	_, out := renderFixture(t)
	xmlWellFormed(t, "sitemap.xml", out["sitemap.xml"])
	xmlWellFormed(t, "feed.xml", out["feed.xml"])

	var sm sitemapXML
	if err := xml.Unmarshal(out["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	html := 0
	for p := range out {
		if strings.HasSuffix(p, ".html") && p != "404.html" {
			html++
		}
	}
	if len(sm.URLs) != html {
		t.Errorf("sitemap has %d URLs, want %d (every HTML page but 404.html)", len(sm.URLs), html)
	}
	for _, u := range sm.URLs {
		if !strings.HasPrefix(u.Loc, fixtureBaseURL) {
			t.Errorf("sitemap loc %q is not absolute under the base URL", u.Loc)
		}
		if u.Loc == fixtureBaseURL+"briefs/gsomia/" && u.Lastmod != "2021-05-01" {
			t.Errorf("gsomia lastmod = %q, want its updated date", u.Lastmod)
		}
	}

	var f struct {
		Updated string `xml:"updated"`
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out["feed.xml"], &f); err != nil {
		t.Fatal(err)
	}
	if f.Updated != "2023-03-16T00:00:00Z" {
		t.Errorf("feed updated = %q, want the newest date in the book", f.Updated)
	}
	if len(f.Entries) != 4 || f.Entries[0].ID != fixtureBaseURL+"briefs/summit-2023/" {
		t.Errorf("feed entries = %+v", f.Entries)
	}
	if !strings.Contains(string(out["robots.txt"]), "Sitemap: "+fixtureBaseURL+"sitemap.xml") {
		t.Errorf("robots.txt has no Sitemap line:\n%s", out["robots.txt"])
	}
}

func TestNoBaseURL(t *testing.T) {
	b := fixtureBook()
	b.Site.BaseURL = ""
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range r.Pages(b) {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		out[p.Path] = buf.String()
	}
	if strings.Contains(out["robots.txt"], "Sitemap") {
		t.Errorf("robots.txt names a sitemap without a base URL")
	}
	if !strings.Contains(out["feed.xml"], "<id>tag:briefbook,2000:seoul-tokyo-briefing-book/briefs/gsomia/</id>") {
		t.Errorf("feed ids are not tag: URIs:\n%s", out["feed.xml"])
	}
	if !strings.Contains(out["sitemap.xml"], "<loc>/briefs/gsomia/</loc>") {
		t.Errorf("sitemap locs are not root-relative")
	}
	if strings.Contains(out["briefs/gsomia/index.html"], "/book/css/") || strings.Contains(out["index.html"], `rel="canonical"`) {
		t.Errorf("base path or canonical link without a base URL")
	}
	xmlWellFormed(t, "feed.xml", []byte(out["feed.xml"]))
}

var (
	hrefRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idRE   = regexp.MustCompile(` id="([^"]*)"`)
)

// TestLinks checks, in every HTML page of the fixture (base URL with a
// path), that each internal link is under the base path and names a page or
// a static file, and that each fragment names an id of its target page.
func TestLinks(t *testing.T) {
	_, out := renderFixture(t)
	ids := map[string]map[string]bool{}
	for p, b := range out {
		ids[p] = map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(string(b), -1) {
			ids[p][m[1]] = true
		}
	}
	for p, b := range out {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
			checkLink(t, p, html.UnescapeString(m[1]), out, ids)
		}
	}
}

func checkLink(t *testing.T, page, href string, out map[string][]byte, ids map[string]map[string]bool) {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Errorf("%s: bad URL %q", page, href)
		return
	}
	if u.Scheme != "" {
		return // external
	}
	target := page
	if u.Path != "" {
		if !strings.HasPrefix(u.Path, "/book/") {
			t.Errorf("%s: link %q is not under the base path /book/", page, href)
			return
		}
		target = outputPath(strings.TrimPrefix(u.Path, "/book"))
		if _, ok := out[target]; !ok {
			if _, err := fs.Stat(briefbook.Theme, "static/"+target); err != nil {
				t.Errorf("%s: link %q names no page or static file", page, href)
				return
			}
		}
	}
	if u.Fragment != "" && ids[target] != nil && !ids[target][u.Fragment] {
		t.Errorf("%s: link %q names no id of %s", page, href, target)
	}
}

func TestPageInvariants(t *testing.T) {
	_, out := renderFixture(t)
	onAttr := regexp.MustCompile(`(?i)\son[a-z]+=`)
	// The only scripts are the theme's own, external, under the base path.
	themeScript := regexp.MustCompile(`<script src="/book/(js/)?[a-z]+\.js\?v=[0-9a-f]+" defer></script>`)
	// and JSON-LD data, which must be JSON holding no '<' (encoding/json
	// escapes it, so no title can close the element).
	jsonLD := regexp.MustCompile(`<script type="application/ld\+json">([^<]*)</script>`)
	for p, b := range out {
		s := string(b)
		for _, m := range jsonLD.FindAllStringSubmatch(s, -1) {
			if !json.Valid([]byte(m[1])) {
				t.Errorf("%s: JSON-LD is not JSON: %s", p, m[1])
			}
		}
		s = jsonLD.ReplaceAllString(s, "")
		if strings.Contains(strings.ToLower(themeScript.ReplaceAllString(s, "")), "<script") {
			t.Errorf("%s: a <script> reached the output", p)
		}
		if onAttr.MatchString(s) {
			t.Errorf("%s: an on* attribute reached the output", p)
		}
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		if n := strings.Count(s, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 elements, want 1", p, n)
		}
		if !strings.Contains(s, `<html lang="en">`) || !strings.Contains(s, `href="#bb:main"`) {
			t.Errorf("%s: no lang attribute or skip link", p)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"parse error", fstest.MapFS{"templates/brief.html": {Data: []byte("{{ template \"layout\" . }}\n\n{{ if }}")}},
			"templates/brief.html:3:1: error: missing value for if"},
		{"unknown func", fstest.MapFS{"templates/partials/header.html": {Data: []byte("{{ define \"header\" }}\n{{ nope }}{{ end }}")}},
			"templates/partials/header.html:2:4: error: function \"nope\" not defined"},
		// text/template gives no column: the token its message quotes is
		// found in an action of the line ("}" in the text before is not).
		{"unexpected token", fstest.MapFS{"templates/partials/header.html": {Data: []byte("{{ define \"header\" }}\n<p>}{{ .Title }</p>{{ end }}")}},
			"templates/partials/header.html:2:15: error: unexpected \"}\" in operand"},
		{"undefined variable", fstest.MapFS{"templates/partials/header.html": {Data: []byte("{{ define \"header\" }}\n<p>$x {{ $x }}</p>{{ end }}")}},
			"templates/partials/header.html:2:10: error: undefined variable \"$x\""},
		// A file that ends inside an action list: the opener that the
		// {{end}}s leave open is shown (text/template pairs each {{end}}
		// with the nearest opener), not the file's last line.
		{"unclosed if", fstest.MapFS{"templates/brief.html": {Data: []byte("{{ template \"layout\" . }}\n<p>{{ if .Title }}x{{ range .X }}{{ end }}</p>\n\n")}},
			"templates/brief.html:2:4: error: {{if}} has no {{end}}"},
		{"unclosed define", fstest.MapFS{"templates/partials/header.html": {Data: []byte("{{ define \"header\" }}\n<p>{{ if .Title }}x</p>\n{{ end }}\n")}},
			"templates/partials/header.html:1:1: error: {{define}} has no {{end}}"},
		// html/template gives a column, a byte offset (of ".Title", after
		// the 3 bytes of "한"): it becomes a column in characters.
		{"escape error", fstest.MapFS{"templates/404.html": {Data: []byte("{{ define \"x\" }}{{ end }}\n한 <a {{ if .Title }}href=\"{{ end }}\">")}},
			"templates/404.html:2:12: error: {{if}} branches end in different contexts\x00"},
		{"escape error in a partial rendered once", fstest.MapFS{"templates/partials/header.html": {Data: []byte("{{ define \"header\" }}\n<a {{ if .Title }}href=\"{{ end }}\">{{ end }}")}},
			"templates/partials/header.html:2:10: error: {{if}} branches end in different contexts\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Overlay(briefbook.Theme, tt.files), fixtureBook().Site)
			var le *diag.ListError
			if !errors.As(err, &le) || len(le.Diagnostics) != 1 {
				t.Fatalf("New error = %#v, want a *diag.ListError", err)
			}
			d := le.Diagnostics[0]
			// A want ending in NUL is the whole message: html/template's
			// escaping contexts are left out.
			got := err.Error()
			if strings.HasSuffix(tt.want, "\x00") {
				got += "\x00"
			}
			if !strings.HasPrefix(got, tt.want) || d.LineText == "" {
				t.Errorf("New error = %v (line text %q), want prefix %q and the line's text", err, d.LineText, tt.want)
			}
		})
	}
}

func TestNewMissingTemplate(t *testing.T) {
	_, err := New(without{briefbook.Theme, "templates/actors.html"}, fixtureBook().Site)
	if err == nil || !strings.HasPrefix(err.Error(), "templates/actors.html: missing template") {
		t.Errorf("New error = %v, want a missing template", err)
	}
}

// without hides one file of an fs.FS.
type without struct {
	fs.FS
	name string
}

func (w without) Open(name string) (fs.File, error) {
	if name == w.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.FS.Open(name)
}

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{
		"templates/a.html":      {Data: []byte("base a")},
		"templates/b.html":      {Data: []byte("base b")},
		"static/css/style.css":  {Data: []byte("base css")},
		"static/only-base.txt":  {Data: []byte("x")},
		"static/sub/inner.txt":  {Data: []byte("base inner")},
		"static/shadow/in.txt":  {Data: []byte("dir in base")},
		"templates/partials/p.": {Data: []byte("p")},
	}
	site := fstest.MapFS{
		"templates/b.html":     {Data: []byte("site b")},
		"templates/c.html":     {Data: []byte("site c")},
		"static/css/style.css": {Data: []byte("site css")},
		"static/shadow":        {Data: []byte("file in site")},
	}
	o := Overlay(base, site)
	for name, want := range map[string]string{
		"templates/a.html": "base a", "templates/b.html": "site b", "templates/c.html": "site c",
		"static/css/style.css": "site css", "static/sub/inner.txt": "base inner", "static/shadow": "file in site",
	} {
		got, err := fs.ReadFile(o, name)
		if err != nil || string(got) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	var files []string
	err := fs.WalkDir(o, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"static/css/style.css", "static/only-base.txt", "static/shadow", "static/sub/inner.txt",
		"templates/a.html", "templates/b.html", "templates/c.html", "templates/partials/p."}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("WalkDir lists\n %q\nwant\n %q", files, want)
	}
	if err := fstest.TestFS(o, "templates/c.html", "static/only-base.txt"); err != nil {
		t.Error(err)
	}
	if Overlay(base, nil) == nil {
		t.Error("Overlay(base, nil) is nil")
	}
}

// TestEmptyBook renders a book with no briefs and no home page: every page
// renders, and the feed is still valid.
func TestEmptyBook(t *testing.T) {
	b := &model.Book{Site: model.Site{Title: "Empty"}}
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	pages := r.Pages(b)
	if len(pages) != 12 {
		t.Errorf("%d pages, want 12: home, contents, four indexes, search, book, 404, sitemap, feed, robots", len(pages))
	}
	for _, p := range pages {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Errorf("%s: %v", p.Path, err)
		}
		if p.Path == "feed.xml" {
			xmlWellFormed(t, p.Path, buf.Bytes())
		}
	}
}

// TestSiteOverride checks that a site's template replaces the theme's.
func TestSiteOverride(t *testing.T) {
	site := fstest.MapFS{"templates/partials/footer.html": {Data: []byte(`{{ define "footer" }}<footer>Custom {{ .SiteTitle }}</footer>{{ end }}`)}}
	b := fixtureBook()
	r, err := New(Overlay(briefbook.Theme, site), b.Site)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Pages(b)[0].Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<footer>Custom Seoul–Tokyo Briefing Book</footer>") {
		t.Errorf("the site's footer did not replace the theme's:\n%s", buf.String())
	}
}

func TestOverridePartialsRenderedOnce(t *testing.T) {
	site := fstest.MapFS{
		"templates/partials/mine.html": {Data: []byte(`{{ define "citation" }}<cite>Mine: {{ .ID }}</cite>{{ end }}` +
			`{{ define "brief-link" }}<li>Linked: {{ .Slug }}</li>{{ end }}` +
			`{{ define "header" }}<header>Kind {{ .Kind }} {{ .URL }}</header>{{ end }}`)},
	}
	b := fixtureBook()
	r, err := New(Overlay(briefbook.Theme, site), b.Site)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range r.Pages(b) {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		out[p.Path] = buf.String()
	}
	for _, tt := range []struct{ page, want string }{
		{"briefs/gsomia/index.html", "<cite>Mine: haggard-2021</cite>"},
		{"briefs/gsomia/index.html", "<header>Kind brief </header>"},
		{"actors/index.html", "<header>Kind actors </header>"},
		{"index.html", "<header>Kind home </header>"},
	} {
		if !strings.Contains(out[tt.page], tt.want) {
			t.Errorf("%s does not contain %q:\n%s", tt.page, tt.want, out[tt.page])
		}
	}
	found := false
	for p, s := range out {
		if strings.HasPrefix(p, "briefs/") && strings.Contains(s, "<li>Linked: ") {
			found = true
		}
	}
	if !found {
		t.Error("no brief page shows the site's brief-link")
	}
}

func TestOnceNeedsPointer(t *testing.T) {
	r, err := New(briefbook.Theme, fixtureBook().Site)
	if err != nil {
		t.Fatal(err)
	}
	for _, dot := range []any{"x", 3, (*model.Brief)(nil), nil} {
		if _, err := r.once("citation", dot); err == nil {
			t.Errorf("once(%#v) gave no error", dot)
		}
	}
}

func TestQuotedAt(t *testing.T) {
	for _, c := range []struct {
		text, msg string
		want      int
	}{
		{`{{ nope }}`, `function "nope" not defined`, 3},
		{`nope {{ nope }}`, `function "nope" not defined`, 8},
		{`<p>}{{ .Title }</p>`, `unexpected "}" in operand`, 14},
		{`{{ $x }}`, `undefined variable "$x"`, 3},
		{`<p>{{ if }}`, `missing value for if`, 3},
		{`{{ with .A }}{{ end }} {{- range }}`, `missing value for range`, 23},
		{`{{ .A }}`, `missing value for with`, -1},
		{`<a href="x">{{ print "a\"b }}`, `unterminated quoted string`, 21},
		{`{{ "a" }}{{ 'b' }}{{ "c\\" }}{{ "d\\\" }}`, `unterminated quoted string`, 32},
		{`<a href="x">{{ print "a" ` + "`b" + ` }}`, `unterminated raw quoted string`, 25},
		{`{{ 'a }}`, `unterminated character constant`, 3},
		{`{{ "a" }} x {{- /* a }}`, `unclosed comment`, 12},
		{`{{/* a */}} x {{/* b`, `unclosed comment`, 14},
		{`{{ "/*" }}`, `unclosed comment`, -1},
		{`"a {{ .A }}`, `unterminated quoted string`, -1}, // the quote is not in an action
		{`<p>x</p>{{ end }}`, `unexpected {{end}}`, 8},
		{`<p>{{- end -}}</p>`, `unexpected {{end}}`, 3},
		{`{{ if .A }}{{end}}{{ else }}`, `unexpected {{else}}`, 18},
		{`{{ endless }}`, `unexpected {{end}}`, -1},
		{`{{end}}{{x}}`, `unexpected {{end}}`, 0},
		{`nope`, `function "nope" not defined`, -1},
		{`{{ x }}`, `unexpected "\"" in command`, -1},
		{`{{ "a\"b" }}`, `unexpected "a\"b"`, -1}, // the token is escaped in the template
	} {
		if got := quotedAt(c.text, c.msg); got != c.want {
			t.Errorf("quotedAt(%q, %q) = %d, want %d", c.text, c.msg, got, c.want)
		}
	}
}

func TestUnclosed(t *testing.T) {
	for _, c := range []struct {
		src      string
		line, at int
		kw       string
		ok       bool
	}{
		{"{{ if .X }}a{{ end }}", 0, 0, "", false},
		{"{{ define \"x\" }}\n  {{- range .Y }}\n{{ end }}", 1, 0, "define", true},
		{"{{ with .X }}{{ if .Y }}{{ else }}{{ end }}", 1, 0, "with", true},
		{"a\nb {{ if \"}}{{ end }}\" }}", 2, 2, "if", true},
		{"{{/* {{ end }} */}}{{ block \"b\" . }}", 1, 19, "block", true},
		{"{{ if `}}` }}{{ end }}", 0, 0, "", false},
		{"{{ if .X }}{{ end }}{{ end }}", 0, 0, "", false},
		{"{{ if .X", 1, 0, "if", true},
	} {
		line, at, kw, ok := unclosed(c.src)
		if line != c.line || at != c.at || kw != c.kw || ok != c.ok {
			t.Errorf("unclosed(%q) = %d, %d, %q, %v; want %d, %d, %q, %v", c.src, line, at, kw, ok, c.line, c.at, c.kw, c.ok)
		}
	}
}
