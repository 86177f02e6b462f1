package resolve

import (
	"slices"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// A save that changes only a brief's actors list is taken by reuse as
// well (reuse.go), when its actors have profiles, or are implicit actors
// whose first use stays where it was, or are made or dropped by the save
// (recast.go, which patches those first):
// the book is copied and then patched where the brief enters or leaves
// an actor (reactor):
//
//   - the brief's ActorList, and the Briefs lists of the actors it no
//     longer names or names now, where it takes its place in Book.Briefs;
//   - the Mentioned lists of those actors, which leave out the briefs
//     naming them in their frontmatter;
//   - the CoActors of every actor it named before or names now (no other
//     actor's counts change);
//   - the related briefs: the inverted indexes of related.go are copied
//     with the brief taken out of or put into the posting lists of those
//     actors, and Related is computed again for the briefs the brief can
//     affect, before and after (Memo.mark), as relateFrom does.
//
// Only one brief may change in such a save, and its file must have no
// problem of the passes over the whole book (Memo.fileNamed).

// profileActors returns the slugs of the actors names gives, each once,
// in order, when each name is a profile's name, alias or slug (as
// resolver.actor finds them, without making an implicit actor); false
// otherwise.
func (r *resolver) profileActors(names []string) ([]string, bool) {
	var out []string
	for _, name := range names {
		a := r.actorByKey[slug.Key(name)]
		if a == nil {
			a = r.book.ActorBySlug[slug.Make(name)]
			if a == nil || !a.Profile || !actorNamed(a, name) {
				return nil, false
			}
		}
		if !slices.Contains(out, a.Slug) {
			out = append(out, a.Slug)
		}
	}
	return out, true
}

// reactor gives the brief at index j of the input, in m's book (made by
// relocation, so its own to write), the actors of slugs, patching the
// lists that depend on them (see above). It returns false when an actor
// is not in the book.
func (m *Memo) reactor(j int, slugs []string) bool {
	b := m.book
	x := m.briefs[j].rank
	nb := b.Briefs[x]
	var now []*model.Actor
	for _, s := range slugs {
		a := b.ActorBySlug[s]
		if a == nil {
			return false
		}
		now = append(now, a)
	}
	was := nb.ActorList
	nb.ActorList = now
	rank := func(y *model.Brief) int32 { return m.briefs[slabIndex(m.slab, y)].rank }
	mentions := m.briefs[j].mentions.targets
	for _, a := range was {
		if !containsActor(now, a) {
			a.Briefs = withBrief(a.Briefs, nb, false, rank)
			if slices.Contains(mentions, targetKey(a)) {
				a.Mentioned = withBrief(a.Mentioned, nb, true, rank)
			}
		}
	}
	for _, a := range now {
		if !containsActor(was, a) {
			a.Briefs = withBrief(a.Briefs, nb, true, rank)
			a.Mentioned = withBrief(a.Mentioned, nb, false, rank)
		}
	}
	num := make(map[*model.Actor]int32, len(b.Actors))
	for i, a := range b.Actors {
		num[a] = int32(i)
	}
	for _, list := range [][]*model.Actor{was, now} {
		for _, a := range list {
			coActorsOf(a, b.Actors, num)
		}
	}
	return m.rerelate(x, 'a', slugsOfActors(was), slugs)
}

// slugsOfActors returns the slugs of actors.
func slugsOfActors(actors []*model.Actor) []string {
	out := make([]string, len(actors))
	for i, a := range actors {
		out[i] = a.Slug
	}
	return out
}

// withBrief returns list, newest first, with b added or removed; rank
// gives a brief's place in Book.Briefs. A list left empty is nil, as
// the passes that make them leave it.
func withBrief(list []*model.Brief, b *model.Brief, add bool, rank func(*model.Brief) int32) []*model.Brief {
	at := slices.Index(list, b)
	switch {
	case !add && at >= 0:
		list = slices.Delete(list, at, at+1)
		if len(list) == 0 {
			return nil
		}
	case add && at < 0:
		r := rank(b)
		k, _ := slices.BinarySearchFunc(list, r, func(x *model.Brief, r int32) int { return int(rank(x) - r) })
		list = slices.Insert(slices.Clip(list), k, b)
	}
	return list
}

// coActorsOf sets a's CoActors from the ActorLists of its briefs, as
// coActors does; actors are numbered by num, their places in actors.
func coActorsOf(a *model.Actor, actors []*model.Actor, num map[*model.Actor]int32) {
	count := map[int32]int32{}
	var touched []int32
	for _, b := range a.Briefs {
		for _, o := range b.ActorList {
			if o == a {
				continue
			}
			j := num[o]
			if count[j] == 0 {
				touched = append(touched, j)
			}
			count[j]++
		}
	}
	top := topList{limit: coActorLimit}
	for _, j := range touched {
		top.offer(candidate{n: j, score: count[j]})
	}
	a.CoActors = nil
	if len(top.items) > 0 {
		a.CoActors = make([]model.ActorCount, len(top.items))
		for k, c := range top.items {
			a.CoActors[k] = model.ActorCount{Actor: actors[c.n], Count: int(c.score)}
		}
	}
}

// rerelate updates m's related-briefs indexes (copies of them: the
// previous memo keeps its own) for brief x now having the features of
// kind ('s', 'a' or 'd') with the ids or slugs now instead of was, and computes
// Related again for every brief x can affect, before and after, into m's
// book. It returns false when a feature has no number.
func (m *Memo) rerelate(x int32, kind byte, was, now []string) bool {
	old := m.rl
	nrl := *old
	nrl.byBrief, nrl.posting, nrl.bits = slices.Clone(old.byBrief), slices.Clone(old.posting), slices.Clone(old.bits)
	var fs []int32
	for _, f := range old.byBrief[x] {
		if m.keys[f].kind != kind {
			fs = append(fs, f)
		}
	}
	// Sources, then actors, then domains, as relater numbers them.
	k := len(fs)
	if kind == 's' {
		k = 0
	}
	if kind == 'a' {
		if i := slices.IndexFunc(fs, func(f int32) bool { return m.keys[f].kind == 'd' }); i >= 0 {
			k = i
		}
	}
	var ins []int32
	for _, s := range now {
		f, ok := m.byKey[featureKey{kind, s}]
		if !ok {
			return false
		}
		ins = append(ins, f)
	}
	nrl.byBrief[x] = slices.Insert(fs, k, ins...)
	for _, s := range was {
		if !slices.Contains(now, s) {
			f, ok := m.byKey[featureKey{kind, s}]
			if !ok {
				return false
			}
			nrl.setPosting(f, x, false)
		}
	}
	for _, s := range now {
		if !slices.Contains(was, s) {
			nrl.setPosting(m.byKey[featureKey{kind, s}], x, true)
		}
	}
	m.relateChanged(x, nrl.fork())
	return true
}

// relateChanged sets m's related-briefs indexes to nrl, where brief x
// alone has other features than in m's, and computes Related again, into
// m's book, for every brief x can affect, before and after: from the old
// list and x where only its window holds x (nearby.go), afresh otherwise.
func (m *Memo) relateChanged(x int32, nrl *relater) {
	next := *m
	next.rl = nrl
	// No brief moves: the shift maps each number to itself, and x alone
	// changed.
	same := make([]int32, m.n)
	for i := range same {
		same[i] = int32(i)
	}
	sh := newShift(m, &next, same, same, []int32{x}, []int32{x})
	sh.dirty, sh.near = make([]bool, m.n), make([]bool, m.n)
	m.mark(x, sh.dirty, sh.near, nil)
	next.mark(x, sh.dirty, sh.near, nil)
	related := slices.Clone(m.related)
	briefs := m.book.Briefs
	near := 0
	for y := range sh.dirty {
		if !sh.dirty[y] && !sh.near[y] {
			continue
		}
		nums, ok := []int32(nil), false
		if !sh.dirty[y] {
			if nums, ok = sh.related(int32(y), nil); ok {
				near++
			}
		}
		if !ok {
			for _, c := range nrl.related(int32(y)) {
				nums = append(nums, c.n)
			}
		}
		related[y] = nil
		briefs[y].Related = nil
		if len(nums) == 0 {
			continue
		}
		cands := make([]*model.Brief, len(nums))
		for i, n := range nums {
			cands[i] = briefs[n]
		}
		related[y] = nums
		b := briefs[y]
		out := make([]*model.Brief, 0, relatedLimit)
		for _, linked := range []bool{false, true} {
			for _, o := range cands {
				if len(out) < relatedLimit && slices.Contains(b.LinksTo, o) == linked {
					out = append(out, o)
				}
			}
		}
		b.Related = out
	}
	m.rl, m.related, m.relatedNear = nrl, related, near
}

// setPosting takes brief x out of, or puts it into, the posting list of
// feature f, in copies of the list and its bitset.
func (rl *relater) setPosting(f, x int32, add bool) {
	p := rl.posting[f]
	k, found := slices.BinarySearch(p, x)
	switch {
	case add && !found:
		p = slices.Insert(slices.Clip(p), k, x)
	case !add && found:
		p = slices.Delete(slices.Clone(p), k, k+1)
	}
	rl.posting[f] = p
	rl.bits[f] = nil
	if len(p) > largeList {
		bs := make([]uint64, (len(rl.score)+63)/64)
		for _, b := range p {
			bs[b>>6] |= 1 << (b & 63)
		}
		rl.bits[f] = bs
	}
}
