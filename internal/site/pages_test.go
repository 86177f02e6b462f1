package site

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbook/briefbook/internal/diag"
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

// TestDerivePaths checks that a generation whose pages differ from the
// previous generation's by a few paths gets the index and paths a fresh
// listing gives, and that derivePaths declines, leaving the listing (and
// its errors) to listPaths, when a new path is taken twice or by a static
// file, when nothing or too much changed, or when the previous generation
// did not publish a bundle file.
func TestDerivePaths(t *testing.T) {
	pages := func(spec string) []render.Page {
		var out []render.Page
		for _, f := range strings.Fields(spec) {
			out = append(out, render.Page{Path: f})
		}
		return out
	}
	many := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, " %s%03d", prefix, i)
		}
		return b.String()
	}
	static := fstest.MapFS{"style.css": {}}
	tests := []struct {
		name                 string
		prevPages, prevSrch  string
		pages, srch          string
		bundleDiags, derives bool
	}{
		{name: "renamed", prevPages: "a c e g", prevSrch: "search/0.json", pages: "a d e g", srch: "search/0.json", derives: true},
		{name: "renamed to the end", prevPages: "a c e g", prevSrch: "search/0.json", pages: "c e g z", srch: "search/0.json", derives: true},
		{name: "added", prevPages: "a c e", prevSrch: "search/0.json", pages: "a b c e", srch: "search/0.json search/1.json", derives: true},
		{name: "removed", prevPages: "a b c e", prevSrch: "search/0.json search/1.json", pages: "a c e", srch: "search/1.json", derives: true},
		{name: "moved from a page to a search file", prevPages: "a b c", prevSrch: "search/0.json", pages: "a c", srch: "b search/0.json", derives: true},
		{name: "added and removed, pages moving both ways between", prevPages: "a c e g i k m", prevSrch: "search/0.json search/2.json", pages: "b c d e i k l m", srch: "search/0.json search/1.json", derives: true},
		{name: "renamed first and last, the search files moving", prevPages: "b c d", prevSrch: "search/0.json", pages: "a c z", srch: "search/0.json", derives: true},
		{name: "pages and search files moving in runs that meet", prevPages: "a b c d f", prevSrch: "search/0.json search/1.json search/3.json", pages: "a c d e f", srch: "search/0.json search/1.json search/2.json search/3.json", derives: true},
		{name: "added after the static file", prevPages: "a c", pages: "a c zz", derives: true},
		{name: "same paths", prevPages: "a c", prevSrch: "search/0.json", pages: "a c", srch: "search/0.json"},
		{name: "a static file's path", prevPages: "a c", pages: "a c style.css"},
		{name: "a page's path", prevPages: "a c", prevSrch: "search/0.json", pages: "a c search/0.json", srch: "search/0.json"},
		{name: "a new page's path twice", prevPages: "a c", pages: "a b c", srch: "b"},
		{name: "unsorted", prevPages: "a c", pages: "c a b"},
		{name: "invalid", prevPages: "a c", pages: "../b a c"},
		{name: "too many", prevPages: "a", pages: "a" + many("b", maxDerived+1)},
		{name: "a bundle file not published", prevPages: "a c", pages: "a b c", bundleDiags: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := &Generation{pages: pages(tt.prevPages), spages: pages(tt.prevSrch), static: static}
			if err := prev.listPaths(); err != nil {
				t.Fatal(err)
			}
			if tt.bundleDiags {
				prev.bundleDiags = []diag.Diagnostic{{Path: "content/x.png", Message: "not published"}}
			}
			prevIndex := maps.Clone(prev.index)
			prevPaths := slices.Clone(prev.paths)
			g := &Generation{pages: pages(tt.pages), spages: pages(tt.srch), static: static}
			if got := g.derivePaths(prev); got != tt.derives {
				t.Fatalf("derivePaths = %v, want %v", got, tt.derives)
			}
			if !maps.Equal(prev.index, prevIndex) || !slices.Equal(prev.paths, prevPaths) {
				t.Errorf("the previous generation's paths changed")
			}
			if !tt.derives {
				if g.index != nil || g.paths != nil {
					t.Errorf("declined, but filled in index %v, paths %v", g.index, g.paths)
				}
				return
			}
			fresh := &Generation{pages: g.pages, spages: g.spages, static: static}
			if err := fresh.listPaths(); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(g.index, fresh.index) {
				t.Errorf("index %v, want %v", g.index, fresh.index)
			}
			if !slices.Equal(g.paths, fresh.paths) {
				t.Errorf("paths %q, want %q", g.paths, fresh.paths)
			}
		})
	}
}
