// Briefbook builds a briefing book, a folder of markdown briefs with
// frontmatter, into a cross-linked static site.
//
// Usage:
//
//	briefbook build [--source DIR] [--output DIR] [--base-url URL] [--drafts]
//	briefbook serve [--source DIR] [--port 1313] [--bind 127.0.0.1] [--drafts] [--base-url URL] [--no-follow] [--open]
//	briefbook check [--source DIR] [--drafts] [--format text|json|github]
//	briefbook pdf [--source DIR] [--output FILE] [--browser PATH] [--drafts]
//	briefbook new brief TITLE [--domain D]... [--actor A]... [--source ID]...
//	briefbook new actor NAME [--alias A]...
//	briefbook new domain TITLE
//	briefbook new site DIR
//	briefbook version
//	briefbook help [command]
//
// The build command reads the site in --source (default: the current
// folder) and writes it to --output (default: public/ inside the source
// folder). It prints every problem it finds in the book, as
// path:line:col: error: message, and writes nothing if any is an error.
//
// On SIGINT (Ctrl-C) or SIGTERM the build stops at once, removes its
// staging folder and leaves the previous output as it was; a second signal
// exits without cleaning up (the next build removes what is left).
//
// The check command reports the problems a build would report and writes
// nothing: as build prints them (text), as one JSON object per line for
// editors (json), or as GitHub Actions workflow commands that annotate a
// pull request (github). It exits with status 1 when any is an error.
//
// The pdf command prints the whole book (its /book/ page) to a PDF file
// (default: book.pdf in the source folder) with an installed Chromium in
// headless mode, found on PATH as chromium, chromium-browser or
// google-chrome, or given with --browser. It writes nothing else, and
// replaces an existing file only if it is a PDF.
//
// The new command writes a brief (a draft dated today, or the date in
// $BRIEFBOOK_TODAY), an actor or a domain profile into the site in the
// current folder, with its frontmatter filled in, or a small sample book
// into a new or empty folder, and prints the path of each file it
// writes. It never replaces a file.
//
// Exit status: 0 on success, 1 when the build fails (or check finds an
// error, new cannot write its file, or pdf writes no PDF), 2 on a usage error,
// 128 plus the signal's number when a signal stopped the build (130 for
// SIGINT, 143 for SIGTERM).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/briefbook/briefbook/internal/build"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/parse"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

const usage = `briefbook builds a briefing book into a static site.

Usage:

	briefbook build [--source DIR] [--output DIR] [--base-url URL] [--drafts]
	briefbook serve [--source DIR] [--port 1313] [--bind 127.0.0.1] [--drafts] [--base-url URL] [--no-follow] [--open]
	briefbook check [--source DIR] [--drafts] [--format text|json|github]
	briefbook pdf [--source DIR] [--output FILE] [--browser PATH] [--drafts]
	briefbook new brief|actor|domain|site ...
	briefbook version
	briefbook help [command]

Run "briefbook help COMMAND" for a command's flags.
`

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC lets the heap grow to 3 times the live data between collections
// instead of 2 times, with a soft limit of 2.25 GiB on the memory the Go
// runtime uses, unless GOGC or GOMEMLIMIT say otherwise. A build allocates
// a lot of short-lived data (parse trees, pages); on a 10,000-brief book
// this saves about 4% of the wall time and keeps peak memory near
// 230 MiB, and the limit keeps a 100,000-brief build under 2.5 GiB.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(2304 << 20)
	}
}

// run runs the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "build":
		return runBuild(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "pdf":
		return runPDF(rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "version":
		if len(rest) > 0 {
			fmt.Fprintln(stderr, "briefbook version: takes no arguments")
			return exitUsage
		}
		fmt.Fprintln(stdout, "briefbook", version())
		return exitOK
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "briefbook: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

// runHelp prints the usage of briefbook or of one command.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stdout, usage)
	case len(args) == 1 && args[0] == "build":
		fs, _ := buildFlags(stdout)
		fs.Usage()
	case len(args) == 1 && args[0] == "serve":
		fs, _, _ := serveFlags(stdout)
		fs.Usage()
	case len(args) == 1 && args[0] == "check":
		fs, _ := checkFlags(stdout)
		fs.Usage()
	case len(args) == 1 && args[0] == "pdf":
		fs, _ := pdfFlags(stdout)
		fs.Usage()
	case len(args) <= 2 && args[0] == "new":
		fs, _ := newFlags(strings.Join(args[1:], ""), stdout)
		fs.Usage()
	case len(args) == 1 && args[0] == "version":
		fmt.Fprintln(stdout, "usage: briefbook version\n\nPrints briefbook's version.")
	default:
		fmt.Fprintf(stderr, "briefbook help: unknown command %q\n", strings.Join(args, " "))
		return exitUsage
	}
	return exitOK
}

