package render

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// oddBook is the fixture book changed so that every branch of the brief
// page is taken both ways and every escape is needed: no base URL or
// language, a site title and descriptions holding what html/template
// escapes, a brief with no domains, actors, authors, summary or
// references, one with a single author, an earlier Updated and more than
// five related briefs, headings with ids that need percent-encoding, and a
// reference without a source.
func oddBook() *model.Book {
	b := fixtureBook()
	b.Site.BaseURL = ""
	b.Site.Language = ""
	b.Site.Title = "A+B <\"quoted\"> & 'single' \x00 book"
	gsomia, summit, trade := b.BriefBySlug["gsomia"], b.BriefBySlug["summit-2023"], b.BriefBySlug["trade-dispute"]
	gsomia.Summary = "1 + 1 > 1 & \"x\" 'y' \x00"
	gsomia.Headings = append(gsomia.Headings,
		model.Heading{Level: 2, ID: "한국어-제목", Text: "한국어 <제목>"},
		model.Heading{Level: 4, ID: "a:b/c?d#e&f=g+h%i j'k(l)", Text: "Odd & odd"})
	gsomia.References = append(gsomia.References, model.Reference{N: 3})
	summit.DomainList, summit.ActorList, summit.Authors, summit.Summary = nil, nil, nil, ""
	summit.References, summit.LinkedFrom = nil, nil
	trade.Authors = []string{"Only <One>"}
	trade.Updated = trade.Date.AddDate(0, 0, -1)
	trade.Related = []*model.Brief{gsomia, summit, b.Briefs[3], gsomia, summit, b.Briefs[3], gsomia}
	return b
}

// TestBuiltinPages renders every page of several books with the built-in
// theme's generated brief page and partials and with its templates, with and
// without fragments minified, and requires the same bytes.
func TestBuiltinPages(t *testing.T) {
	books := map[string]*model.Book{
		"fixture":   fixtureBook(),
		"odd":       oddBook(),
		"synthetic": benchBook(t, 150),
	}
	javascript := fixtureBook()
	javascript.Site.BaseURL = "javascript:alert(1)//"
	books["javascript base URL"] = javascript
	// A stand-in minifier: what matters is that fragments become
	// placeholders and come back.
	squeeze := func(h []byte) ([]byte, error) { return bytes.ReplaceAll(h, []byte("\n"), nil), nil }
	for name, b := range books {
		for _, minify := range []bool{false, true} {
			goPages := allPages(t, b, true, minify, squeeze)
			tmplPages := allPages(t, b, false, minify, squeeze)
			if len(goPages) == 0 || len(goPages) != len(tmplPages) {
				t.Fatalf("%s: %d pages written by Go, %d by templates", name, len(goPages), len(tmplPages))
			}
			for path, want := range tmplPages {
				if got := goPages[path]; got != want {
					t.Errorf("%s (minify %v): %s differs from the template's output at %s",
						name, minify, path, firstDiff([]byte(got), []byte(want)))
				}
			}
		}
	}
}

// allPages renders the pages of b with the built-in theme, with or without
// its Go code, keyed by Path.
func allPages(t *testing.T, b *model.Book, goCode, minify bool, squeeze func([]byte) ([]byte, error)) map[string]string {
	t.Helper()
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.genPages) != len(generatedPages) || len(r.genPartials) != len(generatedPartials) {
		t.Fatal("the built-in theme's brief page or partials are not recognized as built in")
	}
	if !goCode {
		r.genPages, r.genPartials = nil, nil
	}
	if minify {
		r.MinifyFragments(squeeze)
	}
	out := map[string]string{}
	for _, p := range r.Pages(b) {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		if p.Expand != nil {
			var full bytes.Buffer
			p.Expand(&full, buf.Bytes())
			buf = full
		}
		out[p.Path] = buf.String()
	}
	return out
}

