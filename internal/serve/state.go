package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/build"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/hugeheap"
	"github.com/briefbook/briefbook/internal/render"
	"github.com/briefbook/briefbook/internal/site"
	"github.com/briefbook/briefbook/internal/watch"
)

// state is what the server serves at one moment. It never changes once
// made; the server swaps in a new one after each batch of changes.
type state struct {
	// gen is the generation served: the newest one without errors, or the
	// newest one when none was ever without errors; nil when the book
	// could not be opened at all.
	gen *site.Generation
	// base is gen's base path, "/" or "/book/": the site is served under it.
	base string
	// problems are the errors shown over every open page: the newest
	// generation's error diagnostics, or why it could not be made.
	problems []problem
	// fallback is the last generation served before gen in which no page
	// was found to fail: a page of gen whose template fails on its data
	// is served as it was there (see renderOut). Nil when there is none.
	fallback *site.Generation
}

// renderOut returns the bytes of the output file out as the server gives
// them in st, and the generation they come from: gen's, or, when gen's
// template fails on this page's data, the fallback's, so that a template
// broken only when executed keeps the last good page served, as a
// template that does not parse does. err is gen's own error when there is
// no page to give.
func renderOut(st *state, out string) (data []byte, from *site.Generation, err error) {
	data, err = st.gen.Render(nil, out)
	if err == nil {
		return data, st.gen, nil
	}
	if _, ok := st.gen.TemplateDiagnostic(err); ok && st.fallback != nil && has(st.fallback, out) {
		if old, ferr := st.fallback.Render(nil, out); ferr == nil {
			return old, st.fallback, err
		}
	}
	return nil, nil, err
}

// A problem is one line of the errors overlay.
type problem struct {
	Text string `json:"text"`          // "path:line:col: error: message", escaped for a terminal
	URL  string `json:"url,omitempty"` // the page of the brief, actor or domain concerned
}

// maxProblems bounds the overlay's lines; the terminal has them all.
const maxProblems = 50

// siteOptions returns the options the site is opened with.
func (s *Server) siteOptions() site.Options {
	return site.Options{BaseURL: s.opts.BaseURL, Drafts: s.opts.Drafts}
}

// open opens the book and makes the first state. A book that cannot be
// opened (a template that does not parse) gives a state with no
// generation and the error as its problem; the next change tries again.
func (s *Server) open(ctx context.Context) {
	if s.busy != nil {
		s.busy()
	}
	sit, gen, err := site.Open(ctx, s.root, s.siteOptions())
	if ctx.Err() != nil {
		if err == nil {
			sit.Close()
		}
		return // stopping: nothing to say
	}
	if err != nil {
		s.printFailure(err)
		fmt.Fprintln(s.opts.Stderr, "The book cannot be opened; serving an error page until it is fixed.")
		s.st.Store(&state{base: "/", problems: failureProblems(err)})
		return
	}
	s.site = sit
	s.printDiagnostics(gen)
	s.st.Store(&state{gen: gen, base: render.BasePath(gen.Book.Site.BaseURL), problems: problemsOf(gen, nil)})
	if info, err := os.Stat(filepath.Join(s.root, "templates")); err == nil && info.IsDir() {
		s.checkRender(ctx, gen) // the site's own templates
	}
}

