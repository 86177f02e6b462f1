// Package build runs briefbook's pipeline on a site folder and writes the
// site to its output folder.
//
// [Run] goes through the stages in order, each a function from data to data:
//
//	check    write.Check: refuse an unsafe output folder before reading
//	         anything; then write.Leftovers: remove what stopped builds left
//	         next to the output folder
//	scan     load.Scan: list the site's files
//	parse    load.Read and parse.* on every file, in parallel; briefs'
//	         rendered bodies go to a spill.Store on disk until render
//	resolve  resolve.Resolve: the whole book, links, indexes, relations
//	render   render.New and Renderer.Pages: the list of pages (cheap); the
//	         partials rendered once are minified once, by write.MinifyHTML
//	write    write.Site: render, minify and write every page, then swap in
//
// Problems in the book are collected as diagnostics by every stage up to
// resolve. If any is an error, they are all printed and the output folder is
// not touched; warnings are printed and the build goes on.
//
// The build stops when Options.Context is done (the command line cancels it
// on SIGINT and SIGTERM): between stages, between files while parsing, and
// between pages while writing. The output folder is then left as it was.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/render"
	"github.com/briefbook/briefbook/internal/resolve"
	"github.com/briefbook/briefbook/internal/spill"
	"github.com/briefbook/briefbook/internal/write"
)

// Options says what to build and where.
type Options struct {
	Source  string    // the site folder; "" means the current folder
	Output  string    // the output folder; "" means "public" inside Source
	BaseURL string    // overrides briefbook.yaml's baseURL when not empty
	Drafts  bool      // include draft briefs
	Stderr  io.Writer // where diagnostics and warnings are printed; nil discards them
	// Context stops the build when it is done; nil means never. Run then
	// returns an error wrapping Context.Err().
	Context context.Context
}

// Result describes a finished build.
type Result struct {
	Output   string  // the output folder written, as given or defaulted
	Briefs   int     // briefs published
	Pages    int     // pages generated, static files not included
	Warnings int     // warnings printed
	Errors   int     // errors printed (the build failed if not zero)
	Stages   []Stage // time taken by each stage, in order
}

// Stage is the wall time of one stage of a build.
type Stage struct {
	Name     string // "check", "scan", "parse", "resolve", "render" or "write"
	Duration time.Duration
}

// Total returns the sum of the stages' durations.
func (r Result) Total() time.Duration {
	var t time.Duration
	for _, s := range r.Stages {
		t += s.Duration
	}
	return t
}

// ErrDiagnostics is returned, wrapped, by [Run] when the book has errors.
// They have already been printed to Options.Stderr.
var ErrDiagnostics = errors.New("the book has errors")

// Run builds the site described by opts. It prints the book's diagnostics
// to opts.Stderr and returns an error wrapping [ErrDiagnostics] if any of
// them is an error; any other error (an unsafe output folder, a theme
// template that does not parse, a failed write, a stopped build) is
// returned unprinted. On any error the output folder is left as it was.
// Warnings about the output folder (what could not be removed of a
// previous output or of a stopped build) are printed as
// "warning: ..." lines and counted in Result.Warnings.
func Run(opts Options) (Result, error) {
	opts = withDefaults(opts)
	b := &builder{opts: opts, res: Result{Output: opts.Output}, diags: &diag.List{}}
	err := b.run()
	return b.res, err
}

