package resolve

import (
	"fmt"
	"math/rand/v2"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// synthetic returns a book of n briefs shaped like the performance corpus:
// 200 actor profiles and 500 bibliography sources, both skewed so that a few
// are very common (the most common actors are named in about a third of the
// briefs), 12 domains, 2-5 actors, 1-3 sources, 3 wikilinks and 4 citations
// per brief. The same n and seed give the same book.
func synthetic(n int, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 1))
	skewed := func(k int) int { // index in [0, k), small ones far more likely
		u := rng.Float64()
		return int(float64(k) * u * u * u)
	}
	var in Input
	for i := range 200 {
		in.Actors = append(in.Actors, &model.Actor{
			Doc:     model.Doc{Path: fmt.Sprintf("content/actors/actor-%d.md", i)},
			Slug:    fmt.Sprintf("actor-%d", i),
			Name:    fmt.Sprintf("Actor %d", i),
			Aliases: []string{fmt.Sprintf("A%d", i)},
		})
	}
	for i := range 500 {
		in.Sources = append(in.Sources, &model.Source{
			ID: fmt.Sprintf("src-%d", i), Title: fmt.Sprintf("Source %d", i),
			Path: "content/sources.yaml", Line: 1 + 6*i,
		})
	}
	for i := range 12 {
		in.Domains = append(in.Domains, &model.Domain{
			Doc:  model.Doc{Path: fmt.Sprintf("content/domains/domain-%d.md", i)},
			Slug: fmt.Sprintf("domain-%d", i), Title: fmt.Sprintf("Domain %d", i), Order: i + 1,
		})
	}
	for i := range n {
		b := newBrief(fmt.Sprintf("brief-%d", i), "2020-01-01")
		b.Date = b.Date.AddDate(0, 0, rng.IntN(2000))
		b.Headings = []model.Heading{{Level: 2, ID: "background"}, {Level: 2, ID: "outlook"}}
		b.Domains = []string{fmt.Sprintf("domain-%d", rng.IntN(12))}
		if rng.IntN(3) == 0 {
			b.Domains = append(b.Domains, fmt.Sprintf("Domain %d", rng.IntN(12)))
		}
		b.Actors = nil
		for range 2 + rng.IntN(4) {
			a := skewed(200)
			if rng.IntN(2) == 0 {
				b.Actors = append(b.Actors, fmt.Sprintf("actor %d", a))
			} else {
				b.Actors = append(b.Actors, fmt.Sprintf("A%d", a))
			}
		}
		var ids []string
		for k := range 1 + rng.IntN(3) {
			id := fmt.Sprintf("src-%d", skewed(500))
			ids = append(ids, id)
			b.Sources = append(b.Sources, model.SourceRef{ID: id, Line: 7 + k, Col: 5})
		}
		for range 3 {
			ref := wiki(model.RefBrief, fmt.Sprintf("brief-%d", rng.IntN(n)))
			if rng.IntN(4) == 0 {
				ref.Fragment = "outlook"
			}
			b.Refs = append(b.Refs, ref)
		}
		for range 4 {
			b.Refs = append(b.Refs, cite(ids[rng.IntN(len(ids))]))
		}
		in.Briefs = append(in.Briefs, b)
	}
	return in
}

func TestSyntheticIsClean(t *testing.T) {
	in := synthetic(2000, 1)
	var d diag.List
	book := Resolve(in, &d)
	for _, dg := range d.Sorted() {
		t.Errorf("%s", dg)
	}
	top := book.ActorBySlug["actor-0"]
	if share := float64(len(top.Briefs)) / 2000; share < 0.2 {
		t.Errorf("the most common actor is in %.0f%% of briefs; the corpus is not skewed", share*100)
	}
}

func BenchmarkResolve(b *testing.B) {
	in := synthetic(10000, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var d diag.List
		Resolve(in, &d)
	}
}

func BenchmarkResolve100k(b *testing.B) {
	if os.Getenv("BENCH_LARGE") == "" {
		b.Skip("set BENCH_LARGE=1 to resolve 100,000 briefs")
	}
	in := synthetic(100000, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var d diag.List
		Resolve(in, &d)
	}
}

// BenchmarkResolveFrom resolves a 10,000-brief synthetic book again after
// one brief's date and actors changed, from the previous resolve's memo.
func BenchmarkResolveFrom(b *testing.B) {
	in := synthetic(10000, 1)
	var d diag.List
	_, memo := ResolveFrom(nil, in, &d)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		briefs := append([]*model.Brief(nil), in.Briefs...)
		c := *briefs[i*37%len(briefs)]
		c.Date = c.Date.AddDate(0, 0, 1+i%300)
		c.Actors = []string{fmt.Sprintf("actor %d", i%200)}
		briefs[i*37%len(briefs)] = &c
		in.Briefs = briefs
		var d diag.List
		_, memo = ResolveFrom(memo, in, &d)
	}
}

// BenchmarkReuse resolves a 10,000-brief synthetic book again after one
// brief's body changed, which reuses the previous book (reuse.go), each
// time from the memo of the one before.
func BenchmarkReuse(b *testing.B) {
	in := synthetic(10000, 1)
	var d diag.List
	_, memo := ResolveFrom(nil, in, &d)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	defer func() { b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op") }()
	i := 0
	for b.Loop() {
		i++
		briefs := append([]*model.Brief(nil), in.Briefs...)
		c := *briefs[i*37%len(briefs)]
		c.Body = []byte(fmt.Sprintf("<p>Edit %d.</p>", i))
		briefs[i*37%len(briefs)] = &c
		in.Briefs = briefs
		var d diag.List
		_, memo = ResolveFrom(memo, in, &d)
		if !memo.reusedBook {
			b.Fatalf("edit %d did not reuse the book", i)
		}
	}
}

// cpuTime returns the CPU time the process has used, user and system, on
// all threads: on a loaded machine it says more than the wall time.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkRebrief resolves a 10,000-brief synthetic book again after one
// brief was renamed (a new path and slug; rebrief.go), each time from the
// memo of the one before, and fails when a rename does not reuse the
// book.
func BenchmarkRebrief(b *testing.B) {
	in := synthetic(10000, 1)
	var d diag.List
	_, memo := ResolveFrom(nil, in, &d)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	defer func() { b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op") }()
	i := 0
	for b.Loop() {
		i++
		briefs := append([]*model.Brief(nil), in.Briefs...)
		k := i * 37 % len(briefs)
		c := *briefs[k]
		c.Slug, c.Path = fmt.Sprintf("%s-r%d", c.Slug, i), fmt.Sprintf("content/briefs/%s-r%d.md", c.Slug, i)
		briefs[k] = &c
		in.Briefs = briefs
		var d diag.List
		_, memo = ResolveFrom(memo, in, &d)
		if !memo.reusedBook {
			b.Fatalf("rename %d did not reuse the book", i)
		}
	}
}
