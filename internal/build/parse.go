package build

import (
	"context"
	"fmt"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
	"github.com/briefbook/briefbook/internal/parse"
	"github.com/briefbook/briefbook/internal/resolve"
	"github.com/briefbook/briefbook/internal/spill"
)

// parsed is what the parse stage read out of one file.
type parsed struct {
	site    *model.Site
	home    *model.Home
	brief   *model.Brief
	actor   *model.Actor
	domain  *model.Domain
	sources []*model.Source
}

// parseAll reads and parses every content and configuration file of the
// site under root on runtime.GOMAXPROCS(0) workers, reporting problems to d.
// When store is not nil, each brief's rendered body is moved into it, so
// that memory does not grow with the size of the book.
// The result lists everything in the order of files (sorted by path), so it
// does not depend on scheduling. Each file's bytes are dropped as soon as it
// is parsed. Once ctx is done, the files not yet parsed are skipped.
func parseAll(ctx context.Context, root string, files []load.File, store *spill.Store, d *diag.List) resolve.Input {
	out := make([]parsed, len(files))
	par.Do(len(files), 1, func(_, i int) {
		if ctx.Err() != nil {
			return
		}
		out[i] = parseFile(root, files[i], d)
		if b := out[i].brief; b != nil && store != nil {
			stash(store, &b.Doc)
		}
	})
	return collect(out)
}

// parseFile reads and parses one file. Templates and static files are not
// parsed here; the render and write stages read them through the theme.
func parseFile(root string, f load.File, d *diag.List) parsed {
	var p parsed
	switch f.Kind {
	case load.Config, load.Home, load.Brief, load.Actor, load.Domain, load.Bibliography:
	default:
		return p
	}
	src := load.Read(root, f, d)
	if src == nil {
		return p
	}
	switch f.Kind {
	case load.Config:
		site := parse.Config(f.Path, src, d)
		p.site = &site
	case load.Home:
		p.home = parse.Home(f.Path, src, d)
	case load.Brief:
		p.brief = parse.Brief(f.Path, src, d)
	case load.Actor:
		p.actor = parse.Actor(f.Path, src, d)
	case load.Domain:
		p.domain = parse.Domain(f.Path, src, d)
	case load.Bibliography:
		p.sources = parse.Bibliography(f.Path, src, d)
	}
	return p
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

// collect gathers the parsed files into the resolve stage's input.
func collect(out []parsed) resolve.Input {
	var in resolve.Input
	haveSite := false
	for _, p := range out {
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
