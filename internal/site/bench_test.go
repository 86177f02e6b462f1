package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/hugeheap"
)

// BenchmarkEdits opens a synthetic book (10,000 briefs, or BENCH_BRIEFS),
// then makes 20 edits (BENCH_EDITS) of each kind an author makes and times, for each,
// Update alone and Update followed by finding and rendering the changed
// output files (Changed). It reports the median and worst of them in
// milliseconds, and the CPU time the process used for Update and
// Changed ("cpu", all threads), and the median number of output files
// Changed lists ("changed-pages"), traces ("traced-pages": the
// candidates its dependency index gives) and compares by their bytes
// ("compared-pages"). Run it with
//
//	go test ./internal/site -run '^$' -bench BenchmarkEdits -benchtime 1x
//
// (make bench-engine). With BENCH_WARM=1, like the live preview, it
// reserves the heap's address space for huge pages and makes three times
// the live heap resident before the first edit (see warmHeap), instead of
// timing the edits on a heap that grows into fresh memory. With
// BENCH_NO_CHANGED=1 it times Update alone, which
// is quicker to run; BENCH_EDITS sets the number of edits of each kind.
// Its "sources.yaml" kind retitles the same source again and again, so
// that from the second edit on no body holds its old title; "sources.yaml
// each" retitles another source each time, as bench-serve does.
// With BENCH_PROFILE=dir it writes a CPU profile of each kind's edits
// alone (Update and Changed, not Open, from its second edit on: the first
// edit of the first kind also builds what Changed keeps) to dir/<kind>.prof.
func BenchmarkEdits(b *testing.B) {
	n := 10000
	if s := os.Getenv("BENCH_BRIEFS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	warm := os.Getenv("BENCH_WARM") != ""
	if warm {
		hugeheap.Reserve(hugeheap.Size())
	}
	dir := b.TempDir()
	if _, err := gen.Generate(gen.Options{N: n, Out: dir, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	edits := 20
	if s := os.Getenv("BENCH_EDITS"); s != "" {
		edits, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	start := time.Now()
	s, g, err := Open(ctx, dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.Logf("%d briefs: Open %v", len(g.Book.Briefs), time.Since(start).Round(time.Millisecond))
	if warm {
		b.Logf("heap made resident ahead of the edits: %d MiB", warmHeap()>>20)
	}
	bk := loadBook(b, dir)
	briefs := bk.paths("content/briefs/", ".md")
	actors := bk.paths("content/actors/", ".md")
	kinds := []struct {
		name string
		edit func(i int) []string
	}{
		{"body", func(i int) []string {
			p := briefs[i*37%len(briefs)]
			bk.write(b, p, bk.files[p]+fmt.Sprintf("\nEdit %d.\n", i))
			return []string{p}
		}},
		{"title", func(i int) []string {
			p := briefs[i*41%len(briefs)]
			bk.write(b, p, setKey(bk.files[p], "title", fmt.Sprintf("%q", fmt.Sprintf("Edited title %d", i))))
			return []string{p}
		}},
		{"date", func(i int) []string {
			p := briefs[i*43%len(briefs)]
			bk.write(b, p, setKey(bk.files[p], "date", fmt.Sprintf("2019-%02d-%02d", 1+i%12, 1+i%28)))
			return []string{p}
		}},
		{"actors", func(i int) []string {
			p := briefs[i*47%len(briefs)]
			name := strings.TrimSuffix(filepath.Base(actors[i%len(actors)]), ".md")
			bk.write(b, p, setKey(bk.files[p], "actors", quoteList(name)))
			return []string{p}
		}},
		{"actor no profile", func(i int) []string {
			// As bench-serve's actors edit: a new actor, without a
			// profile, first in the list.
			p := briefs[i*61%len(briefs)]
			bk.write(b, p, actorsBlock.ReplaceAllString(bk.files[p], fmt.Sprintf("actors:\n  - \"Benchmark%d\"\n", i)))
			return []string{p}
		}},
		{"rename", func(i int) []string {
			from := briefs[i*53%len(briefs)]
			to := strings.TrimSuffix(from, ".md") + "-r.md"
			text := bk.files[from]
			bk.remove(b, from)
			bk.write(b, to, text)
			briefs[i*53%len(briefs)] = to
			return []string{from, to}
		}},
		{"new brief", func(i int) []string {
			from := briefs[i*59%len(briefs)]
			to := fmt.Sprintf("content/briefs/new-%d.md", i)
			bk.write(b, to, setKey(bk.files[from], "title", fmt.Sprintf("%q", fmt.Sprintf("New brief %d", i))))
			return []string{to}
		}},
		{"sources.yaml", func(i int) []string {
			p := "content/sources.yaml"
			bk.write(b, p, strings.Replace(bk.files[p], "title: ", fmt.Sprintf("title: E%d ", i), 1))
			return []string{p}
		}},
		{"sources.yaml each", func(i int) []string {
			// As bench-serve's sources.yaml edit: a different source's
			// title each time, prefixed with a word no body holds.
			p := "content/sources.yaml"
			bk.write(b, p, replaceNth(bk.files[p], "title: \"", fmt.Sprintf("title: \"Benchmark%d ", i), i*67))
			return []string{p}
		}},
		{"profile", func(i int) []string {
			p := actors[i%len(actors)]
			bk.write(b, p, setKey(bk.files[p], "summary", fmt.Sprintf("%q", fmt.Sprintf("Edited %d", i))))
			return []string{p}
		}},
		{"briefbook.yaml", func(i int) []string {
			p := "briefbook.yaml"
			bk.write(b, p, setYAMLTitle(bk.files[p], fmt.Sprintf("Book %d", i)))
			return []string{p}
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			var update, total, cpu []time.Duration
			var pages, tracedN, comparedN []int
			for i := range edits {
				if dir := os.Getenv("BENCH_PROFILE"); dir != "" && i == 1 {
					f, err := os.Create(filepath.Join(dir, k.name+".prof"))
					if err != nil {
						b.Fatal(err)
					}
					defer f.Close()
					if err := pprof.StartCPUProfile(f); err != nil {
						b.Fatal(err)
					}
					defer pprof.StopCPUProfile()
				}
				paths := k.edit(i)
				c0 := cpuTime()
				t0 := time.Now()
				next, err := s.Update(ctx, paths)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if os.Getenv("BENCH_NO_CHANGED") == "" {
					t0, c0 := tracedPages.Load(), comparedPages.Load()
					changed, err := Changed(g, next)
					if err != nil {
						b.Fatal(err)
					}
					pages = append(pages, len(changed))
					tracedN = append(tracedN, int(tracedPages.Load()-t0))
					comparedN = append(comparedN, int(comparedPages.Load()-c0))
				}
				t2 := time.Now()
				update = append(update, t1.Sub(t0))
				total = append(total, t2.Sub(t0))
				cpu = append(cpu, cpuTime()-c0)
				g = next
			}
			report(b, "update", update)
			report(b, "update+changed", total)
			report(b, "cpu", cpu)
			if len(pages) > 0 {
				reportCount(b, "changed-pages", pages)
				reportCount(b, "traced-pages", tracedN)
				reportCount(b, "compared-pages", comparedN)
			}
		})
	}
}

// warmHeap makes resident, and waits for, three times the live heap, as
// the live preview does once the book is open (see hugeheap.Warm and
// serve's warmHeap): the edits are then timed on the memory they run in
// in the server, not on memory the process touches for the first time,
// which on this project's virtual machines costs 5 to 8 ms of CPU per
// MB. It returns the bytes made resident (0 where hugeheap cannot).
func warmHeap() int64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	hugeheap.Warm(int64(3*s[0].Value.Uint64()), 0)
	return hugeheap.Warmed()
}

// replaceNth replaces the n-th occurrence of old in s (counting from 0,
// modulo the number of occurrences) by new.
func replaceNth(s, old, new string, n int) string {
	count := strings.Count(s, old)
	if count == 0 {
		return s
	}
	n %= count
	at := 0
	for range n {
		at += strings.Index(s[at:], old) + len(old)
	}
	at += strings.Index(s[at:], old)
	return s[:at] + new + s[at+len(old):]
}

// actorsBlock matches the start of a YAML block list of actors.
var actorsBlock = regexp.MustCompile(`(?m)^actors:\n`)

// cpuTime returns the CPU time the process has used, user and system, on
// all threads: on a loaded machine it says more than the wall time.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// reportCount adds the median of ns to b's results.
func reportCount(b *testing.B, name string, ns []int) {
	slices.Sort(ns)
	b.ReportMetric(float64(ns[len(ns)/2]), name+"-median")
}

// report adds the median and worst of ds to b's results, in milliseconds.
func report(b *testing.B, name string, ds []time.Duration) {
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(ds[len(ds)/2]), name+"-median-ms")
	b.ReportMetric(ms(ds[len(ds)-1]), name+"-worst-ms")
}
