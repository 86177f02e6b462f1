package site

import (
	"maps"
	"slices"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/render"
)

// derived counts the generations whose output paths derivePaths made
// from the previous generation's (for the tests).
var derived atomic.Int64

// maxDerived is the number of page paths added and removed above which
// derivePaths leaves the listing to listPaths.
const maxDerived = 64

// derivePaths fills in g's output paths from those of prev, the previous
// generation, when they differ only by a few pages' paths (a brief
// renamed, added or deleted) and prev had the same renderer and bundle
// files, no bundle file it did not publish, and no path of g is taken
// twice: its index is a copy of prev's with the removed paths deleted,
// the added ones set and the pages that moved renumbered, which spares
// hashing every path of the book again. It reports false, leaving g
// untouched, when it cannot; listPaths then lists every path (and
// reports a path taken twice).
func (g *Generation) derivePaths(prev *Generation) bool {
	if prev.index == nil || len(prev.bundleDiags) > 0 {
		return false
	}
	var d pathDelta
	if !d.walk(prev.pages, g.pages, 0, 0) || !d.walk(prev.spages, g.spages, len(prev.pages), len(g.pages)) {
		return false
	}
	if len(d.added)+len(d.removed) == 0 || len(d.added)+len(d.removed) > maxDerived {
		return false
	}
	removed := make(map[string]bool, len(d.removed))
	for _, p := range d.removed {
		removed[p] = true
	}
	for _, a := range d.added {
		if checkPath(a.path) != nil {
			return false
		}
		if _, taken := prev.index[a.path]; taken && !removed[a.path] {
			return false // taken by a static or bundle file, or another page
		}
	}
	added := make([]string, len(d.added))
	for i, a := range d.added {
		added[i] = a.path
	}
	slices.Sort(added)
	for i := 1; i < len(added); i++ {
		if added[i-1] == added[i] {
			return false // a page and a search file
		}
	}
	index := maps.Clone(prev.index)
	for _, p := range d.removed {
		delete(index, p)
	}
	for _, a := range d.added {
		index[a.path] = a.n
	}
	for _, m := range d.moved {
		for k := m.from; k < m.to; k++ {
			index[m.pages[k].Path] = m.n + k
		}
	}
	paths := mergePaths(prev.paths, added, d.removed)
	g.index, g.paths, g.bundles, g.bundleDiags = index, paths, prev.bundles, nil
	g.derivedPaths = true
	derived.Add(1)
	return true
}

// mergePaths returns the paths old, sorted, with the paths added, sorted
// too, and without the paths removed, in order: the paths between two
// changes are copied as a whole, and removed is searched in old rather
// than each path of old in removed.
func mergePaths(old, added, removed []string) []string {
	removed = slices.Clone(removed)
	slices.Sort(removed)
	out := make([]string, 0, len(old)-len(removed)+len(added))
	for len(added) > 0 || len(removed) > 0 {
		if len(removed) == 0 || len(added) > 0 && added[0] < removed[0] {
			at, _ := slices.BinarySearch(old, added[0])
			out, old = append(out, old[:at]...), old[at:]
			out, added = append(out, added[0]), added[1:]
			continue
		}
		at, found := slices.BinarySearch(old, removed[0])
		out, old = append(out, old[:at]...), old[at:]
		if found {
			old = old[1:]
		}
		removed = removed[1:]
	}
	return append(out, old...)
}

// pathDelta is what changed between two generations' lists of pages: the
// paths only the old one has, the paths and new page numbers of the
// pages only the new one has, and the runs of pages of both whose number
// changed.
type pathDelta struct {
	removed []string
	added   []numbered
	moved   []span
}

// span is a run of pages of both generations whose number changed: the
// pages from..to-1 of the new list pages, numbered from n (see walk).
type span struct {
	pages    []render.Page
	from, to int
	n        int
}

// numbered is a page's output path and its number in a generation (see
// Generation.page).
type numbered struct {
	path string
	n    int
}

// walk adds to d the difference between the pages a and b, each sorted
// by path, whose first pages are numbered from na and nb, and the runs of
// pages of both whose number changed. It stops and reports false when a
// list is not strictly sorted or the difference grows past maxDerived.
func (d *pathDelta) walk(a, b []render.Page, na, nb int) bool {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if (i > 0 && i < len(a) && a[i-1].Path >= a[i].Path) || (j > 0 && j < len(b) && b[j-1].Path >= b[j].Path) {
			return false
		}
		switch {
		case j == len(b) || (i < len(a) && a[i].Path < b[j].Path):
			d.removed = append(d.removed, a[i].Path)
			i++
		case i == len(a) || b[j].Path < a[i].Path:
			d.added = append(d.added, numbered{b[j].Path, nb + j})
			j++
		default:
			if na+i != nb+j {
				if last := len(d.moved) - 1; last >= 0 && d.moved[last].to == j && &d.moved[last].pages[0] == &b[0] {
					d.moved[last].to++
				} else {
					d.moved = append(d.moved, span{pages: b, from: j, to: j + 1, n: nb})
				}
			}
			i++
			j++
		}
		if len(d.removed)+len(d.added) > maxDerived {
			return false
		}
	}
	return true
}