// TestBuiltinPagesOverridden checks that a site overriding any
// template the generated brief page was compiled from gets its own template
// executed, and that one overriding only other templates keeps the
// generated page.
func TestBuiltinPagesOverridden(t *testing.T) {
	for _, tt := range []struct {
		name, file, text string
		builtin          bool   // the generated brief page is used
		item             bool   // the generated brief-item is used
		want             string // in briefs/gsomia/index.html
	}{
		{"brief.html", "templates/brief.html", `{{ template "layout" . }}{{ define "main" }}<p>My brief {{ .Title }}</p>{{ end }}`,
			false, true, "<p>My brief GSOMIA &amp; the &lt;script&gt;alert(1)&lt;/script&gt; pact</p>"},
		{"layout.html", "templates/layout.html", `{{ define "layout" }}<!DOCTYPE html><title>Mine</title>{{ block "main" . }}{{ end }}{{ end }}`,
			false, true, "<!DOCTYPE html><title>Mine</title><article"},
		{"a list in a partial", "templates/partials/zz.html", `{{ define "brief-list" }}<p>My related list</p>{{ end }}`,
			false, true, "<p>My related list</p>"},
		{"a title block", "templates/partials/zz.html", `{{ define "title" }}My title{{ end }}`,
			false, true, "<title>My title</title>"},
		{"a shown partial", "templates/partials/zz.html", `{{ define "actor-tag" }}<li>Mine: {{ .Name }}</li>{{ end }}`,
			true, true, "<li>Mine: South Korea</li>"},
		{"brief-item", "templates/partials/zz.html", `{{ define "brief-item" }}<li>My item {{ .Slug }}</li>{{ end }}`,
			true, false, "<li>My item 한일-정보보호협정</li>"},
		{"the same layout", "templates/layout.html", "",
			true, true, `<p class="kicker">`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, b := overridden(t, tt.file, tt.text)
			if (r.genPages["brief"] != nil) != tt.builtin {
				t.Errorf("generated brief page used = %v, want %v", r.genPages["brief"] != nil, tt.builtin)
			}
			if _, item := r.genPartials["brief-item"]; item != tt.item {
				t.Errorf("Go brief-item used = %v, want %v", item, tt.item)
			}
			pageContains(t, r, b, "briefs/gsomia/index.html", tt.want)
		})
	}
}

// overridden returns a renderer of the built-in theme with the file at
// path replaced by text (the built-in file itself when text is empty), and
// the fixture book.
func overridden(t *testing.T, path, text string) (*Renderer, *model.Book) {
	t.Helper()
	if text == "" {
		src, err := briefbook.Theme.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text = string(src)
	}
	b := fixtureBook()
	r, err := New(Overlay(briefbook.Theme, fstest.MapFS{path: {Data: []byte(text)}}), b.Site)
	if err != nil {
		t.Fatal(err)
	}
	return r, b
}

// pageContains fails t unless the page at path, as r writes it for b,
// holds want; a path r does not list fails too.
func pageContains(t *testing.T, r *Renderer, b *model.Book, path, want string) {
	t.Helper()
	for _, p := range r.Pages(b) {
		if p.Path != path {
			continue
		}
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%s does not contain %q:\n%s", path, want, buf.String())
		}
		return
	}
	t.Errorf("no page %s", path)
}

// FuzzBuiltinBriefPage puts arbitrary text in every field the generated
// brief page and partials escape, and requires the templates' bytes.
func FuzzBuiltinBriefPage(f *testing.F) {
	f.Add("GSOMIA & <b>", "1 + 1 > 1 'q' \"d\"", "a:b/c?d#e", "/briefs/x y/", "Site\x00title", "cite:0")
	f.Add("한일", "", "한국어-제목", "/briefs/한일/", "", "")
	f.Add("\xff\xfe", "\u2028", "%zz", "javascript:alert(1)", "+", "#")
	f.Fuzz(func(t *testing.T, title, summary, id, url, siteTitle, back string) {
		b := fixtureBook()
		b.Site.Title = siteTitle
		g := b.BriefBySlug["gsomia"]
		g.Title, g.Summary, g.URL = title, summary, url
		g.Headings = append(g.Headings, model.Heading{Level: 2, ID: id, Text: title})
		g.Authors = append(g.Authors, summary)
		b.DomainBySlug["trade"].Title = title
		squeeze := func(h []byte) ([]byte, error) { return h, nil }
		goPages := allPages(t, b, true, false, squeeze)
		tmplPages := allPages(t, b, false, false, squeeze)
		for path, want := range tmplPages {
			if got := goPages[path]; got != want {
				t.Fatalf("%s differs from the template's output at %s", path, firstDiff([]byte(got), []byte(want)))
			}
		}
	})
}

// TestGeneratedNilPointer checks that data the generated code cannot
// handle (a nil pointer, on which it panics) gets the templates'
// behaviour: html/template's error, and no panic.
func TestGeneratedNilPointer(t *testing.T) {
	b := fixtureBook()
	pageErr := func(generated bool) error {
		r, err := New(briefbook.Theme, b.Site)
		if err != nil {
			t.Fatal(err)
		}
		if !generated {
			r.genPages, r.genPartials = nil, nil
		}
		r = r.forBook()
		d := &Data{Site: b.Site, Book: b, Kind: "brief", URL: "/briefs/x/", Brief: &BriefData{}} // no *model.Brief
		var buf bytes.Buffer
		return r.execute(&buf, "brief", d)
	}
	gen, tmpl := pageErr(true), pageErr(false)
	if tmpl == nil || !strings.Contains(tmpl.Error(), "nil pointer") {
		t.Fatalf("template error %v, want a nil pointer error", tmpl)
	}
	if gen == nil || gen.Error() != tmpl.Error() {
		t.Errorf("error %v with generated code, want %v", gen, tmpl)
	}
}

