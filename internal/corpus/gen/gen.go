// Package gen writes deterministic synthetic briefing books for benchmarks.
//
// A generated book has the shape of a large real one (see docs/format.md):
// n briefs of about 1,200 words each (2–4 "##" sections, paragraphs, an
// occasional list, table, footnote, emphasis or code span), spread over
// subfolders of content/briefs of 1,000 briefs each; 200 actors, each with a
// profile and 1–3 aliases; 500 sources in content/sources.yaml; 12 domains
// with profiles. Every brief names 2–5 actors and 1–3 sources, both drawn
// from Zipf-like distributions so that a few are very common (the most
// common actor appears in about 30% of the briefs); it has 3 wikilinks
// to other briefs (fewer in a book of under 4 briefs) ([[slug]], [[slug|text]] and [[slug#heading-id]], the
// heading always existing in the target), 4 citations of its own sources
// ([@id], [@id, p. 12], [@a; @b]), and a date between 2015 and 2025.
// The book builds without errors or warnings.
//
// The text comes from a fixed vocabulary, and every random choice from
// math/rand/v2's PCG seeded by Options.Seed: the same Seed and N always
// give byte-identical files. The book-wide plan (names, links, citations)
// is drawn first, in one stream; each brief's text then comes from a stream
// of its own, so briefs are written in parallel.
//
// The same book can also be written as a Hugo site (FormatHugo), with the
// domains, actors and sources as taxonomies, for comparing the two tools.
//
// Generate writes only into an empty or missing folder, or one holding a
// previous generated book (marked by the file [MarkerFile]), whose content
// it replaces.
package gen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Version identifies the generator's output. It changes whenever the same
// options would give different files, so that a book on disk can be reused
// only when its marker names this version.
const Version = 1

// MarkerFile is the name of the file, at the top of a generated book, that
// records the options it was generated with.
const MarkerFile = ".briefbook-corpus"

// Format is the layout of the generated site.
type Format string

// The formats Generate can write.
const (
	FormatBriefbook Format = "briefbook"
	FormatHugo      Format = "hugo"
)

// Options says what book to generate and where.
type Options struct {
	N      int    // number of briefs, at least 1
	Out    string // output folder
	Seed   uint64
	Format Format // FormatBriefbook if empty
	// Reuse leaves the output folder as it is when its marker shows it
	// holds the book these options describe.
	Reuse bool
}

// Marker returns the content of the marker file of the book o describes.
func (o Options) Marker() string {
	return fmt.Sprintf("briefbook-corpus version=%d format=%s n=%d seed=%d\n", Version, o.format(), o.N, o.Seed)
}

func (o Options) format() Format {
	if o.Format == "" {
		return FormatBriefbook
	}
	return o.Format
}

// ErrNotCorpus is returned when the output folder is not empty and holds no
// generated book.
var ErrNotCorpus = errors.New("output folder is not empty and was not made by the corpus generator")

// Generate writes the book that o describes into o.Out. It reports whether
// it wrote anything: with o.Reuse, a folder already holding that book is
// left alone.
func Generate(o Options) (wrote bool, err error) {
	if o.N < 1 {
		return false, fmt.Errorf("number of briefs must be at least 1, not %d", o.N)
	}
	f := o.format()
	if f != FormatBriefbook && f != FormatHugo {
		return false, fmt.Errorf("unknown format %q (want %q or %q)", f, FormatBriefbook, FormatHugo)
	}
	if o.Reuse {
		if m, err := os.ReadFile(filepath.Join(o.Out, MarkerFile)); err == nil && string(m) == o.Marker() {
			return false, nil
		}
	}
	if err := prepare(o.Out); err != nil {
		return false, err
	}
	b := plan(o.N, o.Seed)
	var files []file
	if f == FormatHugo {
		files = b.hugoFiles()
	} else {
		files = b.briefbookFiles()
	}
	if err := writeAll(o.Out, files); err != nil {
		return false, err
	}
	return true, os.WriteFile(filepath.Join(o.Out, MarkerFile), []byte(o.Marker()), 0o644)
}

// prepare makes dir an empty folder marked as being generated, refusing to
// touch a non-empty folder that holds no generated book.
func prepare(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, MarkerFile)); err != nil {
			return fmt.Errorf("%s: %w", dir, ErrNotCorpus)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Mark the folder straight away, so that an interrupted run can be
	// repeated; the final marker, written last, differs from this one.
	return os.WriteFile(filepath.Join(dir, MarkerFile), []byte("briefbook-corpus incomplete\n"), 0o644)
}

// file is one file to write: its slash-separated path in the book, and a
// function returning its content, called on any goroutine.
type file struct {
	path    string
	content func() []byte
}

// writeAll writes files under dir on GOMAXPROCS goroutines, creating
// folders as needed, and returns the first error.
func writeAll(dir string, files []file) error {
	dirs := map[string]bool{}
	for _, f := range files {
		d := filepath.Dir(filepath.Join(dir, filepath.FromSlash(f.path)))
		if !dirs[d] {
			dirs[d] = true
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
	}
	jobs := make(chan file)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range jobs {
				err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.path)), f.content(), 0o644)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	return first
}

// yamlString quotes s for YAML. The vocabulary holds no character that
// needs escaping, but names are quoted all the same so that none is read as
// a number, a date or a boolean.
func yamlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// Briefs generates a book of n briefs (seed 1) in dir, which must be empty
// or missing, and returns the content of its brief files, in path order.
// Benchmarks use it for typical brief files.
func Briefs(dir string, n int) ([][]byte, error) {
	if _, err := Generate(Options{N: n, Out: dir, Seed: 1}); err != nil {
		return nil, err
	}
	paths, err := filepath.Glob(filepath.Join(dir, "content", "briefs", "*", "*.md"))
	if err != nil {
		return nil, err
	}
	if len(paths) != n {
		return nil, fmt.Errorf("generated %d brief files, want %d", len(paths), n)
	}
	srcs := make([][]byte, len(paths))
	for i, p := range paths {
		if srcs[i], err = os.ReadFile(p); err != nil {
			return nil, err
		}
	}
	return srcs, nil
}
