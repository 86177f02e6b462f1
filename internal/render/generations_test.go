package render

import (
	"bytes"
	"testing"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// writePage renders p, expanding its fragments when it has any.
func writePage(t *testing.T, p Page) string {
	t.Helper()
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		t.Fatalf("%s: %v", p.Path, err)
	}
	if p.Expand != nil {
		var full bytes.Buffer
		p.Expand(&full, buf.Bytes())
		return full.String()
	}
	return buf.String()
}

// TestGenerationsInterleaved renders two versions of a book with one
// Renderer, as a server does while it builds the next version: the pages of
// both versions are listed first, then written alternately, and each page
// must come out exactly as its own version rendered alone gives it. The
// second version renames a brief, which every list and brief-link partial
// shows, so a page that took a partial from the other version's cache
// would differ.
func TestGenerationsInterleaved(t *testing.T) {
	v1 := fixtureBook()
	v2 := fixtureBook()
	renamed := *v2.BriefBySlug["gsomia"]
	renamed.Title = "GSOMIA, second version"
	for i, b := range v2.Briefs {
		if b.Slug == "gsomia" {
			v2.Briefs[i] = &renamed
		}
	}
	v2.BriefBySlug["gsomia"] = &renamed
	for _, minify := range []bool{false, true} {
		alone := func(b *model.Book) map[string]string { return allPages(t, b, true, minify, identity) }
		want1, want2 := alone(v1), alone(v2)
		if want1["briefs/index.html"] == want2["briefs/index.html"] {
			t.Fatal("the two versions render the same brief index; the test would prove nothing")
		}
		r, err := New(briefbook.Theme, v1.Site)
		if err != nil {
			t.Fatal(err)
		}
		if minify {
			r.MinifyFragments(identity)
		}
		pages1, pages2 := r.Pages(v1), r.Pages(v2)
		if len(pages1) != len(pages2) {
			t.Fatalf("%d pages against %d", len(pages1), len(pages2))
		}
		for i := range pages1 {
			// The later version first, so that a shared cache would be
			// filled by it.
			if got := writePage(t, pages2[i]); got != want2[pages2[i].Path] {
				t.Errorf("minify %v: version 2, %s: %s", minify, pages2[i].Path, firstDiff([]byte(got), []byte(want2[pages2[i].Path])))
			}
			if got := writePage(t, pages1[i]); got != want1[pages1[i].Path] {
				t.Errorf("minify %v: version 1, %s: %s", minify, pages1[i].Path, firstDiff([]byte(got), []byte(want1[pages1[i].Path])))
			}
		}
	}
}

// identity is a "minifier" that leaves HTML as it is.
func identity(h []byte) ([]byte, error) { return h, nil }
