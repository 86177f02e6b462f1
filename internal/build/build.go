// Package build builds a site folder into its output folder: the one-shot
// use of the engine in package site.
//
// [Run] goes through three stages:
//
//	check    CheckSource: refuse a source that is not a book folder;
//	         write.Check: refuse an unsafe output folder before reading
//	         anything; then write.Leftovers: remove what stopped builds left
//	         next to the output folder
//	open     site.Open: scan, read and parse every file (in parallel, the
//	         briefs' rendered bodies spilled to a temporary file), resolve
//	         the book, make the renderer and list the output paths
//	write    write.Site: every output path rendered by the generation
//	         (Generation.Render, on every core) into a staging folder, then
//	         swapped in
//
// Problems in the book are the generation's diagnostics, and the
// warnings of [BookWarnings] (no briefs, briefs dated after Options.Today).
// If any is an
// error, they are all printed and the output folder is not touched;
// warnings are printed and the build goes on.
//
// The build stops when Options.Context is done (the command line cancels it
// on SIGINT and SIGTERM): between files while reading, between stages, and
// between pages while writing. The output folder is then left as it was.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/site"
	"github.com/briefbook/briefbook/internal/write"
)

// Options says what to build and where.
type Options struct {
	Source  string    // the site folder; "" means the current folder
	Output  string    // the output folder; "" means "public" inside Source
	BaseURL string    // overrides briefbook.yaml's baseURL when not empty
	Drafts  bool      // include draft briefs
	Stderr  io.Writer // where diagnostics and warnings are printed; nil discards them
	// Today is the build's day, for the warning about briefs dated after
	// it (see [BookWarnings]); the zero time skips that check. Nothing
	// written depends on it.
	Today time.Time
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
	Name     string // "check", "open" or "write"
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
	if err := CheckSource(b.opts.Source); err != nil {
		return err
	}
	if err := write.Check(b.opts.Source, b.opts.Output); err != nil {
		return err
	}
	for _, msg := range write.Leftovers(b.opts.Output) {
		b.warn(msg)
	}
	b.stage("check")
	s, gen, err := site.Open(b.opts.Context, b.opts.Source, site.Options{
		BaseURL: b.opts.BaseURL, Drafts: b.opts.Drafts, Spill: true, Once: true,
	})
	if err := b.stopped(); err != nil {
		return err
	}
	if le := (*diag.ListError)(nil); errors.As(err, &le) {
		return b.report(le.Diagnostics) // a template that does not parse, shown like the book's problems
	}
	if err != nil {
		return err
	}
	defer s.Close()
	b.stage("open")
	if err := b.report(Diagnostics(gen, b.opts.Today, b.opts.Source)); err != nil {
		return err
	}
	if err := write.Site(b.opts.Context, b.opts.Output, gen.Paths(), gen.Render, b.warn); err != nil {
		if stop := b.stopped(); stop != nil && errors.Is(err, b.opts.Context.Err()) {
			return stop
		}
		if d, ok := gen.TemplateDiagnostic(err); ok {
			return b.report([]diag.Diagnostic{d}) // a template that fails on some page's data
		}
		return err
	}
	b.stage("write")
	b.res.Briefs = len(gen.Book.Briefs)
	b.res.Pages = gen.Pages()
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

// report prints the book's diagnostics, sorted, counts them, and returns
// an error if any is an error.
func (b *builder) report(ds []diag.Diagnostic) error {
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
