// Package site keeps a briefing book in memory and renders any of its pages
// by output path.
//
// A [Site] is opened on a site folder. It keeps, for every source file, what
// the file was when it was last read (its size and a hash of its content),
// the file's parse result and the file's own diagnostics. Each call of
// [Site.Update] re-reads only the files it is told changed (and files that
// appeared, disappeared or changed size since the last scan), resolves the
// book again and returns a new [Generation]: the resolved book, all its
// diagnostics and the list of its output paths.
//
// A Generation never changes once made, and stays valid while it is in use:
// pages can be rendered from generation N while N+1 is being made, and the
// pages of several generations can be rendered in any order, each with its
// own generation's bytes. [Generation.Render] gives one output file's final
// bytes (minified, with the partials rendered once spliced in), so a caller
// that writes a site, serves it or compares two versions of it needs
// nothing else.
//
//	Open      scan, read and parse every file (in parallel), resolve, make the renderer
//	Update    rescan; re-read changed files; resolve; a new Generation
//	Paths     every output path of a generation, sorted
//	Render    one output file's bytes
//	Changed   the output paths whose bytes differ between two generations
//
// The values the parse stage returns are never written after parse: each
// generation resolves its own copies (see package resolve), so the files a
// generation did not re-read are shared with the previous one as they are.
package site

import (
	"context"
	"fmt"
	"hash/maphash"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/spill"
)

// Options says how to read a site.
type Options struct {
	// BaseURL overrides briefbook.yaml's baseURL when not empty.
	BaseURL string
	// Drafts includes briefs with draft: true.
	Drafts bool
	// Spill moves each brief's rendered body to an unlinked temporary file
	// until its page is rendered, so that memory does not grow with the
	// size of the book's bodies. It suits one-shot builds of large books;
	// the file only grows, so a long-lived Site should not spill.
	Spill bool
	// Once opens the site for one generation, as a build does: the Site
	// keeps nothing about its files for Update, so that the parse results
	// can be freed once the book is resolved. Update then reads every file
	// again.
	Once bool
}

// Site is a briefing book kept in memory. Its methods are safe for
// concurrent use; Update calls are serialised.
type Site struct {
	root  string
	opts  Options
	fsys  *os.Root     // the site folder, confined, for the theme's files
	store *spill.Store // nil unless Options.Spill
	seed  maphash.Seed

	mu        sync.Mutex
	list      []load.File       // the files Scan lists, sorted by path, as of the last generation
	scanDiags []diag.Diagnostic // what listing them reported
	states    []*fileState      // the state of each file of list, in list's order
	last      *Generation
}

// Open reads the site in the folder root and returns it with its first
// generation. Problems in the book are the generation's diagnostics, not
// errors; the error is non-nil when root cannot be read, the theme's
// templates do not parse, two output files would have the same path, or
// ctx is done before the book was read (the error then wraps ctx.Err()).
// The caller must Close the site.
func Open(ctx context.Context, root string, opts Options) (*Site, *Generation, error) {
	fsys, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, err
	}
	s := &Site{root: root, opts: opts, fsys: fsys, seed: maphash.MakeSeed()}
	if opts.Spill {
		if s.store, err = spill.New(""); err != nil {
			fsys.Close()
			return nil, nil, err
		}
	}
	g, err := s.update(ctx, nil, true)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, g, nil
}

// Close releases the site's open files. Generations made earlier can no
// longer render pages whose bodies were spilled, nor the theme's files.
func (s *Site) Close() error {
	var err error
	if s.store != nil {
		err = s.store.Close()
	}
	if e := s.fsys.Close(); err == nil {
		err = e
	}
	return err
}

// Listed reports whether the site's last generation read a file at the
// slash-separated path p, relative to the site folder, or under it when p
// is a folder: whether p existed, as far as the site knows, before the
// changes an Update is about to read. A site opened with Options.Once
// keeps no list and reports false.
func (s *Site) Listed(p string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmp := func(f load.File, p string) int { return strings.Compare(f.Path, p) }
	if _, found := slices.BinarySearchFunc(s.list, p, cmp); found {
		return true
	}
	// The first path under p/ ("a/b" sorts before it "a/b-c", whose '-'
	// is before '/').
	i, _ := slices.BinarySearchFunc(s.list, p+"/", cmp)
	return i < len(s.list) && strings.HasPrefix(s.list[i].Path, p+"/")
}

// Update re-reads what changed at the given paths (slash-separated,
// relative to the site folder: files or folders, added, changed or removed)
// and returns the new generation. Only the files at or under those paths
// are listed and read again, so every path that changed must be given; a
// file whose content is what it was keeps its parse result. The error is
// as for [Open]; after an error the site stays at its previous generation.
func (s *Site) Update(ctx context.Context, changed []string) (*Generation, error) {
	return s.update(ctx, changed, false)
}

