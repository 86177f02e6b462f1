package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/cliflag"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/scaffold"
	"github.com/briefbook/briefbook/internal/site"
	"github.com/briefbook/briefbook/internal/suggest"
)

const newUsage = `usage: briefbook new brief TITLE [--domain D]... [--actor A]... [--source ID]...
       briefbook new actor NAME [--alias A]...
       briefbook new domain TITLE
       briefbook new site DIR

Writes a new file into the book in the current folder (or, from a folder
inside a book such as content/, in the nearest folder above that holds
briefbook.yaml), with its frontmatter filled in, and prints its path: a brief, a draft dated today,
at content/briefs/<slug>.md; an actor profile at content/actors/<slug>.md;
a domain profile at content/domains/<slug>.md. The slug is made from the
title or name as the build makes it. "new site" writes a small book that
builds with no warnings into DIR, a new or empty folder, and prints the
path of each file. new never replaces a file: if one exists, it says so
and writes nothing.
`

// todayVar names the environment variable that sets the date new writes
// (YYYY-MM-DD), for output that does not depend on the clock.
const todayVar = "BRIEFBOOK_TODAY"

// A listFlag is a flag that may be given several times, each value added
// to the list in order.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// newArgs are the arguments and flags of one new command.
type newArgs struct {
	kind                              string // brief, actor, domain or site
	arg                               string // the title, name or folder
	domains, actors, sources, aliases listFlag
}

// newFlags returns the flag set of "new kind", writing its errors and
// usage to w, and the arguments it fills in.
func newFlags(kind string, w io.Writer) (*flag.FlagSet, *newArgs) {
	a := &newArgs{kind: kind}
	fs := flag.NewFlagSet("new "+kind, flag.ContinueOnError)
	fs.SetOutput(w)
	switch kind {
	case "brief":
		fs.Var(&a.domains, "domain", "a domain (`D`) of the brief, its slug or title; repeat for more")
		fs.Var(&a.actors, "actor", "an actor (`A`) the brief concerns, a name or alias; repeat for more")
		fs.Var(&a.sources, "source", "the `ID` of a source of content/sources.yaml; repeat for more")
	case "actor":
		fs.Var(&a.aliases, "alias", "another name (`A`) of the actor; repeat for more")
	}
	fs.Usage = func() {
		fmt.Fprint(w, newUsage)
		if kind == "brief" || kind == "actor" {
			fmt.Fprintf(w, "\nFlags of new %s:\n", kind)
			cliflag.PrintDefaults(w, fs)
		}
	}
	return fs, a
}

// runNew runs the new command.
func runNew(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return exitUsage
	}
	switch args[0] {
	case "brief", "actor", "domain", "site":
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, newUsage)
		return exitOK
	default:
		hint := ""
		if best := suggest.Closest(args[0], []string{"brief", "actor", "domain", "site"}); best != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", best)
		}
		fmt.Fprintf(stderr, "briefbook new: unknown kind %q%s: want brief, actor, domain or site\n\n%s", diag.Escape(args[0]), hint, newUsage)
		return exitUsage
	}
	fs, a := newFlags(args[0], stderr)
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	what := map[string]string{"brief": "a title", "actor": "a name", "domain": "a title", "site": "a folder"}[a.kind]
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "briefbook new %s: want %s, one argument (quoted if it has spaces); got %d\n", a.kind, what, len(pos))
		return exitUsage
	}
	a.arg = pos[0]
	return a.run(stdout, stderr)
}

// run makes the file or files and writes them.
func (a *newArgs) run(stdout, stderr io.Writer) int {
	fail := func(status int, err error) int {
		fmt.Fprintf(stderr, "briefbook new %s: %s\n", a.kind, diag.Escape(err.Error()))
		return status
	}
	date, err := today()
	if err != nil {
		return fail(exitFail, err)
	}
	var f scaffold.File
	switch a.kind {
	case "site":
		files := scaffold.Site(date)
		if err := scaffold.WriteSite(a.arg, files); err != nil {
			return fail(exitFail, err)
		}
		for _, f := range files {
			fmt.Fprintln(stdout, diag.Escape(scaffold.Display(a.arg, f.Path)))
		}
		return exitOK
	case "brief":
		f, err = scaffold.NewBrief(scaffold.Brief{Title: a.arg, Date: date, Domains: a.domains, Actors: a.actors, Sources: a.sources})
	case "actor":
		f, err = scaffold.NewActor(a.arg, a.aliases)
	case "domain":
		f, err = scaffold.NewDomain(a.arg)
	}
	if err != nil {
		return fail(exitUsage, err)
	}
	root, ok := findSite(".")
	if !ok {
		return fail(exitFail, isSite("."))
	}
	if root != "." {
		fmt.Fprintf(stderr, "briefbook new %s: writing into the book in %s\n", a.kind, diag.Escape(root))
	}
	if err := scaffold.Write(root, []scaffold.File{f}); err != nil {
		return fail(exitFail, err)
	}
	fmt.Fprintln(stdout, diag.Escape(scaffold.Display(root, f.Path)))
	if a.kind == "brief" && len(a.domains) == 0 {
		fmt.Fprintf(stderr, "briefbook new brief: warning: %s has no domain yet; a brief needs at least one (--domain D) to build\n",
			diag.Escape(scaffold.Display(root, f.Path)))
	}
	if a.kind == "brief" && len(a.domains)+len(a.actors)+len(a.sources) > 0 {
		reportNew(root, filepath.ToSlash(f.Path), stderr)
	}
	return exitOK
}

// reportNew prints to stderr what check would report about the brief just
// written at the slash-separated path p of the book in root (an unknown source id, a domain or
// actor with no profile), so that a typo in a --domain, --actor or
// --source flag is seen at once rather than at the next build. It reads
// the whole book, as check --drafts does; a book that cannot be read is
// left to check to report.
func reportNew(root, p string, stderr io.Writer) {
	s, gen, err := site.Open(context.Background(), root, site.Options{Drafts: true})
	if err != nil {
		return
	}
	defer s.Close()
	var ds []diag.Diagnostic
	for _, d := range gen.Diagnostics() {
		if d.Path == p {
			ds = append(ds, d)
		}
	}
	if len(ds) > 0 {
		fmt.Fprintf(stderr, "briefbook new brief: %s, as check --drafts will report it:\n", diag.Escape(p))
		diag.Print(stderr, ds)
	}
}

// parseInterleaved parses args with fs, allowing flags after the
// positional arguments ("new brief Title --domain cyber"), and returns the
// positional arguments. After "--" every argument is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := cliflag.Parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// today returns today's date, or the date that $BRIEFBOOK_TODAY gives.
func today() (time.Time, error) {
	s := os.Getenv(todayVar)
	if s == "" {
		return time.Now(), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %q is not a YYYY-MM-DD date", todayVar, s)
	}
	return t, nil
}

// isSite returns an error unless the folder dir looks like a site folder:
// it has a briefbook.yaml file or a content folder.
func isSite(dir string) error {
	if fi, err := os.Stat(scaffold.Display(dir, "briefbook.yaml")); err == nil && fi.Mode().IsRegular() {
		return nil
	}
	if fi, err := os.Stat(scaffold.Display(dir, "content")); err == nil && fi.IsDir() {
		return nil
	}
	return errors.New("the current folder is not in a briefbook site (it has neither briefbook.yaml nor a content folder, " +
		"and no folder above it has briefbook.yaml): run briefbook new in the site folder, or make a site with: briefbook new site DIR")
}
