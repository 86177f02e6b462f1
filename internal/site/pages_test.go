package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbook/briefbook/internal/render"
)

// TestPageNumbers checks that a generation's output paths come from the
// renderer's pages and the search index's, kept as two lists: every path
// is numbered to its own page, the paths are sorted, and a search file at
// a page's path is refused.
func TestPageNumbers(t *testing.T) {
	pages := func(spec string) []render.Page {
		var out []render.Page
		for _, f := range strings.Fields(spec) {
			out = append(out, render.Page{Path: f})
		}
		return out
	}
	g := &Generation{pages: pages("a c z"), spages: pages("search/d/0.json search/meta.json"), static: fstest.MapFS{"style.css": {}}}
	if err := g.listPaths(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(g.paths, " "), "a c search/d/0.json search/meta.json style.css z"; got != want {
		t.Errorf("paths %q, want %q", got, want)
	}
	for _, p := range g.paths {
		i := g.index[p]
		if p == "style.css" {
			if i != -1 {
				t.Errorf("static file numbered %d", i)
			}
			continue
		}
		if got := g.page(i).Path; got != p {
			t.Errorf("%s is numbered %d, the page of %s", p, i, got)
		}
	}
	if g.numPages() != 5 {
		t.Errorf("numPages = %d, want 5", g.numPages())
	}
	dup := &Generation{pages: pages("a search/meta.json"), spages: pages("search/meta.json"), static: fstest.MapFS{}}
	if err := dup.listPaths(); err == nil || !strings.Contains(err.Error(), "two output files have the same path search/meta.json") {
		t.Errorf("a search file at a page's path: %v", err)
	}
}