// TestSetsClonedWhenUsed checks that a book's template sets are cloned
// one by one, when a page first executes one: writing a brief page,
// which generated code writes, clones at most the brief kind's set (for
// its header and footer) and the shared one (for the partials rendered
// once), not every kind's; a second brief page of the book clones none;
// the contents page then clones its own.
func TestSetsClonedWhenUsed(t *testing.T) {
	r, err := New(briefbook.Theme, model.Site{})
	if err != nil {
		t.Fatal(err)
	}
	if r.genPages["brief"] == nil {
		t.Skip("the built-in brief page is not compiled to Go in this build (see builtin.go)")
	}
	pages := map[string]Page{}
	for _, p := range r.Pages(fixtureBook()) {
		pages[p.Path] = p
	}
	var briefs []string
	for p := range pages {
		if strings.HasPrefix(p, "briefs/") && strings.HasSuffix(p, "/index.html") && p != "briefs/index.html" {
			briefs = append(briefs, p)
		}
	}
	if len(briefs) < 2 {
		t.Fatalf("the fixture has %d brief pages, want 2 or more", len(briefs))
	}
	write := func(path string) int64 {
		t.Helper()
		n := setClones.Load()
		if err := pages[path].Write(io.Discard); err != nil {
			t.Fatal(err)
		}
		return setClones.Load() - n
	}
	if n := write(briefs[0]); n > 2 {
		t.Errorf("the first brief page cloned %d template sets, want at most 2 (of %d)", n, len(r.pristine.pages)+1)
	}
	if n := write(briefs[1]); n != 0 {
		t.Errorf("the second brief page cloned %d template sets, want 0", n)
	}
	if n := write("contents/index.html"); n != 1 {
		t.Errorf("the contents page cloned %d template sets, want 1", n)
	}
}

// TestGeneratedIndexPagesOverridden checks that the index and list pages
// compiled to Go are written by Go only while every template each was
// compiled from is the built-in one: a site overriding a kind's file, a
// partial it shows or the layout gets its own templates' output on that
// page, and the other pages keep their Go code.
func TestGeneratedIndexPagesOverridden(t *testing.T) {
	all := []string{"contents", "domains", "actors", "sources", "briefs", "domain", "actor", "source", "facet", "home"}
	for _, tt := range []struct {
		name, file, text string
		gone             []string // kinds no longer written by Go
		page, want       string   // page and what it must hold
	}{
		{"contents.html", "templates/contents.html", `{{ template "layout" . }}{{ define "main" }}<p>My contents: {{ len .Book.Briefs }}</p>{{ end }}`,
			[]string{"contents"}, "contents/index.html", "<p>My contents: "},
		{"chicago", "templates/partials/zz.html", `{{ define "chicago" }}<span>My entry {{ .Title }}</span>{{ end }}`,
			[]string{"sources", "source"}, "sources/index.html", "<span>My entry "},
		{"matrix", "templates/partials/zz.html", `{{ define "matrix" }}<p>My matrix</p>{{ end }}`,
			[]string{"domains"}, "domains/index.html", "<p>My matrix</p>"},
		{"pager", "templates/partials/zz.html", `{{ define "pager" }}<p>My pager</p>{{ end }}`,
			[]string{"briefs", "domain", "actor", "source", "facet"}, "briefs/index.html", "<p>My pager</p>"},
		{"home.html", "templates/home.html", `{{ template "layout" . }}{{ define "main" }}<p>My home</p>{{ end }}`,
			[]string{"home"}, "index.html", "<p>My home</p>"},
		{"meta", "templates/partials/zz.html", `{{ define "meta" }}<meta name="mine" content="{{ .Kind }}">{{ end }}`,
			append([]string{"brief"}, all...), "actors/index.html", `<meta name="mine" content="actors">`},
		{"actors.html unchanged", "templates/actors.html", "",
			nil, "actors/index.html", `<section class="actor-group"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, b := overridden(t, tt.file, tt.text)
			for _, kind := range append([]string{"brief"}, all...) {
				if got, want := r.genPages[kind] != nil, !slices.Contains(tt.gone, kind); got != want {
					t.Errorf("%s page written by Go = %v, want %v", kind, got, want)
				}
			}
			pageContains(t, r, b, tt.page, tt.want)
		})
	}
}
