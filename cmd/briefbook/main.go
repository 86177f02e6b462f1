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
//	briefbook version (or --version, -v)
//	briefbook help [COMMAND]
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
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/briefbook/briefbook/internal/build"
	"github.com/briefbook/briefbook/internal/cliflag"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/hugeheap"
	"github.com/briefbook/briefbook/internal/memlimit"
	"github.com/briefbook/briefbook/internal/parse"
	"github.com/briefbook/briefbook/internal/suggest"
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
	briefbook help [COMMAND]

Run "briefbook help COMMAND" for a command's flags.
`

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "build", "serve", "check", "pdf":
			// The commands that read a whole book: see package hugeheap.
			hugeheap.Reserve(hugeheap.Size())
		}
	}
	if len(os.Args) > 1 && os.Args[1] == "build" {
		tuneGC()
	}
	stop := profile(os.Getenv(profileVar))
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// profileVar names the environment variable that, when set to a file
// name, makes briefbook write a CPU profile of the whole run there (for
// go tool pprof): hidden, for measuring the live preview end to end
// (BenchmarkServe's BENCH_PROFILE).
const profileVar = "BRIEFBOOK_CPUPROFILE"

// profile starts a CPU profile written to file and returns the function
// that ends it; with no file, or one that cannot be made, it does nothing.
func profile(file string) (stop func()) {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		fmt.Fprintf(os.Stderr, "briefbook: %s: %s\n", profileVar, diag.Escape(err.Error()))
		return func() {}
	}
	// BRIEFBOOK_CPUPROFILE_DELAY (a duration: "10s") starts the profile
	// that long after the start, to leave out the opening of the book.
	delay, _ := time.ParseDuration(os.Getenv(profileVar + "_DELAY"))
	var mu sync.Mutex // the profile starts at most once, never after stop
	stopped := false
	time.AfterFunc(delay, func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "briefbook: %s: %s\n", profileVar, diag.Escape(err.Error()))
		}
	})
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		pprof.StopCPUProfile()
		f.Close()
	}
}

// tuneGC sets a soft limit on the memory a build uses, unless GOMEMLIMIT
// says otherwise: 1400 MiB, raised after each collection to 1.5 times the
// live data when that is more, up to 2.25 GiB (package memlimit). A
// 100,000-brief build, whose live data peaks at 800 to 900 MB, so stays
// under 1.5 GiB, collecting more often only while its live data is high;
// one whose live data stays under about 650 MB (at 10,000 briefs it is
// about 100 MB) never reaches the limit. A fixed limit that low would
// make a larger book collect without a pause, hence the raise. The other
// commands keep Go's defaults: serve holds two
// versions of the book while it makes the next, and at 100,000 briefs
// that is more than the limit, under which the collector runs without a
// pause (an edit then took 5 s to show; see the README's Live preview
// figures). It leaves GOGC at Go's default (100: the heap grows to twice
// the live data between collections). Builds used to run with GOGC 200,
// which saved collections while the search index copied each body several
// times over; now that it reads bodies into reused buffers, a
// 10,000-brief build peaks at about 3 times its live data with GOGC 200
// (over 320 MiB) and at about 240 MiB with 100, for the same CPU time as
// far as measurements under load can tell (see the README's Performance
// section).
func tuneGC() {
	if os.Getenv("GOMEMLIMIT") == "" {
		memlimit.Follow(1400<<20, 2304<<20)
	}
}

// commands are briefbook's commands, in the order the usage lists them.
var commands = []string{"build", "serve", "check", "pdf", "new", "version", "help"}

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
	case "version", "--version", "-version", "-v":
		if len(rest) > 0 {
			fmt.Fprintln(stderr, "briefbook version: takes no arguments")
			return exitUsage
		}
		info, _ := debug.ReadBuildInfo()
		fmt.Fprintln(stdout, "briefbook", version(info))
		return exitOK
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "briefbook: unknown command %q%s\n\n%s", diag.Escape(cmd), didYouMean(cmd), usage)
		return exitUsage
	}
}

// didYouMean returns "; did you mean "build"?" when cmd is close to one of
// the commands, or for a build flag given before any command ("--ouput",
// "--output") "; flags come after the command: did you mean "briefbook
// build --output"?"; otherwise "".
func didYouMean(cmd string) string {
	if name, ok := strings.CutPrefix(strings.TrimPrefix(cmd, "-"), "-"); ok || name != cmd {
		fs, _ := buildFlags(io.Discard)
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		best := name
		if !slices.Contains(names, name) {
			best = suggest.Closest(name, names)
		}
		if best != "" {
			return fmt.Sprintf("; flags come after the command: did you mean \"briefbook build --%s\"?", best)
		}
	}
	if best := suggest.Closest(cmd, commands); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
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
		fmt.Fprintln(stdout, "usage: briefbook version (or briefbook --version, briefbook -v)\n\n"+
			"Prints briefbook's version: the module version go install recorded, and the\n"+
			"VCS revision when it was built from a checkout.")
	case len(args) == 1 && args[0] == "help":
		fmt.Fprintln(stdout, "usage: briefbook help [COMMAND]\n\n"+
			"Prints the usage of briefbook, or of one command and its flags.\n"+
			"Commands: "+strings.Join(commands, ", ")+".")
	default:
		fmt.Fprintf(stderr, "briefbook help: unknown command %q%s; the commands are %s\n",
			diag.Escape(strings.Join(args, " ")), didYouMean(args[0]), strings.Join(commands, ", "))
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
	fs.StringVar(&opts.Source, "source", ".", "the book folder (`DIR`) to build")
	fs.StringVar(&opts.Output, "output", "", "the folder (`DIR`) to write the site to; default: public inside the source folder")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the site's base `URL`, overriding briefbook.yaml's baseURL")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include draft briefs, each marked as a draft and kept out of the feed and sitemap")
	fs.Usage = func() {
		fmt.Fprint(w, "usage: briefbook build [--source DIR] [--output DIR] [--base-url URL] [--drafts]\n\n"+
			"Builds the briefing book in the source folder into a static site.\n\nFlags:\n")
		cliflag.PrintDefaults(w, fs)
	}
	return fs, opts
}

// runBuild runs the build command.
func runBuild(args []string, stdout, stderr io.Writer) int {
	fs, opts := buildFlags(stderr)
	if err := cliflag.Parse(fs, args); err != nil {
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
	var err error
	if opts.BaseURL, err = checkBaseURL(opts.BaseURL); err != nil {
		fmt.Fprintf(stderr, "briefbook build: --base-url: %s\n", diag.Escape(err.Error()))
		return exitUsage
	}
	opts.Stderr = stderr
	if opts.Today, err = today(); err != nil {
		fmt.Fprintf(stderr, "briefbook build: %s\n", diag.Escape(err.Error()))
		return exitUsage
	}
	if err := checkSource(fs, opts.Source); err != nil {
		fmt.Fprintf(stderr, "briefbook: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	ctx, stop := onSignal(stderr, leftByBuild)
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

// leftByBuild is what a build stopped by a second signal leaves.
const leftByBuild = " without cleaning up; the next build removes what is left"

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
// the status 128 plus its number, saying so on stderr, followed by left
// (what the command leaves behind, or ""). stop undoes it.
func onSignal(stderr io.Writer, left string) (ctx context.Context, stop func()) {
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
			fmt.Fprintf(stderr, "briefbook: stopped by a second %s%s\n", signalError{s}.name(), left)
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
// parse.NormalizeBaseURL accepts, as in briefbook.yaml, and returns it
// normalised (an internationalised host in its xn-- form).
func checkBaseURL(u string) (string, error) {
	if u == "" {
		return "", nil
	}
	return parse.NormalizeBaseURL(u)
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

// version returns briefbook's version from its build information: the
// main module's version as go install or go build records it ("v1.2.0",
// a pseudo-version made from a checkout's commit, or "(devel)" when the
// build found no VCS information), followed, when the build recorded them, by
// the VCS revision (its first 12 characters), its commit time and
// "modified" for a work tree with uncommitted changes:
// "(devel) (revision 0123456789ab, 2026-11-30T05:00:00Z, modified)".
func version(info *debug.BuildInfo) string {
	if info == nil {
		return "(devel)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	parts := []string{"revision " + rev[:min(12, len(rev))]}
	if at != "" {
		parts = append(parts, at)
	}
	if modified {
		parts = append(parts, "modified")
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}
