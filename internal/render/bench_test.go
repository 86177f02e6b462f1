package render

import (
	"io"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/parse"
	"github.com/briefbook/briefbook/internal/resolve"
)

// benchBook generates, parses and resolves a synthetic book of n briefs
// (see package gen) in a temporary folder.
func benchBook(b testing.TB, n int) *model.Book {
	b.Helper()
	dir := b.TempDir()
	if _, err := gen.Generate(gen.Options{N: n, Out: dir, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	d := &diag.List{}
	files, err := load.Scan(dir, d)
	if err != nil {
		b.Fatal(err)
	}
	var in resolve.Input
	in.Site = parse.Config("briefbook.yaml", nil, d)
	for _, f := range files {
		src := load.Read(dir, f, d)
		switch f.Kind {
		case load.Config:
			in.Site = parse.Config(f.Path, src, d)
		case load.Home:
			in.Home = parse.Home(f.Path, src, d)
		case load.Brief:
			in.Briefs = append(in.Briefs, parse.Brief(f.Path, src, d))
		case load.Actor:
			in.Actors = append(in.Actors, parse.Actor(f.Path, src, d))
		case load.Domain:
			in.Domains = append(in.Domains, parse.Domain(f.Path, src, d))
		case load.Bibliography:
			in.Sources = append(in.Sources, parse.Bibliography(f.Path, src, d)...)
		}
	}
	book := resolve.Resolve(in, d)
	if d.HasErrors() {
		b.Fatalf("synthetic book has errors: %v", d.Sorted())
	}
	return book
}

// BenchmarkBriefPage renders the page of one brief of a 2,000-brief
// synthetic book, cycling through the briefs.
func BenchmarkBriefPage(b *testing.B) {
	book := benchBook(b, 2000)
	r, err := New(briefbook.Theme, book.Site)
	if err != nil {
		b.Fatal(err)
	}
	var briefs []Page
	for _, p := range r.Pages(book) {
		if strings.HasPrefix(p.Path, "briefs/") && strings.Count(p.Path, "/") == 2 {
			briefs = append(briefs, p)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if err := briefs[i%len(briefs)].Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPages renders every page of a 2,000-brief synthetic book; the
// time is that of one whole book.
func BenchmarkPages(b *testing.B) {
	book := benchBook(b, 2000)
	r, err := New(briefbook.Theme, book.Site)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range r.Pages(book) {
			if err := p.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkPageList lists the pages of a 10,000-brief synthetic book
// without writing any: what every generation of a book in memory pays
// (site.Update), however few pages are then rendered. Besides the wall
// time it reports the CPU time of the process per listing ("cpu-ms/op",
// all threads, user and system), which says more on a loaded machine.
func BenchmarkPageList(b *testing.B) {
	book := benchBook(b, 10000)
	r, err := New(briefbook.Theme, book.Site)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		if ps := r.Pages(book); len(ps) == 0 {
			b.Fatal("no pages")
		}
	}
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime returns the CPU time the process has used, user and system, on
// all threads.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
