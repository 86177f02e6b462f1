package site

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"weak"

	"github.com/briefbook/briefbook/internal/corpus/gen"
)

// BenchmarkMemory opens a synthetic book (10,000 briefs, or BENCH_BRIEFS,
// made in BENCH_DIR, /dev/shm by default) as serve does, makes
// BENCH_EDITS edits (300 by default) as BenchmarkServe makes them (20 of
// each kind, then body edits), keeping the generation before the last
// as serve keeps its fallback, and rendering each edited brief's page,
// and reports the live heap after a collection (runtime/metrics
// /gc/heap/live:bytes) after Open, after 100 edits and after the last,
// in MiB (and every BENCH_EVERY edits, 50 by default). It fails if a
// generation two behind the newest stays reachable. BENCH_HEAPPROFILE
// names a file to write a heap profile to after BENCH_HEAPPROFILE_AT
// edits (100 by default), after a collection: its inuse_space is the live
// heap, to compare with another tree's (go tool pprof -base).
//
//	BENCH_BRIEFS=100000 BENCH_EDITS=300 go test ./internal/site -run '^$' -bench BenchmarkMemory -benchtime 1x -timeout 60m
func BenchmarkMemory(b *testing.B) {
	n, edits, every := envInt("BENCH_BRIEFS", 10000), envInt("BENCH_EDITS", 300), envInt("BENCH_EVERY", 50)
	profileAt := envInt("BENCH_HEAPPROFILE_AT", 100)
	base := os.Getenv("BENCH_DIR")
	if base == "" {
		if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
			base = "/dev/shm"
		}
	}
	tmp, err := os.MkdirTemp(base, "briefbook-bench-memory-*")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "book")
	if _, err := gen.Generate(gen.Options{N: n, Out: dir, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s, g, err := Open(ctx, dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	briefs := briefPaths(b, dir)
	live := []string{fmt.Sprintf("%d after Open", liveMiB())}
	var fallback *Generation
	var gone []weak.Pointer[Generation] // generations neither served nor fallback
	for i := range edits {
		kind := "body"
		if i < 120 {
			kind = []string{"body", "title", "actors", "rename", "new brief", "sources.yaml"}[i/20]
		}
		paths, page := memEdit(b, dir, briefs, kind, i)
		next, err := s.Update(ctx, paths)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := next.Render(nil, page); err != nil {
			b.Fatalf("%s edit %d: %v", kind, i, err)
		}
		if fallback != nil {
			gone = append(gone, weak.Make(fallback))
		}
		fallback, g = g, next
		if i+1 == 100 || i+1 == edits || (i+1)%every == 0 {
			live = append(live, fmt.Sprintf("%d after %d edits", liveMiB(), i+1))
		}
		if i+1 == profileAt && os.Getenv("BENCH_HEAPPROFILE") != "" {
			writeHeapProfile(b, os.Getenv("BENCH_HEAPPROFILE"))
		}
	}
	runtime.GC()
	for i, w := range gone {
		if w.Value() != nil {
			b.Errorf("generation %d is still reachable after %d more", i+1, len(gone)-i+1)
		}
	}
	runtime.KeepAlive(fallback)
	fmt.Printf("live heap, MiB, %d briefs: %s\n", n, strings.Join(live, ", "))
}

// writeHeapProfile writes a heap profile of the live heap after a
// collection to path.
func writeHeapProfile(b *testing.B, path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// liveMiB returns the live heap after a collection, in MiB.
func liveMiB() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() >> 20
}

// briefPaths returns the slash-separated paths of the briefs in dir, sorted.
func briefPaths(b testing.TB, dir string) []string {
	var out []string
	err := filepath.WalkDir(filepath.Join(dir, "content/briefs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// memEdit makes the i-th edit of a kind in the book in dir and returns the
// paths it touched and the output path of the page it changed.
func memEdit(b testing.TB, dir string, briefs []string, kind string, i int) ([]string, string) {
	k := (i*37 + 11) % len(briefs)
	p := briefs[k]
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			b.Fatal(err)
		}
		return string(data)
	}
	write := func(p, text string) {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	pageOf := func(p string) string {
		return "briefs/" + strings.TrimSuffix(filepath.Base(p), ".md") + "/index.html"
	}
	mark := fmt.Sprintf("Memory%d", i)
	src := read(p)
	switch kind {
	case "title":
		write(p, setKey(src, "title", fmt.Sprintf("%q", mark)))
	case "actors":
		write(p, setKey(src, "actors", quoteList(mark)))
	case "rename":
		to := strings.TrimSuffix(p, ".md") + "-" + strings.ToLower(mark) + ".md"
		if err := os.Rename(filepath.Join(dir, p), filepath.Join(dir, to)); err != nil {
			b.Fatal(err)
		}
		briefs[k] = to
		return []string{p, to}, pageOf(to)
	case "new brief":
		to := "content/briefs/new-" + strings.ToLower(mark) + ".md"
		write(to, setKey(src, "title", fmt.Sprintf("%q", mark)))
		return []string{to}, pageOf(to)
	case "sources.yaml":
		sp := "content/sources.yaml"
		write(sp, strings.Replace(read(sp), "title: ", "title: "+mark+" ", 1))
		return []string{sp}, pageOf(p)
	default:
		write(p, src+"\n"+mark+"\n")
	}
	return []string{p}, pageOf(p)
}

// envInt returns the environment variable name as a positive number, or def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
