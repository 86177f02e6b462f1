package site

import (
	"bytes"
	"context"
	"path"
	"slices"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/minify"
)

// BenchmarkBigPages renders, with Generation.Render, the pages of a
// synthetic book (10,000 briefs, or BENCH_BRIEFS) that list the whole book
// or a large part of it, and a brief page of median cost for scale: the
// pages an edit of a brief's title or slug always changes
// (contents/index.html, sitemap.xml) and the other indexes. Run it with
//
//	go test ./internal/site -run '^$' -bench BenchmarkBigPages
//
// Each sub-benchmark reports, besides ns/op, the milliseconds of one
// Render ("ms/page"), the CPU time per Render ("cpu-ms/page", all
// threads), the part of the wall time spent writing the page before
// minifying ("write-ms/page", Page.Write alone, timed apart) and the page's
// size in bytes ("bytes").
func BenchmarkBigPages(b *testing.B) {
	dir := b.TempDir()
	if _, err := gen.Generate(gen.Options{N: envInt("BENCH_BRIEFS", 10000), Out: dir, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s, g, err := Open(context.Background(), dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	brief := medianBrief(g)
	b.Logf("median brief page: %s", brief)
	for _, p := range []string{"contents/index.html", "sitemap.xml", "sources/index.html",
		"domains/index.html", "actors/index.html", brief} {
		i, ok := g.index[p]
		if !ok || i < 0 {
			b.Fatalf("%s is not a page of the book", p)
		}
		name := p
		if p == brief {
			name = "median-brief"
		}
		b.Run(name, func(b *testing.B) {
			var out []byte
			var write time.Duration
			raw := new(bytes.Buffer)
			for range b.N {
				raw.Reset()
				t0 := time.Now()
				if err := g.page(i).Write(raw); err != nil {
					b.Fatal(err)
				}
				write += time.Since(t0)
			}
			b.ResetTimer()
			c0 := cpuTime()
			for range b.N {
				if out, err = g.Render(out[:0], p); err != nil {
					b.Fatal(err)
				}
			}
			cpu := cpuTime() - c0
			b.StopTimer()
			ms := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 / float64(b.N) }
			b.ReportMetric(ms(b.Elapsed()), "ms/page")
			b.ReportMetric(ms(cpu), "cpu-ms/page")
			b.ReportMetric(ms(write), "write-ms/page")
			b.ReportMetric(float64(len(out)), "bytes")
		})
	}
}

// medianBrief returns the output path of the brief page of g whose
// unminified size is the median of all brief pages'.
func medianBrief(g *Generation) string {
	type sized struct {
		path string
		n    int
	}
	var all []sized
	var buf bytes.Buffer
	for _, p := range g.paths {
		i := g.index[p]
		if i < 0 || path.Dir(path.Dir(p)) != "briefs" || minify.MediaType(p) != "text/html" {
			continue
		}
		buf.Reset()
		if g.page(i).Write(&buf) != nil {
			continue
		}
		all = append(all, sized{p, buf.Len()})
	}
	if len(all) == 0 {
		return "briefs/index.html"
	}
	slices.SortStableFunc(all, func(a, b sized) int { return a.n - b.n })
	return all[len(all)/2].path
}
