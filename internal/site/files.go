package site

import (
	"context"
	"fmt"
	"hash/maphash"
	"os"
	"sync"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
	"github.com/briefbook/briefbook/internal/parse"
	"github.com/briefbook/briefbook/internal/resolve"
	"github.com/briefbook/briefbook/internal/spill"
)

// parsed is what the parse stage read out of one file. At most one field is
// set; templates and static files are not parsed.
type parsed struct {
	site    *model.Site
	home    *model.Home
	brief   *model.Brief
	actor   *model.Actor
	domain  *model.Domain
	page    *model.Page
	sources []*model.Source
}

// fileState is what the site keeps about one source file between
// generations: what it was when last read, its parse result and its own
// diagnostics. A fileState is never changed once made; a changed file gets
// a new one.
type fileState struct {
	file  load.File
	hash  uint64 // maphash of the content read, 0 for a file that was not read
	read  bool   // the content was read (hash is valid)
	p     parsed
	diags []diag.Diagnostic // the file's own diagnostics, from reading and parsing
}

// parsedKinds are the kinds of files the parse stage reads.
func parsedKind(k load.Kind) bool {
	switch k {
	case load.Config, load.Home, load.Brief, load.Actor, load.Domain, load.Bibliography, load.Page:
		return true
	}
	return false
}

// parseFiles reads and parses files on runtime.GOMAXPROCS(0) workers and
// returns their states, in the order of files; olds[i], when not nil, is
// what files[i] was before, kept if its content has not changed. It stops
// starting new files once ctx is done, leaving their states nil. When
// store is not nil, each brief's rendered body is moved into it, so that
// memory does not grow with the size of the book. fsys is the folder root,
// open, from which the files are read.
func parseFiles(ctx context.Context, root string, fsys *os.Root, files []load.File, olds []*fileState, seed maphash.Seed, store *spill.Store) []*fileState {
	out := make([]*fileState, len(files))
	dirs := load.NewDirs(fsys) // each folder opened once, not once per file in it
	defer dirs.Close()
	par.Do(len(files), 1, func(_, i int) {
		if ctx.Err() != nil {
			return
		}
		out[i] = parseFile(root, dirs, files[i], olds[i], seed, store)
	})
	return out
}

// parseFile reads and parses one file, unless its content is that of old
// (which may be nil): then it returns old's parse result and diagnostics.
// Templates and static files are only listed: the renderer reads them
// through the theme.
func parseFile(root string, fsys load.Opener, f load.File, old *fileState, seed maphash.Seed, store *spill.Store) *fileState {
	st := &fileState{file: f}
	var d diag.List
	if f.Kind == load.Bundle {
		hashBundle(root, f, st, seed, &d)
		st.diags = d.Sorted()
		return st
	}
	if !parsedKind(f.Kind) {
		return st
	}
	src := load.ReadIn(fsys, f, &d)
	if src == nil {
		st.diags = d.Sorted()
		return st
	}
	st.hash, st.read = maphash.Bytes(seed, src), true
	if old != nil && old.read && old.hash == st.hash && old.file.Kind == f.Kind {
		st.p, st.diags = old.p, old.diags
		return st
	}
	defer func() { st.diags = d.Sorted() }()
	switch f.Kind {
	case load.Config:
		site := parse.Config(f.Path, src, &d)
		st.p.site = &site
	case load.Home:
		st.p.home = parse.Home(f.Path, src, &d)
	case load.Brief:
		st.p.brief = parse.Brief(f.Path, src, &d)
		if b := st.p.brief; b != nil && store != nil {
			stash(store, &b.Doc)
		}
	case load.Actor:
		st.p.actor = parse.Actor(f.Path, src, &d)
	case load.Domain:
		st.p.domain = parse.Domain(f.Path, src, &d)
	case load.Bibliography:
		st.p.sources = parse.Bibliography(f.Path, src, &d)
	case load.Page:
		st.p.page = parse.Page(f.Path, src, &d)
	}
	return st
}

// stash moves doc's body into store. If the store cannot take it, the body
// simply stays in memory.
func stash(store *spill.Store, doc *model.Doc) {
	ref, err := store.Put(doc.Body)
	if err != nil {
		return
	}
	path := doc.Path
	doc.StoreBody(func(dst []byte) ([]byte, error) {
		b, err := store.Append(dst, ref)
		if err != nil {
			return dst, fmt.Errorf("%s: reading its rendered body back: %w", path, err)
		}
		return b, nil
	})
}

// collect gathers the parse results of files, in path order, into the
// resolve stage's input.
func collect(files []*fileState) resolve.Input {
	var in resolve.Input
	haveSite := false
	for _, st := range files {
		p := st.p
		if st.file.Kind == load.Bibliography && len(p.sources) == 0 && hasError(st.diags) {
			in.BrokenBibliography = true
		}
		switch {
		case p.site != nil:
			in.Site, haveSite = *p.site, true
		case p.home != nil:
			in.Home = p.home
		case p.brief != nil:
			in.Briefs = append(in.Briefs, p.brief)
		case p.actor != nil:
			in.Actors = append(in.Actors, p.actor)
		case p.domain != nil:
			in.Domains = append(in.Domains, p.domain)
		case p.sources != nil:
			in.Sources = append(in.Sources, p.sources...)
		case p.page != nil:
			in.Pages = append(in.Pages, p.page)
		case st.file.Kind == load.Brief || st.file.Kind == load.Page:
			in.Unparsed = append(in.Unparsed, st.file.Path)
		}
	}
	if !haveSite {
		in.Site = defaultSite()
	}
	return in
}

// defaultSite returns the configuration of a site without briefbook.yaml,
// which is that of an empty one.
func defaultSite() model.Site {
	return parse.Config("briefbook.yaml", []byte{}, &diag.List{})
}

// sourceReader returns a function that reads a file of the site again, for
// quoting its lines in diagnostics. It returns nil for a file that was not
// listed or cannot be read. Each file is read at most once per function
// made (one per generation): a book with many broken links reports many
// problems in the same files. It is safe for concurrent use.
func sourceReader(root string, files []load.File) func(path string) []byte {
	var (
		mu     sync.Mutex
		byPath map[string]load.File
		read   = map[string][]byte{}
	)
	return func(path string) []byte {
		mu.Lock()
		defer mu.Unlock()
		if src, ok := read[path]; ok {
			return src
		}
		if byPath == nil {
			byPath = make(map[string]load.File, len(files))
			for _, f := range files {
				byPath[f.Path] = f
			}
		}
		f, ok := byPath[path]
		if !ok {
			return nil
		}
		src := load.Read(root, f, &diag.List{})
		read[path] = src
		return src
	}
}

// hasError reports whether ds holds an error.
func hasError(ds []diag.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}
