package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/briefbook/briefbook/internal/cliflag"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/pdf"
)

// pdfFlags returns the flag set of the pdf command, writing its errors and
// usage to w, and the options it fills in.
func pdfFlags(w io.Writer) (*flag.FlagSet, *pdf.Options) {
	opts := &pdf.Options{}
	fs := flag.NewFlagSet("pdf", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.StringVar(&opts.Source, "source", ".", "the book folder (`DIR`) to print")
	fs.StringVar(&opts.Output, "output", "", "the PDF `FILE` to write (default: book.pdf inside the source folder)")
	fs.StringVar(&opts.Browser, "browser", "", "the `PATH` of Chromium's executable (default: chromium, chromium-browser or google-chrome, found on $PATH)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include draft briefs")
	fs.Usage = func() {
		fmt.Fprint(w, "usage: briefbook pdf [--source DIR] [--output FILE] [--browser PATH] [--drafts]\n\n"+
			"Prints the whole book (the /book/ page) to a PDF with Chromium in headless mode.\n"+
			"It replaces an existing output file only if that file is a PDF.\n\nFlags:\n")
		cliflag.PrintDefaults(w, fs)
	}
	return fs, opts
}

// runPDF runs the pdf command.
func runPDF(args []string, stdout, stderr io.Writer) int {
	fs, opts := pdfFlags(stderr)
	if err := cliflag.Parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "briefbook pdf: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if err := checkSource(fs, opts.Source); err != nil {
		fmt.Fprintf(stderr, "briefbook pdf: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	opts.Stderr = stderr
	ctx, stop := onSignal(stderr, leftByBuild)
	defer stop()
	opts.Context = ctx
	res, err := pdf.Run(*opts)
	if err != nil {
		var sig signalError
		if errors.As(context.Cause(ctx), &sig) {
			fmt.Fprintf(stderr, "briefbook pdf: stopped by %s; no PDF written\n", sig.name())
			return 128 + sig.number()
		}
		if !errors.Is(err, pdf.ErrDiagnostics) {
			fmt.Fprintf(stderr, "briefbook pdf: %s\n", diag.Escape(err.Error()))
		}
		return exitFail
	}
	fmt.Fprintf(stdout, "printed %s to %s (%d KB)\n", plural(res.Briefs, "brief"), diag.Escape(res.Output), (res.Bytes+1023)/1024)
	return exitOK
}
