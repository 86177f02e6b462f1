package site

import (
	"hash/maphash"
	"sort"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/par"
	"github.com/briefbook/briefbook/internal/render"
)

// hash identifies the bytes of one output file.
type hash struct {
	sum uint64
	n   int
}

// hashSeed is the seed of every output file's hash, the same for all the
// generations of a process so that they can be compared.
var hashSeed = maphash.MakeSeed()

// Changed returns the output paths whose bytes differ between generations
// a and b, sorted: paths of only one of them, and paths of both whose
// rendered bytes differ. A page whose bytes did not change is never listed,
// and a page whose bytes changed always is.
//
// When b's renderer is a's (no template, static file or configuration
// changed in between), Changed does not render what it can tell is
// unchanged: a static file, and a page whose fingerprint (see
// [render.Fingerprint]: a hash of every value its templates can read) is
// the same in both. The others are rendered in both generations, on every
// core, and compared by their bytes; each generation remembers the hash of
// what it rendered and its pages' fingerprints, which are computed once
// per generation. The error is that of a page that cannot be rendered.
func Changed(a, b *Generation) ([]string, error) {
	var out []string
	var both []string
	same := a.renderer == b.renderer
	if same {
		par.Do(2, 1, func(_, i int) { []*Generation{a, b}[i].fingerprints() })
	}
	for _, p := range a.paths {
		j, ok := b.index[p]
		switch {
		case !ok:
			out = append(out, p)
		case same && unchanged(a, b, a.index[p], j):
		default:
			both = append(both, p)
		}
	}
	for _, p := range b.paths {
		if _, ok := a.index[p]; !ok {
			out = append(out, p)
		}
	}
	differs := make([]bool, len(both))
	errs := make([]error, len(both))
	par.Do(len(both), 4, func(_, i int) {
		ha, err := a.hashOf(both[i])
		if err != nil {
			errs[i] = err
			return
		}
		hb, err := b.hashOf(both[i])
		errs[i] = err
		differs[i] = ha != hb
	})
	for i, p := range both {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if differs[i] {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// unchanged reports whether the output file at index i of a and j of b,
// made by the same renderer, surely has the same bytes: a static file of
// the theme, or a page with the same fingerprint. A bundle file is
// compared by its hash elsewhere.
func unchanged(a, b *Generation, i, j int) bool {
	switch {
	case i == bundleIndex || j == bundleIndex:
		return false
	case i < 0 && j < 0:
		return true // static: the renderer is made again when one changes
	case i < 0 || j < 0:
		return false
	}
	fa, fb := a.fps[i], b.fps[j]
	if fa != (render.Fingerprint{}) && fa == fb {
		skipped.Add(1)
		return true
	}
	return false
}

// skipped counts the pages Changed found unchanged by their fingerprints,
// for the tests to check that they take that path.
var skipped atomic.Int64

// fingerprints computes, once, the fingerprint of every page of g that
// has one, on every core. A page whose fingerprint fails keeps the zero
// one and is compared by its bytes.
func (g *Generation) fingerprints() {
	g.fpOnce.Do(func() {
		fps := make([]render.Fingerprint, len(g.pages))
		par.Do(len(g.pages), 64, func(_, i int) {
			if f := g.pages[i].Fingerprint; f != nil {
				if fp, err := f(); err == nil {
					fps[i] = fp
				}
			}
		})
		g.fps = fps
	})
}

// hashOf returns the hash of the output file at path, rendering it the
// first time. A bundle file's hash is that of its content when it was
// last read, so that a file edited since is found changed.
func (g *Generation) hashOf(path string) (hash, error) {
	if b, ok := g.bundles[path]; ok {
		return hash{sum: b.hash, n: int(b.size)}, nil
	}
	g.hashMu.Lock()
	h, ok := g.hashes[path]
	g.hashMu.Unlock()
	if ok {
		return h, nil
	}
	buf := getBuf()
	defer putBuf(buf)
	data, err := g.Render(buf.Bytes(), path)
	if err != nil {
		return hash{}, err
	}
	h = hash{sum: maphash.Bytes(hashSeed, data), n: len(data)}
	g.hashMu.Lock()
	if g.hashes == nil {
		g.hashes = map[string]hash{}
	}
	g.hashes[path] = h
	g.hashMu.Unlock()
	return h, nil
}
