package resolve

import (
	"slices"

	"github.com/briefbook/briefbook/internal/model"
)

// A save that changes only a brief's date is taken by reuse as well
// (reuse.go): the book is copied and then patched (redate):
//
//   - the brief takes its new place in Book.Briefs, the briefs between
//     its old and new places moving by one, and in every list that holds
//     it newest first: its actors', domains' and sources' Briefs, the
//     Mentioned lists of what its body mentions, and the LinkedFrom of
//     the briefs it links to (the others keep their order among
//     themselves);
//   - its chapter of the book order is sorted again (reorder);
//   - the inverted indexes of related.go are renumbered, not rebuilt,
//     and relateFrom computes Related again only for the briefs the
//     move can affect, as after a full resolve.
//
// Only one brief may change in such a save.

// redate moves the brief at index j of the input, whose date changed, to
// its place in m's book (made by relocation, so its own to write); prev
// is the memo the book was copied from. It returns false when a list
// does not hold the brief where it should.
func (m *Memo) redate(j int, prev *Memo) bool {
	b := m.book
	briefs := b.Briefs
	from := int(m.briefs[j].rank)
	nb := briefs[from]
	rest := slices.Delete(slices.Clone(briefs), from, from+1)
	to, _ := slices.BinarySearchFunc(rest, nb, compareBriefs)
	switch {
	case to < from:
		copy(briefs[to+1:from+1], briefs[to:from])
	case to > from:
		copy(briefs[from:to], briefs[from+1:to+1])
	}
	briefs[to] = nb
	for i := min(from, to); i <= max(from, to); i++ {
		m.briefs[slabIndex(m.slab, briefs[i])].rank = int32(i)
	}
	rank := func(y *model.Brief) int32 { return m.briefs[slabIndex(m.slab, y)].rank }
	move := func(list []*model.Brief) ([]*model.Brief, bool) {
		if !slices.Contains(list, nb) {
			return list, false
		}
		return withBrief(withBrief(list, nb, false, rank), nb, true, rank), true
	}
	ok := true
	var moved bool
	for _, a := range nb.ActorList {
		a.Briefs, moved = move(a.Briefs)
		ok = ok && moved
	}
	for _, dm := range nb.DomainList {
		dm.Briefs, moved = move(dm.Briefs)
		ok = ok && moved
	}
	for _, ref := range nb.References {
		ref.Source.Briefs, moved = move(ref.Source.Briefs)
		ok = ok && moved
	}
	for _, t := range nb.LinksTo {
		t.LinkedFrom, moved = move(t.LinkedFrom)
		ok = ok && moved
	}
	for _, a := range b.Actors {
		a.Mentioned, _ = move(a.Mentioned)
	}
	for _, dm := range b.Domains {
		dm.Mentioned, _ = move(dm.Mentioned)
	}
	for _, s := range m.entities.sources {
		s.Mentioned, _ = move(s.Mentioned)
	}
	if !ok {
		return false
	}
	m.reorder([]int{j})
	oldToNew := make([]int32, len(briefs))
	for i := range oldToNew {
		oldToNew[i] = int32(i)
		switch {
		case i == from:
			oldToNew[i] = int32(to)
		case from < to && from < i && i <= to:
			oldToNew[i] = int32(i - 1)
		case to < from && to <= i && i < from:
			oldToNew[i] = int32(i + 1)
		}
	}
	rm := relateFrom(prev, m.rl.renumber(oldToNew, len(briefs)), m.keys, briefs)
	m.n, m.rl, m.related, m.slugs, m.dates, m.byKey, m.relatedNear = rm.n, rm.rl, rm.related, rm.slugs, rm.dates, rm.byKey, rm.relatedNear
	for _, x := range briefs {
		if len(x.Related) == 0 {
			continue
		}
		out := make([]*model.Brief, 0, relatedLimit)
		for _, linked := range []bool{false, true} {
			for _, o := range x.Related {
				if len(out) < relatedLimit && slices.Contains(x.LinksTo, o) == linked {
					out = append(out, o)
				}
			}
		}
		x.Related = out
	}
	return true
}

// renumber returns a copy of rl whose briefs are numbered by oldToNew
// (-1 for a brief left out) among n, with fresh scratch space.
func (rl *relater) renumber(oldToNew []int32, n int) *relater {
	c := &relater{weights: rl.weights, score: make([]int32, n)}
	c.byBrief = make([][]int32, n)
	c.links = make([][]int32, n)
	total := 0
	for _, l := range rl.links {
		total += len(l)
	}
	flat := make([]int32, 0, total)
	for i, fs := range rl.byBrief {
		x := oldToNew[i]
		if x < 0 {
			continue
		}
		c.byBrief[x] = fs
		if l := rl.links[i]; l != nil {
			start := len(flat)
			for _, y := range l {
				if y := oldToNew[y]; y >= 0 {
					flat = append(flat, y)
				}
			}
			if len(flat) > start {
				c.links[x] = flat[start:len(flat):len(flat)]
			}
		}
	}
	total = countAll(rl.posting)
	pflat := make([]int32, 0, total)
	c.posting = make([][]int32, len(rl.posting))
	c.bits = make([][]uint64, len(rl.posting))
	for f, p := range rl.posting {
		start := len(pflat)
		for _, y := range p {
			if y := oldToNew[y]; y >= 0 {
				pflat = append(pflat, y)
			}
		}
		q := pflat[start:len(pflat):len(pflat)]
		slices.Sort(q)
		c.posting[f] = q
		if len(q) > largeList {
			bs := make([]uint64, (n+63)/64)
			for _, y := range q {
				bs[y>>6] |= 1 << (y & 63)
			}
			c.bits[f] = bs
		}
	}
	return c
}