// update makes the next generation, re-reading the files at or under the
// changed paths (every file when all is set).
func (s *Site) update(ctx context.Context, changed []string, all bool) (*Generation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if all || s.opts.Once {
		changed, all = []string{"."}, true
	}
	changed = slices.Clone(changed) // the caller's slice is left as it is
	for i, p := range changed {
		changed[i] = path.Clean(filepath.ToSlash(p))
	}
	var d diag.List
	found, err := load.ScanPaths(s.root, changed, &d)
	if err != nil {
		return nil, fmt.Errorf("source folder: %w", err)
	}
	list, scanDiags := s.merge(changed, found, d.Sorted())
	states, theme := s.refresh(ctx, list, changed)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.opts.Once {
		// states is not used after this call, so that the parse results
		// can be freed as soon as the book is resolved.
		g, err := s.newGeneration(states, scanDiags, true)
		if err != nil {
			return nil, err
		}
		s.last = g
		s.list, s.scanDiags, s.states = nil, nil, nil
		return g, nil
	}
	g, err := s.newGeneration(states, scanDiags, theme || all)
	if err != nil {
		return nil, err
	}
	s.last = g
	s.list, s.scanDiags, s.states = list, scanDiags, states
	return g, nil
}

// under reports whether the slash-separated path p is dir or lies in it;
// every path lies in ".".
func under(p, dir string) bool {
	return dir == "." || strings.HasPrefix(p, dir) && (len(p) == len(dir) || p[len(dir)] == '/')
}

// underAny reports whether p is at or under one of dirs.
func underAny(p string, dirs []string) bool {
	for _, d := range dirs {
		if under(p, d) {
			return true
		}
	}
	return false
}

// merge returns the site's file list and scan diagnostics with everything
// at or under the changed paths replaced by what was found there now.
func (s *Site) merge(changed []string, found []load.File, foundDiags []diag.Diagnostic) ([]load.File, []diag.Diagnostic) {
	list := make([]load.File, 0, len(s.list)+len(found))
	for _, f := range s.list {
		if !underAny(f.Path, changed) {
			list = append(list, f)
		}
	}
	list = append(list, found...)
	slices.SortFunc(list, func(a, b load.File) int { return strings.Compare(a.Path, b.Path) })
	var diags []diag.Diagnostic
	for _, dg := range s.scanDiags {
		if !underAny(dg.Path, changed) {
			diags = append(diags, dg)
		}
	}
	return list, append(diags, foundDiags...)
}

// refresh returns the state of every file of list, in list's order: the
// previous state of a known file outside the changed paths, a new one
// otherwise (which keeps the previous parse result when the content is
// the same). It also reports whether a template or static file was added,
// removed or may have changed, which calls for a new renderer. The
// previous states are found by walking the previous list beside list,
// both sorted by path, not looked up by path.
func (s *Site) refresh(ctx context.Context, list []load.File, changed []string) ([]*fileState, bool) {
	states := make([]*fileState, len(list))
	var todo []load.File
	var olds []*fileState
	var at []int
	theme := false
	k := 0 // the first file of s.list not before f
	for i, f := range list {
		for k < len(s.list) && s.list[k].Path < f.Path {
			k++
		}
		var old *fileState
		if k < len(s.list) && s.list[k].Path == f.Path {
			old = s.states[k]
		}
		if old != nil && s.list[k].Kind == f.Kind && !underAny(f.Path, changed) {
			states[i] = old
			continue
		}
		if themeKind(f.Kind) {
			theme = true
		}
		todo = append(todo, f)
		olds = append(olds, old)
		at = append(at, i)
	}
	for _, f := range s.list { // removed theme files
		if themeKind(f.Kind) && underAny(f.Path, changed) && !listed(list, f.Path) {
			theme = true
			break
		}
	}
	for j, st := range parseFiles(ctx, s.root, s.fsys, todo, olds, s.seed, s.store) {
		states[at[j]] = st // nil when stopped: the caller checks ctx
	}
	return states, theme
}

// themeKind reports whether files of kind k are the theme's: templates
// and static files, which the renderer reads.
func themeKind(k load.Kind) bool { return k == load.Template || k == load.Static }

// listed reports whether list, sorted by path, holds a file at path p.
func listed(list []load.File, p string) bool {
	lo, hi := 0, len(list)
	for lo < hi {
		m := (lo + hi) / 2
		if list[m].Path < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(list) && list[lo].Path == p
}
