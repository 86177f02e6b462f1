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
// unchanged: a static file, a page none of whose dependencies (what it
// read, see [render.Deps]) differs between the two books
// ([render.Diff]), and a page whose fingerprint (see
// [render.Fingerprint]: a hash of every value its templates can read) is
// the same in both. The others are rendered in both generations, on every
// core, and compared by their bytes; each generation remembers the hash of
// what it rendered. The pages' dependencies are recorded once, for the
// first generation Changed compares, and carried from a to b (see
// depIndex); when a has none (it was not the b of the last call),
// every page of a is traced again. The error is that of a page that
// cannot be rendered.
func Changed(a, b *Generation) ([]string, error) {
	if a.renderer != b.renderer {
		return changedAll(a, b)
	}
	idx := a.takeDeps()
	if idx == nil {
		idx = newDepIndex(a)
	}
	var edited []string
	if b.prevID == a.id {
		if docs, ok := b.memo.Edited(); ok {
			edited = make([]string, len(docs))
			for i, d := range docs {
				edited[i] = d.Path
			}
		}
	}
	cand := idx.candidates(render.Diff(a.Book, b.Book, edited))
	var out, both []string
	var added []int
	if b.sharedPaths && b.prevID == a.id {
		// The same output paths and bundle files (b's are a's, see
		// listAll): only the candidates are looked at.
		for p := range cand {
			if j, ok := b.index[p]; ok && j >= 0 {
				both = append(both, p)
			}
		}
		untouched.Add(int64(b.numPages() - len(both)))
	} else {
		out, both, added = pathsToCompare(a, b, idx, cand)
	}
	// The candidates, traced in b: those whose fingerprints are equal in
	// both are unchanged, the others are compared by their bytes.
	tracedPages.Add(int64(len(both) + len(added)))
	traces := make([]depEntry, len(both))
	par.Do(len(both), 16, func(_, k int) {
		if j := b.index[both[k]]; j >= 0 {
			traces[k] = b.trace(j)
		}
	})
	var compare []compared
	for k, p := range both {
		j := b.index[p]
		if j < 0 {
			compare = append(compare, compared{path: p})
			continue
		}
		old := idx.entries[p]
		e := &traces[k]
		switch {
		case old != nil && old.fp != (render.Fingerprint{}) && old.fp == e.fp:
			skipped.Add(1)
			e.hash, e.hashed = old.hash, old.hashed
		case old != nil && old.hashed:
			compare = append(compare, compared{path: p, entry: e, known: true, ha: old.hash})
		default:
			compare = append(compare, compared{path: p, entry: e})
		}
		idx.set(p, e, old)
	}
	addedTraces := make([]depEntry, len(added))
	par.Do(len(added), 16, func(_, k int) { addedTraces[k] = b.trace(added[k]) })
	for k, j := range added {
		idx.set(b.page(j).Path, &addedTraces[k], nil)
	}
	comparedPages.Add(int64(len(compare)))
	diff, err := differing(a, b, compare)
	if err != nil {
		return nil, err // the index, partly updated, is dropped
	}
	b.giveDeps(idx)
	out = append(out, diff...)
	sort.Strings(out)
	return out, nil
}

// pathsToCompare returns the paths of only one of a and b (forgotten by
// idx), the paths of both to compare (candidates and bundle files) and
// the indexes in b's pages of the pages b adds.
func pathsToCompare(a, b *Generation, idx *depIndex, cand map[string]bool) (out, both []string, added []int) {
	for _, p := range a.paths {
		if _, ok := b.index[p]; !ok {
			out = append(out, p)
			idx.remove(p)
		}
	}
	for _, p := range b.paths {
		j := b.index[p]
		switch {
		case !hasPath(a, p):
			out = append(out, p)
			if j >= 0 {
				added = append(added, j)
			}
		case j == bundleIndex || a.index[p] == bundleIndex:
			both = append(both, p)
		case j < 0:
			// static: the renderer is made again when one changes
		case cand[p]:
			both = append(both, p)
		default:
			untouched.Add(1)
		}
	}
	return out, both, added
}

// hasPath reports whether p is an output path of g.
func hasPath(g *Generation, p string) bool {
	_, ok := g.index[p]
	return ok
}

// changedAll is Changed for generations of different renderers: every
// path of both is compared by its bytes.
func changedAll(a, b *Generation) ([]string, error) {
	var out, both []string
	for _, p := range a.paths {
		if _, ok := b.index[p]; ok {
			both = append(both, p)
		} else {
			out = append(out, p)
		}
	}
	for _, p := range b.paths {
		if _, ok := a.index[p]; !ok {
			out = append(out, p)
		}
	}
	items := make([]compared, len(both))
	for i, p := range both {
		items[i] = compared{path: p}
	}
	diff, err := differing(a, b, items)
	if err != nil {
		return nil, err
	}
	out = append(out, diff...)
	sort.Strings(out)
	return out, nil
}

// compared is an output path whose bytes Changed compares: with the
// hash of its bytes in a when known, and the entry of the page in the
// dependency index, which gets the hash of its bytes in b.
type compared struct {
	path  string
	known bool
	ha    hash
	entry *depEntry
}

// differing returns the paths of items whose bytes differ between a
// and b, rendering them on every core (in a only when the hash of its
// bytes there is not known).
func differing(a, b *Generation, items []compared) ([]string, error) {
	differs := make([]bool, len(items))
	errs := make([]error, len(items))
	par.Do(len(items), 4, func(_, i int) {
		it := &items[i]
		ha := it.ha
		if !it.known {
			var err error
			if ha, err = a.hashOf(it.path); err != nil {
				errs[i] = err
				return
			}
		}
		hb, err := b.hashOf(it.path)
		errs[i] = err
		differs[i] = ha != hb
		if err == nil && it.entry != nil {
			it.entry.hash, it.entry.hashed = hb, true
		}
	})
	var out []string
	for i, it := range items {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if differs[i] {
			out = append(out, it.path)
		}
	}
	return out, nil
}

// skipped counts the pages Changed found unchanged by their fingerprints,
// for the tests to check that they take that path.
var skipped atomic.Int64

// tracedPages counts the pages Changed traced (the candidates of an edit, see
// depIndex.candidates, and the pages it adds), and comparedPages those it
// compared by their bytes (in a generation sharing the renderer), for
// the benchmarks to report where Changed spends its time.
var tracedPages, comparedPages atomic.Int64

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