// withDefaults fills in the default source and output folders.
func withDefaults(opts Options) Options {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Output == "" {
		// Not filepath.Join, which would clean "link/.." away as text
		// where the kernel goes to the parent of the link's target.
		opts.Output = strings.TrimSuffix(opts.Source, string(filepath.Separator)) + string(filepath.Separator) + "public"
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	return opts
}

// builder holds the state of one run.
type builder struct {
	opts  Options
	res   Result
	diags *diag.List
	start time.Time
}

// stage records the time since the previous stage ended as the named stage.
func (b *builder) stage(name string) {
	now := time.Now()
	b.res.Stages = append(b.res.Stages, Stage{Name: name, Duration: now.Sub(b.start)})
	b.start = now
}

// run runs the stages in order, stopping at the first that fails.
func (b *builder) run() error {
	b.start = time.Now()
	if err := write.Check(b.opts.Source, b.opts.Output); err != nil {
		return err
	}
	for _, msg := range write.Leftovers(b.opts.Output) {
		b.warn(msg)
	}
	b.stage("check")
	root, err := os.OpenRoot(b.opts.Source)
	if err != nil {
		return fmt.Errorf("source folder: %w", err)
	}
	defer root.Close()
	files, err := load.Scan(b.opts.Source, b.diags)
	if err != nil {
		return fmt.Errorf("source folder: %w", err)
	}
	b.stage("scan")
	store, err := spill.New("")
	if err != nil {
		return err
	}
	defer store.Close()
	in := parseAll(b.opts.Context, b.opts.Source, files, store, b.diags)
	if err := b.stopped(); err != nil {
		return err
	}
	if b.opts.BaseURL != "" {
		in.Site.BaseURL = b.opts.BaseURL
	}
	in.Drafts = b.opts.Drafts
	in.Src = sourceReader(b.opts.Source, files)
	b.stage("parse")
	book := resolve.Resolve(in, b.diags)
	b.stage("resolve")
	if err := b.stopped(); err != nil {
		return err
	}
	if err := b.report(); err != nil {
		return err
	}
	theme := render.Overlay(briefbook.Theme, newListedFS(root, files, load.Template, load.Static))
	r, err := render.New(theme, book.Site)
	if err != nil {
		return err
	}
	r.MinifyFragments(write.MinifyHTML)
	pages := r.Pages(book)
	static, err := fs.Sub(theme, "static")
	if err != nil {
		return err
	}
	b.stage("render")
	if err := write.Site(b.opts.Context, b.opts.Output, pages, static, b.warn); err != nil {
		if stop := b.stopped(); stop != nil && errors.Is(err, b.opts.Context.Err()) {
			return stop
		}
		return err
	}
	b.stage("write")
	b.res.Briefs = len(book.Briefs)
	b.res.Pages = len(pages)
	return nil
}

// ErrStopped is returned, wrapped with the context's error, by [Run] when
// Options.Context is done before the build finished.
var ErrStopped = errors.New("the build was stopped; the output folder was left as it was")

// stopped returns an error wrapping [ErrStopped] and the context's error if
// the build's context is done.
func (b *builder) stopped() error {
	if err := b.opts.Context.Err(); err != nil {
		return fmt.Errorf("%w (%w)", ErrStopped, err)
	}
	return nil
}

// warn prints a warning about the output folder and counts it.
func (b *builder) warn(msg string) {
	b.res.Warnings++
	fmt.Fprintf(b.opts.Stderr, "warning: %s\n", msg)
}

// report prints the diagnostics collected so far, sorted, and returns an
// error if any is an error.
func (b *builder) report() error {
	ds := b.diags.Sorted()
	for _, d := range ds {
		if d.Severity == diag.Error {
			b.res.Errors++
		} else {
			b.res.Warnings++
		}
	}
	diag.Print(b.opts.Stderr, ds)
	if b.res.Errors > 0 {
		return fmt.Errorf("%w: %d errors", ErrDiagnostics, b.res.Errors)
	}
	return nil
}

// sourceReader returns a function that reads a file of the site again, for
// quoting its lines in diagnostics. It returns nil for a file that was not
// scanned or cannot be read.
func sourceReader(root string, files []load.File) func(path string) []byte {
	byPath := make(map[string]load.File, len(files))
	for _, f := range files {
		byPath[f.Path] = f
	}
	return func(path string) []byte {
		f, ok := byPath[path]
		if !ok {
			return nil
		}
		return load.Read(root, f, &diag.List{})
	}
}
