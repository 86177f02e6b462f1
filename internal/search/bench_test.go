package search_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/browsertest"
	"github.com/briefbook/briefbook/internal/build"
	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/par"
	"github.com/briefbook/briefbook/internal/render"
	"github.com/briefbook/briefbook/internal/search"
	"github.com/briefbook/briefbook/internal/site"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Words the benchmark searches for in the synthetic book: one in nearly
// every brief, one in few.
const (
	commonWord = "framework"
	rareWord   = "quarry"
)

// BenchmarkAgainstPagefind builds the synthetic book (10,000 briefs, or
// BENCH_BRIEFS) with briefbook, runs Pagefind (the executable PAGEFIND
// names) over the same output, and prints side by side the index size on
// disk, the time to build the index, and the bytes a first query for a
// common and a rare word transfers in headless Chromium (script and index,
// summed over the responses). make bench-search installs Pagefind and runs
// it:
//
//	PAGEFIND=... go test ./internal/search -run '^$' -bench BenchmarkAgainstPagefind -benchtime 1x -v
func BenchmarkAgainstPagefind(b *testing.B) {
	pagefind := os.Getenv("PAGEFIND")
	if pagefind == "" {
		b.Skip("PAGEFIND does not name Pagefind's executable (make bench-search installs it)")
	}
	n := 10000
	if s := os.Getenv("BENCH_BRIEFS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := os.Getenv("BENCH_SEARCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	book, out := filepath.Join(dir, "book"), filepath.Join(dir, "public")
	if _, err := gen.Generate(gen.Options{N: n, Out: book, Seed: 1, Reuse: true}); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := build.Run(build.Options{Source: book, Output: out, Stderr: io.Discard}); err != nil {
		b.Fatal(err)
	}
	buildTime := time.Since(start)
	ours, base := indexTime(b, book)

	if err := os.RemoveAll(filepath.Join(out, "pagefind")); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(pagefind, "--site", out)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	start = time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("pagefind: %v", err)
	}
	theirs := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10
	}
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="../pagefind/pagefind-ui.css" rel="stylesheet"><script src="../pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>
window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({element: "#search"});
  ui.triggerSearch(new URLSearchParams(location.search).get("q"));
});</script></body></html>`
	if err := os.MkdirAll(filepath.Join(out, "pagefind-bench"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "pagefind-bench", "index.html"), []byte(page), 0o644); err != nil {
		b.Fatal(err)
	}

	// Served under the book's base path, as a static host would, counting
	// the bytes of each response body (what a browser's workers fetch
	// included).
	cnt := &counter{}
	srv := httptest.NewServer(cnt.wrap(http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(out)))))
	defer srv.Close()
	home := srv.URL + base
	ctx := browsertest.Start(b, 5*time.Minute)
	ourSize := dirSize(b, filepath.Join(out, "search"), func(p string) bool { return strings.HasSuffix(p, ".json") }) + fileSize(b, filepath.Join(out, "search.js"))
	theirSize := dirSize(b, filepath.Join(out, "pagefind"), func(string) bool { return true })

	fmt.Printf("\nsearch over %d briefs (briefbook build of the whole book: %.2f s)\n\n", n, buildTime.Seconds())
	fmt.Printf("| | briefbook | Pagefind 1.6 |\n|---|---:|---:|\n")
	fmt.Printf("| index on disk | %s | %s |\n", mb(ourSize), mb(theirSize))
	fmt.Printf("| index build time | %.2f s | %.2f s (peak RSS %s) |\n", ours.Seconds(), theirs.Seconds(), mb(rss))
	for _, w := range []string{commonWord, rareWord} {
		ob := firstQuery(b, ctx, cnt, home+"search/?q="+w, base, ourDone(w))
		pb := firstQuery(b, ctx, cnt, home+"pagefind-bench/?q="+w, base, pagefindDone)
		fmt.Printf("| first query %q: script + index | %s (%d results shown) | %s (%d shown; %s without the UI's script and style sheet) |\n",
			w, kb(ob.total), ob.results, kb(pb.total), pb.results, kb(pb.total-pb.ui))
	}
	fmt.Println()
}

// indexTime opens the book and times writing every file of its search
// index on every core, as a build does, the median of three.
// It also returns the book's base path.
func indexTime(b *testing.B, book string) (time.Duration, string) {
	var ts []time.Duration
	base := "/"
	for range 3 {
		s, g, err := site.Open(context.Background(), book, site.Options{Once: true})
		if err != nil {
			b.Fatal(err)
		}
		base = render.BasePath(g.Book.Site.BaseURL)
		var paths []string
		for _, p := range g.Paths() {
			if strings.HasPrefix(p, search.Dir) && strings.HasSuffix(p, ".json") {
				paths = append(paths, p)
			}
		}
		start := time.Now()
		errs := make([]error, len(paths))
		par.Do(len(paths), 16, func(_, i int) { _, errs[i] = g.Render(nil, paths[i]) })
		ts = append(ts, time.Since(start))
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return ts[1], base
}

type transfer struct {
	total   int64 // bytes of scripts and index files
	ui      int64 // of which Pagefind's UI script and style sheet
	results int
}

// counter counts the bytes of the response bodies a server writes, by
// request path.
type counter struct {
	mu    sync.Mutex
	bytes map[string]int64
	last  time.Time
}

func (c *counter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		c.mu.Lock()
		if c.bytes != nil {
			c.bytes[r.URL.Path] += cw.n
		}
		c.last = time.Now()
		c.mu.Unlock()
	})
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

// firstQuery loads pageURL in a new tab with an empty cache, waits until
// done reports the results shown and the server has been idle for two
// seconds, and sums the bytes of every response but the page itself, its
// style sheet and icon.
func firstQuery(b *testing.B, bctx context.Context, c *counter, pageURL, base, done string) transfer {
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	c.mu.Lock()
	c.bytes = map[string]int64{}
	c.mu.Unlock()
	var t transfer
	if err := chromedp.Run(ctx, network.Enable(), network.SetCacheDisabled(true), chromedp.Navigate(pageURL)); err != nil {
		b.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.Poll(done, &t.results, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		b.Fatalf("%s: no results: %v", pageURL, err)
	}
	for {
		time.Sleep(100 * time.Millisecond)
		c.mu.Lock()
		idle := time.Since(c.last) > 2*time.Second
		c.mu.Unlock()
		if idle {
			break
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p, n := range c.bytes {
		if !counted(p, base) {
			continue
		}
		t.total += n
		if strings.Contains(p, "pagefind-ui.") {
			t.ui += n
		}
	}
	c.bytes = nil
	return t
}

// counted reports whether a response is part of a search's script or
// index: not the page, its style sheet or icon.
func counted(p, base string) bool {
	p = "/" + strings.TrimPrefix(p, base)
	return strings.HasPrefix(p, "/pagefind/") || p == "/search.js" || strings.HasPrefix(p, "/search/") && strings.HasSuffix(p, ".json")
}

// ourDone returns a script that gives the number of results once
// briefbook's search page shows those of q.
func ourDone(q string) string {
	return `(() => { const l = document.querySelector('.search-page [data-query]');
		return l && l.dataset.query === '` + q + `' ? l.children.length : 0; })()`
}

// pagefindDone gives the number of results once Pagefind's UI shows them.
const pagefindDone = `document.querySelectorAll('.pagefind-ui__result-title').length`

func dirSize(b *testing.B, dir string, keep func(string) bool) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && keep(p) {
			n += fileSize(b, p)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func fileSize(b *testing.B, p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
func kb(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1e3) }

// BenchmarkIndex times writing every file of the search index of a
// synthetic book of 2,000 briefs (BENCH_BRIEFS overrides), the book opened
// once beforehand.
func BenchmarkIndex(b *testing.B) {
	n := 2000
	if s := os.Getenv("BENCH_BRIEFS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if _, err := gen.Generate(gen.Options{N: n, Out: dir, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s, g, err := site.Open(context.Background(), dir, site.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for range b.N {
		x := search.New(g.Book)
		for _, p := range x.Paths() {
			if err := x.Write(io.Discard, p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
