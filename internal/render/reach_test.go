package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// TestReachBuiltin checks that the analysis bounds every page kind of the
// built-in theme, so that package site compares their pages by
// fingerprint, and that it knows every template func: a func added to
// funcs must be taught to reach.go (what does it read?), or every page
// of every kind is compared by rendering it.
func TestReachBuiltin(t *testing.T) {
	r, err := New(briefbook.Theme, model.Site{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		if r.reach[k] == nil {
			t.Errorf("kind %s: not bounded: %v", k, r.reachErr[k])
		}
	}
	known := map[string]bool{"and": true, "or": true, "not": true, "len": true, "take": true, "slice": true,
		"index": true, "lastmod": true, "item": true, "once": true, "chrome": true, "sections": true, "call": true}
	for name := range r.funcs() {
		if !known[name] && !pureFuncs[name] && !derivedFuncs[name] {
			t.Errorf("template func %q is unknown to the analysis", name)
		}
	}
}

// TestReachUnbounded checks that a theme whose templates read what the
// analysis cannot bound gets no fingerprint for that kind, only.
func TestReachUnbounded(t *testing.T) {
	for _, tc := range []struct{ name, src, why string }{
		{"call", `{{ define "main" }}{{ call .Site.Params.f }}{{ end }}`, "call"},
		{"once by variable", `{{ define "main" }}{{ $n := "citation" }}{{ once $n . }}{{ end }}`, "not a constant"},
		{"recursion", `{{ define "main" }}{{ template "deep" .Brief }}{{ end }}{{ define "deep" }}{{ with .Related }}{{ template "deep" (index . 0) }}{{ end }}{{ end }}`, "nested"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := fstest.MapFS{"templates/brief.html": {Data: []byte(`{{ template "layout" . }}` + tc.src)}}
			r, err := New(Overlay(briefbook.Theme, site), model.Site{})
			if err != nil {
				t.Fatal(err)
			}
			if r.reach["brief"] != nil || !strings.Contains(r.reachErr["brief"].Error(), tc.why) {
				t.Errorf("brief: reach %v, error %v; want no reach and an error saying %q", r.reach["brief"], r.reachErr["brief"], tc.why)
			}
			if r.reach["actor"] == nil {
				t.Errorf("actor: not bounded: %v", r.reachErr["actor"])
			}
		})
	}
}

// fingerprints returns the fingerprint of every page of b that has one,
// by path, and checks that every HTML page and preview has one.
func fingerprints(t *testing.T, r *Renderer, b *model.Book) map[string]Fingerprint {
	t.Helper()
	out := map[string]Fingerprint{}
	for _, p := range r.Pages(b) {
		if p.Fingerprint == nil {
			if strings.HasSuffix(p.Path, ".html") && p.Path != "404.html" || strings.HasSuffix(p.Path, ".json") {
				t.Errorf("%s: no fingerprint", p.Path)
			}
			continue
		}
		fp, err := p.Fingerprint()
		if err != nil {
			t.Errorf("%s: %v", p.Path, err)
		}
		out[p.Path] = fp
	}
	return out
}

// TestFingerprint checks that a page's fingerprint changes with what the
// page shows, including what it shows of other briefs, and not with what
// it does not read; and that it is the same for the same book.
func TestFingerprint(t *testing.T) {
	b := fixtureBook()
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	if before, again := fingerprints(t, r, b), fingerprints(t, r, b); !equalFingerprints(before, again) {
		t.Fatal("the same book gives other fingerprints")
	}
	const slug = "gsomia" // a brief with related briefs
	page := "briefs/" + slug + "/index.html"
	var withRelated, related *model.Brief
	for _, tc := range []struct {
		name    string
		edit    func()
		changes bool
	}{
		{"a related brief's title", func() { related.Title += " (edited)" }, true},
		{"a related brief's authors", func() { related.Authors = append(related.Authors, "Someone") }, false},
		{"the brief's body", func() { withRelated.Body = append([]byte("<p>New.</p>"), withRelated.Body...) }, true},
		{"the brief's word count", func() { withRelated.Words += 1000 }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := fixtureBook() // bodies are hashed by identity: fingerprints of one book's values
			for _, br := range b.Briefs {
				if br.Slug == slug {
					withRelated, related = br, br.Related[0]
				}
			}
			before := fingerprints(t, r, b)
			tc.edit()
			after := fingerprints(t, r, b)
			if got := after[page] != before[page]; got != tc.changes {
				t.Errorf("%s: fingerprint changed: %v, want %v", page, got, tc.changes)
			}
		})
	}
}

