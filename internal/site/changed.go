package site

import (
	"hash/maphash"
	"sort"

	"github.com/briefbook/briefbook/internal/par"
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
// rendered bytes differ. A page whose bytes did not change is never listed.
//
// Changed renders, on every core, each page of a and b that an earlier call
// has not rendered, and remembers only a hash of its bytes per generation;
// its cost grows with the size of the book. The error is that of a page
// that cannot be rendered.
func Changed(a, b *Generation) ([]string, error) {
	var out []string
	var both []string
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
	differs := make([]bool, len(both))
	errs := make([]error, len(both))
	par.Do(len(both), 16, func(_, i int) {
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
