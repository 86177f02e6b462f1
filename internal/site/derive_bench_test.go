package site

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/briefbook/briefbook/internal/render"
)

// BenchmarkPathIndex compares listing every output path of a generation
// of 30,000 pages (listPaths) with deriving them from the previous
// generation's when one page was renamed (derivePaths).
func BenchmarkPathIndex(b *testing.B) {
	const n = 30000
	prevPages := make([]render.Page, n)
	for i := range prevPages {
		prevPages[i] = render.Page{Path: fmt.Sprintf("briefs/brief-%05d/index.html", i)}
	}
	pages := append([]render.Page(nil), prevPages...)
	copy(pages[100:], prevPages[101:])
	pages[n-1] = render.Page{Path: "briefs/renamed/index.html"}
	static := fstest.MapFS{"style.css": {}}
	prev := &Generation{pages: prevPages, static: static}
	if err := prev.listPaths(); err != nil {
		b.Fatal(err)
	}
	b.Run("listPaths", func(b *testing.B) {
		for b.Loop() {
			g := &Generation{pages: pages, static: static}
			if err := g.listPaths(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("derivePaths", func(b *testing.B) {
		for b.Loop() {
			g := &Generation{pages: pages, static: static}
			if !g.derivePaths(prev) {
				b.Fatal("not derived")
			}
		}
	})
}
