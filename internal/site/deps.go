package site

import (
	"sync"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/par"
	"github.com/briefbook/briefbook/internal/render"
)

// depIndex records what each page of one generation read (see
// render.Deps): by output path, the page's dependencies and fingerprint,
// and for each thing read the paths that read it. It is made once, from
// the first generation Changed is asked about, and then carried from
// each generation to the next one Changed compares it with: the pages an
// edit did not touch keep their entries, the others get the new
// generation's. So Changed finds the pages an edit may have changed from
// what the edit changed (render.Diff), without walking every page.
type depIndex struct {
	gen     *Generation // the generation the index describes
	entries map[string]*depEntry
	// rev holds, for each thing read, the paths of the pages that read
	// it; it may also hold paths that no longer do, or no longer exist
	// (entries says what each page read now).
	rev map[render.DepRef][]revEntry
	// always holds the pages compared at every change: those without
	// dependencies (sitemap, search index, kinds the analysis cannot
	// bound) or that read something the recording cannot name.
	always map[string]bool
}

// revEntry is a page that read the fields of a thing.
type revEntry struct {
	path   string
	fields uint64
}

// depEntry is what one page read, its fingerprint (zero: none) and,
// once Changed has rendered it, the hash of its bytes: the page's bytes
// in every later generation until its entry is replaced.
type depEntry struct {
	deps   render.Deps
	fp     render.Fingerprint
	hash   hash
	hashed bool
}

// depMu guards the hand-over of a depIndex from a generation to the next.
var depMu sync.Mutex

// genIDs numbers the generations of the process, for Changed to know
// that one was made from another.
var genIDs atomic.Uint64

// untouched counts the pages Changed found unchanged without
// fingerprinting them, from the dependencies they recorded, for the
// tests to check that they take that path.
var untouched atomic.Int64

// takeDeps returns g's dependency index, which the caller now owns, or
// nil when g has none.
func (g *Generation) takeDeps() *depIndex {
	depMu.Lock()
	defer depMu.Unlock()
	idx := g.deps
	g.deps = nil
	if idx == nil || idx.gen != g {
		return nil
	}
	return idx
}

// giveDeps makes idx the dependency index of g.
func (g *Generation) giveDeps(idx *depIndex) {
	depMu.Lock()
	defer depMu.Unlock()
	idx.gen = g
	g.deps = idx
}

// trace returns the entry of page i of g: its fingerprint and what it
// read. A page that records nothing is compared at every change.
func (g *Generation) trace(i int) depEntry {
	pg := g.page(i)
	switch {
	case pg.Traced != nil:
		fp, deps, err := pg.Traced()
		if err != nil {
			return depEntry{deps: render.Deps{Always: true}}
		}
		return depEntry{deps: deps, fp: fp}
	case pg.Fingerprint != nil:
		fp, err := pg.Fingerprint()
		if err != nil {
			fp = render.Fingerprint{}
		}
		return depEntry{deps: render.Deps{Always: true}, fp: fp}
	}
	return depEntry{deps: render.Deps{Always: true}}
}

// newDepIndex traces every page of g, on every core.
func newDepIndex(g *Generation) *depIndex {
	es := make([]depEntry, g.numPages())
	par.Do(len(es), 64, func(_, i int) { es[i] = g.trace(i) })
	idx := &depIndex{gen: g, entries: make(map[string]*depEntry, len(es)), rev: map[render.DepRef][]revEntry{}, always: map[string]bool{}}
	for i := range es {
		idx.set(g.page(i).Path, &es[i], nil)
	}
	return idx
}

// set records e as the entry of the page at path, whose entry was old
// (nil: none).
func (idx *depIndex) set(path string, e *depEntry, old *depEntry) {
	idx.entries[path] = e
	if e.deps.Always {
		idx.always[path] = true
	} else {
		delete(idx.always, path)
	}
	var had map[render.DepRef]uint64
	if old != nil && len(old.deps.List) > 0 {
		had = make(map[render.DepRef]uint64, len(old.deps.List))
		for _, d := range old.deps.List {
			had[d.Ref] = d.Fields
		}
	}
	for _, d := range e.deps.List {
		if f, ok := had[d.Ref]; !ok || d.Fields&^f != 0 {
			idx.rev[d.Ref] = append(idx.rev[d.Ref], revEntry{path, d.Fields})
		}
	}
}

// remove forgets the page at path.
func (idx *depIndex) remove(path string) {
	delete(idx.entries, path)
	delete(idx.always, path)
}

// candidates returns the paths of the pages that may read something ch
// says changed, and those compared at every change.
func (idx *depIndex) candidates(ch *render.Changes) map[string]bool {
	out := make(map[string]bool, len(idx.always))
	for p := range idx.always {
		out[p] = true
	}
	for _, r := range ch.Refs() {
		m := ch.Fields(r)
		for _, x := range idx.rev[r] {
			if x.fields&m != 0 && !out[x.path] && idx.entries[x.path] != nil {
				out[x.path] = true
			}
		}
	}
	return out
}