func equalFingerprints(a, b map[string]Fingerprint) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestBookFingerprint checks that the book's fingerprint is the same for
// the same values and changes with any of them, even one no page shows.
func TestBookFingerprint(t *testing.T) {
	b := fixtureBook()
	fp := func() Fingerprint {
		t.Helper()
		f, err := BookFingerprint(b)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	before := fp()
	if fp() != before {
		t.Fatal("the same book gives another fingerprint")
	}
	for _, edit := range []func(){
		func() { b.Sources[0].Publisher += "x" },
		func() { b.Briefs[0].Authors = append(b.Briefs[0].Authors, "x") },
		func() { b.Briefs[0].Related, b.Briefs[1].Related = b.Briefs[1].Related, b.Briefs[0].Related },
		func() { b.Home.Title += "x" },
	} {
		edit()
		if after := fp(); after == before {
			t.Error("an edit did not change the fingerprint")
		} else {
			before = after
		}
	}
}

// TestFingerprintRangeInt checks that ranging over a number reads it.
func TestFingerprintRangeInt(t *testing.T) {
	site := fstest.MapFS{"templates/brief.html": {Data: []byte(`{{ template "layout" . }}{{ define "main" }}{{ range .Brief.Brief.Words }}.{{ end }}{{ end }}`)}}
	b := fixtureBook()
	r, err := New(Overlay(briefbook.Theme, site), b.Site)
	if err != nil {
		t.Fatal(err)
	}
	before := fingerprints(t, r, b)
	b.BriefBySlug["gsomia"].Words++
	if after := fingerprints(t, r, b); after["briefs/gsomia/index.html"] == before["briefs/gsomia/index.html"] {
		t.Error("the number of words ranged over is not in the fingerprint")
	}
}

// TestFingerprintWalksShared checks that the walks from entities a book
// keeps for its pages (subWalks) give each page the fingerprint it gets
// alone: computed in reverse order, with the walks shared, and with a
// book of its own, the pages' fingerprints are the same, and the shared
// walks were used.
func TestFingerprintWalksShared(t *testing.T) {
	b := fixtureBook()
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	forward := fingerprints(t, r, b)
	pages := r.Pages(b)
	backward := map[string]Fingerprint{}
	for i := len(pages) - 1; i >= 0; i-- {
		if f := pages[i].Fingerprint; f != nil {
			fp, err := f()
			if err != nil {
				t.Fatal(err)
			}
			backward[pages[i].Path] = fp
		}
	}
	if !equalFingerprints(forward, backward) {
		t.Error("fingerprints depend on the order pages are fingerprinted in")
	}
	// Each page alone: a book context of its own for every page.
	for _, p := range pages {
		if p.Fingerprint == nil {
			continue
		}
		var alone Fingerprint
		for _, q := range r.Pages(b) {
			if q.Path == p.Path {
				if alone, err = q.Fingerprint(); err != nil {
					t.Fatal(err)
				}
			}
		}
		if alone != forward[p.Path] {
			t.Errorf("%s: fingerprint %v alone, %v among the book's pages", p.Path, alone, forward[p.Path])
		}
	}
	c := newBookContext(r, b)
	d := &Data{Book: b, Briefs: b.Briefs}
	root := &pathNode{}
	root.kid("Briefs").kid("*").kid("Title").whole = true
	root.seal()
	if _, err := fingerprint(root, d, r.derived, &c.walks); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range c.walks.shards {
		n += len(c.walks.shards[i].m)
	}
	if n != len(b.Briefs) {
		t.Errorf("%d walks kept for %d briefs read", n, len(b.Briefs))
	}
}
