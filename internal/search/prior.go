package search

import (
	"maps"
	"slices"
	"sync/atomic"
	"unsafe"

	"github.com/briefbook/briefbook/internal/model"
)

// An edit leaves nearly every brief as it was, and the site asks for the
// identity of every file of the index after each edit (see Identity). So
// an index keeps what the previous version's index computed (a prior):
// each brief's key and each doc shard's identity, by number, with the
// briefs they were computed from. A brief at the same number that
// indexing reads alike (sameKeyInput: the same body, by identity, and
// equal strings, which mostly share their bytes across versions, so that
// comparing them costs a pointer comparison) keeps its key without being
// hashed again; a doc shard whose briefs all kept their keys, URLs,
// slugs, dates and domains, in a book whose domains have the same
// numbers, keeps its identity. Only the others are hashed.

// keysHashed and docsHashed count the brief keys and doc shard identities
// hashed rather than taken from a prior, for the tests to check that
// they are reused.
var keysHashed, docsHashed atomic.Int64

// prior is what an index of an earlier version of the book computed.
type prior struct {
	briefs []*model.Brief // that book's briefs, in order
	keys   []uint64       // their briefKeys (0: body out of memory)
	docIDs []uint64       // each doc shard's identity (0: none); nil when not computed
	doms   map[string]int // domainIndexes of that book
}

// prior returns what x computed, for the index of the next version of
// the book: x's keys and doc identities when computed, else what x
// itself was to reuse (nil: nothing). It never holds x, so that indexes
// do not keep a chain of earlier books alive.
func (x *Index) prior() *prior {
	if !x.keysDone.Load() {
		return x.from.Load()
	}
	p := &prior{briefs: x.book.Briefs, keys: x.keys, doms: x.doms()}
	if x.docsDone.Load() {
		p.docIDs = x.docIDs
	}
	return p
}

// dropPrior lets go of the prior once both keys and doc identities are
// computed. NewFrom also takes it from the index it is given: an index
// whose successor exists computes what it has not yet computed from
// scratch.
func (x *Index) dropPrior() {
	if x.keysDone.Load() && x.docsDone.Load() {
		x.from.Store(nil)
	}
}

// docIdentities returns the identity of each doc shard, computed once:
// the prior's for a shard whose briefs all read alike (sameDocInput),
// hashed for the others; 0 for a shard with a body out of memory, whose
// error Identity returns.
func (x *Index) docIdentities() []uint64 {
	x.docsOnce.Do(func() {
		from := x.from.Load()
		keys := x.briefKeys()
		ids := make([]uint64, x.docs)
		reuse := from != nil && from.docIDs != nil && maps.Equal(from.doms, x.doms())
		for j := range ids {
			if reuse && j < len(from.docIDs) && from.docIDs[j] != 0 && x.sameDocs(j, from, keys) {
				ids[j] = from.docIDs[j]
				continue
			}
			ids[j], _ = x.docID(j) // 0 on error
			docsHashed.Add(1)
		}
		x.docIDs = ids
		x.docsDone.Store(true)
		x.dropPrior()
	})
	return x.docIDs
}

// sameDocs reports whether doc shard j holds, in x and in the prior p,
// the same number of briefs, each with the same key, URL, slug, date and
// domains: what docID hashes (the domains' numbers are the same when the
// books' domainIndexes are).
func (x *Index) sameDocs(j int, p *prior, keys []uint64) bool {
	lo, hi := j*DocsPerShard, min((j+1)*DocsPerShard, len(x.book.Briefs))
	if min((j+1)*DocsPerShard, len(p.briefs)) != hi {
		return false
	}
	for id := lo; id < hi; id++ {
		a, b := x.book.Briefs[id], p.briefs[id]
		if keys[id] == 0 || keys[id] != p.keys[id] || a.URL != b.URL || a.Slug != b.Slug || a.Date != b.Date || len(a.DomainList) != len(b.DomainList) {
			return false
		}
		for k, d := range a.DomainList {
			if d.Slug != b.DomainList[k].Slug {
				return false
			}
		}
	}
	return true
}

// sameKeyInput reports whether indexing reads briefs a and b alike:
// whether every value briefKey hashes is equal in both, the body by
// identity (a body in memory, in both). Equal strings are mostly the same
// bytes, which == compares by pointer first.
func sameKeyInput(a, b *model.Brief) bool {
	if len(a.Body) == 0 || unsafe.SliceData(a.Body) != unsafe.SliceData(b.Body) || len(a.Body) != len(b.Body) {
		return false
	}
	if len(a.Refs) != len(b.Refs) || len(a.Links) != len(b.Links) || a.Summary != b.Summary || a.Title != b.Title {
		return false
	}
	if len(a.Refs) > 0 && unsafe.SliceData(a.Refs) != unsafe.SliceData(b.Refs) {
		for i := range a.Refs {
			if a.Refs[i].Kind != b.Refs[i].Kind || a.Refs[i].Label != b.Refs[i].Label || a.Refs[i].Target != b.Refs[i].Target {
				return false
			}
		}
	}
	if len(a.Links) > 0 && unsafe.SliceData(a.Links) != unsafe.SliceData(b.Links) {
		for i := range a.Links {
			if a.Links[i].Text != b.Links[i].Text {
				return false
			}
		}
	}
	if len(a.DomainList) != len(b.DomainList) || len(a.ActorList) != len(b.ActorList) {
		return false
	}
	for i, d := range a.DomainList {
		if e := b.DomainList[i]; d != e && (d.Title != e.Title || d.Slug != e.Slug) {
			return false
		}
	}
	for i, ac := range a.ActorList {
		if bc := b.ActorList[i]; ac != bc && (ac.Name != bc.Name || ac.Slug != bc.Slug || !slices.Equal(ac.Aliases, bc.Aliases)) {
			return false
		}
	}
	return true
}
