package site

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/render"
)

// TestMergePages checks that the renderer's pages and the search index's
// are merged into one list sorted by path, runs copied whole or page by
// page, the renderer's first where two paths are equal.
func TestMergePages(t *testing.T) {
	pages := func(spec string) []render.Page {
		var out []render.Page
		for _, f := range strings.Fields(spec) {
			out = append(out, render.Page{Path: f})
		}
		return out
	}
	for _, tt := range []struct{ a, b, want string }{
		{"", "", ""},
		{"a b", "", "a b"},
		{"", "b a", "a b"},
		{"a b x y", "s/1 s/2 s/3", "a b s/1 s/2 s/3 x y"},
		{"a c e g", "b d f h", "a b c d e f g h"},
		{"m n", "a b", "a b m n"},
		{"a b", "m n", "a b m n"},
		{"a s/2 z", "s/3 s/1", "a s/1 s/2 s/3 z"},
	} {
		got := mergePages(pages(tt.a), pages(tt.b))
		var paths []string
		for _, p := range got {
			paths = append(paths, p.Path)
		}
		if strings.Join(paths, " ") != tt.want {
			t.Errorf("mergePages(%q, %q) = %q, want %q", tt.a, tt.b, strings.Join(paths, " "), tt.want)
		}
	}
	// Equal paths: the renderer's page first.
	a := []render.Page{{Path: "x"}, {Path: "y"}}
	b := []render.Page{{Path: "x", Fingerprint: func() (render.Fingerprint, error) { return render.Fingerprint{}, nil }}}
	got := mergePages(a, b)
	if len(got) != 3 || got[0].Fingerprint != nil || got[1].Fingerprint == nil || !slices.IsSortedFunc(got, func(x, y render.Page) int { return strings.Compare(x.Path, y.Path) }) {
		t.Errorf("equal paths merged in the wrong order")
	}
}
