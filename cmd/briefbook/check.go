package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/briefbook/briefbook/internal/build"
	"github.com/briefbook/briefbook/internal/cliflag"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/site"
)

// checkOptions are the check command's flags.
type checkOptions struct {
	source string
	drafts bool
	format string
}

// checkFlags returns the flag set of the check command, writing its errors
// and usage to w, and the options it fills in.
func checkFlags(w io.Writer) (*flag.FlagSet, *checkOptions) {
	opts := &checkOptions{}
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.StringVar(&opts.source, "source", ".", "the book folder (`DIR`) to check")
	fs.BoolVar(&opts.drafts, "drafts", false, "include draft briefs, as build --drafts does")
	fs.StringVar(&opts.format, "format", "text", "how to print the problems (`FORMAT`): text, json (one object per line, for editors) or github (workflow commands)")
	fs.Usage = func() {
		fmt.Fprint(w, "usage: briefbook check [--source DIR] [--drafts] [--format text|json|github]\n\n"+
			"Reports every problem a build would report, and writes nothing.\n"+
			"Exit status 1 when there are errors, 0 otherwise.\n\nFlags:\n")
		cliflag.PrintDefaults(w, fs)
	}
	return fs, opts
}

// runCheck runs the check command: it reads the book as a build does and
// prints its diagnostics to stdout in the chosen format.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs, opts := checkFlags(stderr)
	if err := cliflag.Parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "briefbook check: unexpected argument %q\n", diag.Escape(fs.Arg(0)))
		fs.Usage()
		return exitUsage
	}
	var write func(io.Writer, []diag.Diagnostic) error
	switch opts.format {
	case "text":
		write = func(w io.Writer, ds []diag.Diagnostic) error { diag.Print(w, ds); return nil }
	case "json":
		write = func(w io.Writer, ds []diag.Diagnostic) error { return diag.WriteJSON(w, ds, opts.source) }
	case "github":
		write = func(w io.Writer, ds []diag.Diagnostic) error { return diag.WriteGitHub(w, ds, opts.source) }
	default:
		fmt.Fprintf(stderr, "briefbook check: --format: %q is not text, json or github\n", diag.Escape(opts.format))
		return exitUsage
	}
	day, err := today()
	if err != nil {
		fmt.Fprintf(stderr, "briefbook check: %s\n", diag.Escape(err.Error()))
		return exitUsage
	}
	if err := checkSource(fs, opts.source); err != nil {
		fmt.Fprintf(stderr, "briefbook: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	s, gen, err := site.Open(context.Background(), opts.source, site.Options{Drafts: opts.drafts})
	if le := (*diag.ListError)(nil); errors.As(err, &le) {
		// A template that does not parse: shown in the format asked for.
		if err := write(stdout, le.Diagnostics); err != nil {
			fmt.Fprintf(stderr, "briefbook: %s\n", diag.Escape(err.Error()))
		}
		return exitFail
	}
	if err != nil {
		fmt.Fprintf(stderr, "briefbook: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	defer s.Close()
	// Templates that fail only on some page's data are found by rendering
	// every page, as build does (nothing is written).
	rendered, err := gen.RenderAll()
	if err != nil {
		fmt.Fprintf(stderr, "briefbook: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	ds := build.Diagnostics(gen, day, opts.source)
	if len(rendered) > 0 {
		var l diag.List
		for _, d := range append(ds, rendered...) {
			l.Add(d)
		}
		ds = l.Sorted()
	}
	if err := write(stdout, ds); err != nil {
		fmt.Fprintf(stderr, "briefbook: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	if gen.Errors() > 0 || len(rendered) > 0 {
		return exitFail
	}
	return exitOK
}