// apply reads the changes of one batch into a new generation and serves
// it, or keeps serving the last good one, and tells the open pages.
// stored is called once what is served for the batch is stored, before
// the open pages are told (see release); it is not called when stopping.
func (s *Server) apply(ctx context.Context, b watch.Batch, stored func()) {
	for _, w := range b.Warnings {
		fmt.Fprintf(s.opts.Stderr, "warning: %s\n", diag.Escape(w))
	}
	paths := b.Paths
	if b.All {
		paths = []string{"."}
	}
	added := s.added(b)
	start := time.Now()
	if s.busy != nil {
		s.busy()
	}
	if s.stopCheck != nil {
		s.stopCheck() // its generation is about to be replaced
	}
	var gen *site.Generation
	var err error
	if s.site == nil {
		var sit *site.Site
		if sit, gen, err = site.Open(ctx, s.root, s.siteOptions()); err == nil {
			s.site = sit
		}
	} else {
		gen, err = s.site.Update(ctx, slices.Clone(paths))
	}
	took := time.Since(start)
	s.rebuilds.Add(1)
	// The heap's memory comes in huge pages, made resident ahead of use,
	// until the heap has grown to its working size, which the first
	// updates after the opening take it to (see package hugeheap).
	warmHeap(false, 0)
	hugeheap.Settle()
	if ctx.Err() != nil {
		return // stopping
	}
	old := s.st.Load()
	what := describe(b, s.root, added)
	if err != nil {
		fmt.Fprintf(s.opts.Stderr, "%s: rebuild failed in %s:\n", what, round(took))
		s.printFailure(err)
		if old.gen != nil {
			fmt.Fprintf(s.opts.Stderr, "still serving generation %d\n", old.gen.N)
		}
		next := *old
		next.problems = failureProblems(err)
		s.st.Store(&next)
		stored()
		s.hub.update(old, &next, "", "", nil, nil)
		return
	}
	s.printDiagnostics(gen)
	next := &state{gen: old.gen, base: old.base, problems: problemsOf(gen, old.gen), fallback: old.fallback}
	if gen.Errors() == 0 || old.gen == nil || old.gen.Errors() > 0 {
		next.gen, next.base = gen, render.BasePath(gen.Book.Site.BaseURL)
		if old.gen != nil && !s.failed(old.gen) && !s.unchecked(old.gen) {
			next.fallback = old.gen
		}
	}
	s.printRebuilt(what, took, gen, next, old, themeChanged(b))
	s.st.Store(next)
	stored()
	var follow, moved string
	var known map[string]pageState
	if next.gen == gen {
		moved = savedBrief(b.Paths, next)
		if !s.opts.NoFollow {
			follow = moved
		}
		next, known = s.checkSaved(next, moved)
	}
	s.hub.update(old, next, follow, moved, changedCSS(b, next), known)
	if next.gen == gen && themeChanged(b) {
		s.checkRender(ctx, gen)
	}
}

// checkSaved renders the page of the brief saved in a batch (page, its
// URL path; "" for none) from st, the state just stored. When a template
// fails on that page's data (a site's own template, such as one that
// shows the first author, and a save that leaves none), the page is
// served as in the fallback generation; the failure is then printed as a
// request for the page prints it and added to the errors over the open
// pages, so that the author sees why the page did not change. It returns
// the state now stored (st, or its copy with the failure) and what the
// open pages' check needs of the page (see hub.update), so that it is not
// rendered again for them; nil when there is no page.
func (s *Server) checkSaved(st *state, page string) (*state, map[string]pageState) {
	out, ok := outputPath(st.base, page)
	if page == "" || !ok || !has(st.gen, out) {
		return st, nil
	}
	data, from, err := renderOut(st, out)
	ps := pageState{exists: true, hash: hashBytes(data)}
	if from == nil {
		ps.hash = hashError(err)
	}
	known := map[string]pageState{out: ps}
	if err != nil {
		s.renderFailure(st.gen, err)
		return s.showFailure(st, err, page), known
	}
	return st, known
}

// showFailure adds err, met rendering the page at the URL path page from
// st, to the errors over the open pages when it is a template's failure
// on the page's data that they do not show yet, and st is still the state
// served. It returns the state now stored: st, or its copy with the
// failure (the caller tells the open pages).
func (s *Server) showFailure(st *state, err error, page string) *state {
	d, ok := st.gen.TemplateDiagnostic(err)
	if !ok {
		return st
	}
	text := d.String()
	for _, p := range st.problems {
		if p.Text == text && p.URL == page {
			return st
		}
	}
	next := *st
	next.problems = append(slices.Clone(st.problems), problem{Text: text, URL: page})
	if !s.st.CompareAndSwap(st, &next) {
		return st
	}
	return &next
}

// printRebuilt prints the line saying what a rebuild gave: the generation
// served, or that old's is still served because gen has errors. After a
// change of the theme, gen's pages are then checked (see checkRender).
func (s *Server) printRebuilt(what string, took time.Duration, gen *site.Generation, next, old *state, theme bool) {
	if next.gen != gen {
		fmt.Fprintf(s.opts.Stdout, "%s: rebuilt in %s with %s; still serving generation %d\n",
			what, round(took), plural(gen.Errors(), "error"), old.gen.N)
		return
	}
	checking := ""
	if theme {
		// Templates that fail only on some page's data are found by
		// checkRender; until then a page that fails is served from the
		// last good generation.
		checking = "; checking every page with the new templates"
	}
	fmt.Fprintf(s.opts.Stdout, "%s: rebuilt in %s (generation %d, %s)%s\n", what, round(took), gen.N, plural(gen.Pages(), "page"), checking)
}

