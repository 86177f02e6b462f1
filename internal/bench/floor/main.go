// Command floor measures the speed floor of briefbook's stack: the least
// work any builder of these tools must do for each brief of a book.
//
//	floor -source DIR -out DIR
//
// For every .md file under DIR/content/briefs, on GOMAXPROCS goroutines,
// floor reads the file, splits off its frontmatter with adrg/frontmatter
// (decoded into a map), converts the body with goldmark (GFM, footnotes,
// automatic heading ids, as briefbook does), minifies the HTML with
// tdewolff/minify's HTML minifier and writes it to OUT/<slug>/index.html.
// Nothing else: no links resolved, no indexes, no templates. A full build's
// time divided by floor's, on the same book, says how much the rest costs.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/tdewolff/minify/v2"
	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
)

func main() {
	source := flag.String("source", "", "book folder (holding content/briefs)")
	out := flag.String("out", "", "output folder")
	flag.Parse()
	if *source == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: floor -source DIR -out DIR")
		os.Exit(2)
	}
	start := time.Now()
	n, err := run(filepath.Join(*source, "content", "briefs"), *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "floor: %d briefs in %.2fs\n", n, time.Since(start).Seconds())
}

// run converts every brief under dir into out and returns how many there
// were.
func run(dir, out string) (int, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(html.WithXHTML()),
	)
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})

	jobs := make(chan string)
	errs := make(chan error, len(paths))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			w := worker{md: md, m: m, out: out}
			for p := range jobs {
				if err := w.brief(p); err != nil {
					errs <- fmt.Errorf("%s: %w", p, err)
				}
			}
		})
	}
	for _, p := range paths {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return len(paths), <-errs // nil when no brief failed
}

// worker converts briefs one at a time, reusing its buffers.
type worker struct {
	md       goldmark.Markdown
	m        *minify.M
	out      string
	html, mn bytes.Buffer
}

func (w *worker) brief(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var meta map[string]any
	body, err := frontmatter.Parse(bytes.NewReader(src), &meta)
	if err != nil {
		return err
	}
	slug, _ := meta["slug"].(string)
	if slug == "" {
		slug = strings.TrimSuffix(filepath.Base(path), ".md")
	}
	title, _ := meta["title"].(string)
	w.html.Reset()
	fmt.Fprintf(&w.html, "<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title></head><body>", template.HTMLEscapeString(title))
	if err := w.md.Convert(body, &w.html); err != nil {
		return err
	}
	w.html.WriteString("</body></html>")
	w.mn.Reset()
	if err := w.m.Minify("text/html", &w.mn, &w.html); err != nil {
		return err
	}
	dir := filepath.Join(w.out, slug)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), w.mn.Bytes(), 0o644)
}