// buildFlags returns the flag set of the build command, writing its errors
// and usage to w, and the options it fills in.
func buildFlags(w io.Writer) (*flag.FlagSet, *build.Options) {
	opts := &build.Options{}
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` to build")
	fs.StringVar(&opts.Output, "output", "", "the `folder` to write the site to (default: public inside the source folder)")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the site's base `URL`, overriding briefbook.yaml's baseURL")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include draft briefs")
	fs.Usage = func() {
		fmt.Fprint(w, "usage: briefbook build [--source DIR] [--output DIR] [--base-url URL] [--drafts]\n\n"+
			"Builds the briefing book in the source folder into a static site.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs, opts
}

// runBuild runs the build command.
func runBuild(args []string, stdout, stderr io.Writer) int {
	fs, opts := buildFlags(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "briefbook build: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if err := checkBaseURL(opts.BaseURL); err != nil {
		fmt.Fprintf(stderr, "briefbook build: --base-url: %s\n", diag.Escape(err.Error()))
		return exitUsage
	}
	opts.Stderr = stderr
	ctx, stop := onSignal(stderr)
	defer stop()
	opts.Context = ctx
	start := time.Now()
	res, err := build.Run(*opts)
	if err != nil {
		var sig signalError
		if errors.As(context.Cause(ctx), &sig) && errors.Is(err, build.ErrStopped) {
			fmt.Fprintf(stderr, "briefbook: stopped by %s; %s left as it was\n", sig.name(), displayDir(res.Output))
			return 128 + sig.number()
		}
		if !errors.Is(err, build.ErrDiagnostics) {
			fmt.Fprintf(stderr, "briefbook: %s\n", diag.Escape(err.Error()))
		}
		return exitFail
	}
	fmt.Fprintf(stdout, "built %s, %s in %s → %s\n",
		plural(res.Briefs, "brief"), plural(res.Pages, "page"),
		roundDuration(time.Since(start)), diag.Escape(displayDir(res.Output)))
	return exitOK
}

// A signalError is the cause of a build's context being cancelled by a
// signal.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "stopped by " + e.name() }

// name returns how the signal is named to the user: "interrupt" (Ctrl-C),
// or its conventional name, such as "SIGTERM".
func (e signalError) name() string {
	switch e.sig {
	case os.Interrupt:
		return "interrupt"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return e.sig.String()
}

// number returns the signal's number (2 for SIGINT), or 1 if unknown.
func (e signalError) number() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return int(s)
	}
	return 1
}

// onSignal returns a context that is cancelled, with a [signalError] as its
// cause, on the first SIGINT or SIGTERM. A second one exits at once with
// the status 128 plus its number, saying so on stderr. stop undoes it.
func onSignal(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			cancel(signalError{s})
		case <-done:
			return
		}
		select {
		case s := <-ch:
			fmt.Fprintf(stderr, "briefbook: stopped by a second %s without cleaning up; the next build removes what is left\n", signalError{s}.name())
			os.Exit(128 + signalError{s}.number())
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// checkBaseURL reports an error unless u is empty or a base URL that
// parse.CheckBaseURL accepts, as in briefbook.yaml.
func checkBaseURL(u string) error {
	if u == "" {
		return nil
	}
	return parse.CheckBaseURL(u)
}

// displayDir returns dir as the summary line shows it: cleaned, ending in a
// separator. A path with ".." is not cleaned, since "link/.." is not "."
// when link is a symbolic link.
func displayDir(dir string) string {
	if !slices.Contains(strings.Split(filepath.ToSlash(dir), "/"), "..") {
		dir = filepath.Clean(dir)
	}
	return strings.TrimRight(dir, string(filepath.Separator)) + string(filepath.Separator)
}

// roundDuration rounds d for the summary line: to the millisecond under ten
// seconds, to a tenth of a second above.
func roundDuration(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// version returns the version of the main module, as go install records it,
// or "(devel)".
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