// themeChanged reports whether a batch may have changed how pages render:
// a template or the configuration changed, or the whole site was read
// again.
func themeChanged(b watch.Batch) bool {
	if b.All {
		return true
	}
	for _, p := range b.Paths {
		if p == "briefbook.yaml" || p == "templates" || strings.HasPrefix(p, "templates/") {
			return true
		}
	}
	return false
}

// checkRender renders every page of gen in the background, as check and
// build do, to find templates that fail only on some page's data: each
// failure is printed once and added to the errors shown over every open
// page while gen is served. A newer batch stops it.
func (s *Server) checkRender(ctx context.Context, gen *site.Generation) {
	ctx, cancel := context.WithCancel(ctx)
	s.stopCheck = cancel
	s.checking.Store(gen.N, true)
	go func() {
		defer cancel()
		ds, _ := gen.RenderAllContext(ctx)
		if ctx.Err() != nil {
			return // stopped: gen stays unchecked
		}
		s.checking.Delete(gen.N)
		if len(ds) == 0 {
			return
		}
		s.failing.Store(gen.N, true)
		var fresh []diag.Diagnostic
		for _, d := range ds {
			if _, seen := s.renderErrs.LoadOrStore(strconv.Itoa(gen.N)+": "+d.String(), true); !seen {
				fresh = append(fresh, d)
			}
		}
		if len(fresh) > 0 {
			diag.Print(s.opts.Stderr, fresh)
		}
		cur := s.st.Load()
		if cur.gen != gen {
			return
		}
		next := *cur
		next.problems = slices.Clone(cur.problems)
		for _, d := range ds {
			next.problems = append(next.problems, problem{Text: d.String()})
		}
		if cur.fallback != nil {
			fmt.Fprintf(s.opts.Stderr, "pages that fail are served as in generation %d\n", cur.fallback.N)
		}
		if s.st.CompareAndSwap(cur, &next) {
			s.hub.update(cur, &next, "", "", nil, nil)
		}
	}()
}

// printFailure prints why a generation could not be made: as diagnostics,
// with their lines, when the error is made of them (a template that does
// not parse), else as one "error:" line.
func (s *Server) printFailure(err error) {
	if le := (*diag.ListError)(nil); errors.As(err, &le) {
		s.printed = nil // the book's own diagnostics are printed again once it opens
		diag.Print(s.opts.Stderr, le.Diagnostics)
		return
	}
	fmt.Fprintf(s.opts.Stderr, "error: %s\n", diag.Escape(err.Error()))
}

// failureProblems returns the overlay's lines for an error that stopped a
// generation, in the terminal's form.
func failureProblems(err error) []problem {
	if le := (*diag.ListError)(nil); errors.As(err, &le) {
		out := make([]problem, 0, len(le.Diagnostics))
		for _, d := range le.Diagnostics {
			out = append(out, problem{Text: d.String()})
		}
		return out
	}
	return []problem{{Text: "error: " + diag.Escape(err.Error())}}
}

// describe says what a batch changed, for the terminal: the paths that
// still exist under the site folder root as "changed", or as "added" when
// added has them (see [Server.added]), those that no longer do (files
// deleted or renamed away) as "removed", each group named by its first
// path and a count of the others, as in "added content/briefs/b.md;
// removed content/briefs/a.md" for a rename.
func describe(b watch.Batch, root string, added map[string]bool) string {
	if b.All {
		return "whole site read again"
	}
	var changed, created, removed []string
	for _, p := range b.Paths {
		switch _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p))); {
		case errors.Is(err, fs.ErrNotExist):
			removed = append(removed, p)
		case added[p]:
			created = append(created, p)
		default:
			changed = append(changed, p)
		}
	}
	var parts []string
	for _, g := range []struct {
		verb  string
		paths []string
	}{{"changed", changed}, {"added", created}, {"removed", removed}} {
		switch len(g.paths) {
		case 0:
		case 1:
			parts = append(parts, g.verb+" "+diag.Escape(g.paths[0]))
		default:
			parts = append(parts, fmt.Sprintf("%s %s and %d more", g.verb, diag.Escape(g.paths[0]), len(g.paths)-1))
		}
	}
	return strings.Join(parts, "; ")
}

// added returns the paths of b that are new: created during the batch
// (b.Created) and not read by the site's last generation, which a file
// saved by renaming a temporary file over it was. It must be called
// before the site reads the batch. With no site yet (the book could not
// be opened) nothing is known to be new.
func (s *Server) added(b watch.Batch) map[string]bool {
	if s.site == nil || b.All {
		return nil
	}
	var added map[string]bool
	for _, p := range b.Created {
		if !s.site.Listed(p) {
			if added == nil {
				added = map[string]bool{}
			}
			added[p] = true
		}
	}
	return added
}

// printDiagnostics prints gen's diagnostics as build does, unless they are
// those printed last.
func (s *Server) printDiagnostics(gen *site.Generation) {
	ds := build.Diagnostics(gen, s.opts.Today, s.root)
	same := slices.EqualFunc(ds, s.printed, func(a, b diag.Diagnostic) bool {
		return a.String() == b.String() && a.LineText == b.LineText
	})
	if same {
		return
	}
	s.printed = ds
	diag.Print(s.opts.Stderr, ds)
}

// problemsOf returns the overlay's lines for gen's errors, each with the
// page of the file concerned in gen or, for a file that has no page in
// gen (a brief whose frontmatter broke), in prev.
func problemsOf(gen, prev *site.Generation) []problem {
	if gen.Errors() == 0 {
		return nil
	}
	pages := map[string]string{}
	for _, g := range []*site.Generation{prev, gen} {
		if g != nil {
			addPages(pages, g)
		}
	}
	var out []problem
	for _, d := range gen.Diagnostics() {
		if d.Severity != diag.Error {
			continue
		}
		if len(out) == maxProblems {
			out = append(out, problem{Text: fmt.Sprintf("… and %d more errors (see the terminal)", gen.Errors()-maxProblems)})
			break
		}
		out = append(out, problem{Text: d.String(), URL: pages[d.Path]})
	}
	return out
}

// addPages maps the source path of each brief, actor profile and domain
// profile of g to its page's URL path.
func addPages(m map[string]string, g *site.Generation) {
	base := render.BasePath(g.Book.Site.BaseURL)
	for _, b := range g.Book.Briefs {
		m[b.Path] = pageURL(base, b.URL)
	}
	for _, a := range g.Book.Actors {
		if a.Profile {
			m[a.Path] = pageURL(base, a.URL)
		}
	}
	for _, d := range g.Book.Domains {
		if d.Profile {
			m[d.Path] = pageURL(base, d.URL)
		}
	}
}

// pageURL returns the percent-encoded URL path of site path p ("/briefs/x/")
// under base.
func pageURL(base, p string) string {
	return (&url.URL{Path: base + strings.TrimPrefix(p, "/")}).EscapedPath()
}

// savedBrief returns the page of the one brief among the changed paths
// that the served generation has, or "" when there is none or several (a
// checkout): the page the browser follows to.
func savedBrief(changed []string, st *state) string {
	var briefs []string
	for _, p := range changed {
		if strings.HasPrefix(p, "content/briefs/") && strings.HasSuffix(p, ".md") {
			briefs = append(briefs, p)
		}
	}
	if len(briefs) == 0 || len(briefs) > 2 {
		return ""
	}
	found := ""
	for _, b := range st.gen.Book.Briefs {
		if slices.Contains(briefs, b.Path) {
			if found != "" {
				return ""
			}
			found = pageURL(st.base, b.URL)
		}
	}
	return found
}

// failed reports whether a page of g was found to fail on its data, when
// requested or by checkRender.
func (s *Server) failed(g *site.Generation) bool {
	_, ok := s.failing.Load(g.N)
	return ok
}

// unchecked reports whether g's render check, after a change of
// templates or configuration, did not run to its end: g may fail on some
// page's data, so it is no fallback.
func (s *Server) unchecked(g *site.Generation) bool {
	_, ok := s.checking.Load(g.N)
	return ok
}
