package resolve

import (
	"slices"

	"github.com/briefbook/briefbook/internal/model"
)

// rebook patches m's book, made by relocation from prev's with the
// briefs numbered as the new input numbers them (ch.shift), for the
// brief ch removes and the one it adds (rebrief.go), as a full resolve
// would make them:
//
//   - Book.Briefs and BriefBySlug, and every brief's rank in the memo;
//   - the Briefs lists of the brief's actors, domains and sources, the
//     Mentioned lists of what its body mentions, and the LinkedFrom of
//     the briefs it links to;
//   - the briefs whose links found the removed brief or now find the
//     added one (linkers, resolved again by rebriefBook): their LinksTo,
//     the added brief's LinkedFrom, and the Mentioned lists of what their
//     bodies (their links' texts) mention now;
//   - its chapter of the book order, whose briefs are numbered again,
//     and every brief's Prev and Next (relink);
//   - the CoActors of its actors;
//   - the related briefs: the inverted indexes are renumbered, the
//     removed brief left out and the added one put in, and relateFrom
//     computes Related again only for the briefs the change can affect.
//
// It returns false when a list does not hold the brief, or the added
// brief's chapter has no briefs (the removed one's keeps some, or its
// chapter goes).
func (m *Memo) rebook(prev *Memo, ch *briefChange, linkers []briefEdit) bool {
	b := m.book
	var gone, nb *model.Brief
	var touched []*model.Domain // first domains of the chapters changed
	if ch.removed >= 0 {
		gone = b.Briefs[prev.briefs[ch.removed].rank]
		if !m.unbrief(gone, prev.briefs[ch.removed].mentions.targets) {
			return false
		}
		touched = append(touched, firstDomain(gone))
	}
	if ch.added >= 0 {
		var ok bool
		if nb, ok = m.newBrief(ch); !ok {
			return false
		}
		touched = append(touched, firstDomain(nb))
	}
	for i, x := range b.Briefs {
		m.briefs[slabIndex(m.slab, x)].rank = int32(i)
	}
	if nb != nil && !m.enter(nb, ch.edit.mentions.targets) || !m.relinkers(ch, linkers, nb) {
		return false
	}
	if !m.rechapters(touched) {
		return false
	}
	num := make(map[*model.Actor]int32, len(b.Actors))
	for i, a := range b.Actors {
		num[a] = int32(i)
	}
	for _, x := range []*model.Brief{gone, nb} {
		if x != nil {
			for _, a := range x.ActorList {
				coActorsOf(a, b.Actors, num)
			}
		}
	}
	return m.rerelateAll(prev, ch, nb)
}

// firstDomain returns the domain whose chapter holds x, nil for the
// chapter of the briefs without one.
func firstDomain(x *model.Brief) *model.Domain {
	if len(x.DomainList) == 0 {
		return nil
	}
	return x.DomainList[0]
}

// unbrief takes x, the copy of the removed brief, out of m's book: out of
// Book.Briefs, BriefBySlug, its chapter, and the lists of its actors,
// domains and sources, of the targets its body mentions (keys, see
// targetKey) and of the briefs it links to.
func (m *Memo) unbrief(x *model.Brief, mentions []string) bool {
	b := m.book
	k := slices.Index(b.Briefs, x)
	if k < 0 || b.BriefBySlug[x.Slug] != x {
		return false
	}
	b.Briefs = slices.Delete(b.Briefs, k, k+1)
	delete(b.BriefBySlug, x.Slug)
	c := slices.IndexFunc(b.Contents, func(ch model.Chapter) bool { return ch.Domain == firstDomain(x) })
	if c < 0 {
		return false
	}
	ch := &b.Contents[c]
	at := slices.Index(ch.Briefs, x)
	if at < 0 || len(ch.Briefs) < 2 {
		return false
	}
	ch.Briefs = slices.Delete(ch.Briefs, at, at+1)
	return m.inLists(x, mentions, false, nil)
}

// inLists puts x into (add) or takes it out of the lists of its actors,
// domains and sources, of the targets its body mentions (keys, see
// targetKey) and of the briefs it links to; rank orders an added brief
// (newest first). It returns false when a mention's target is not in
// the book.
func (m *Memo) inLists(x *model.Brief, mentions []string, add bool, rank func(*model.Brief) int32) bool {
	f := func(list []*model.Brief) []*model.Brief { return withBrief(list, x, add, rank) }
	for _, a := range x.ActorList {
		a.Briefs = f(a.Briefs)
	}
	for _, dm := range x.DomainList {
		dm.Briefs = f(dm.Briefs)
	}
	for _, ref := range x.References {
		ref.Source.Briefs = f(ref.Source.Briefs)
	}
	for _, t := range x.LinksTo {
		t.LinkedFrom = f(t.LinkedFrom)
	}
	rl := relocator{actorList: m.entities.actors, domainList: m.entities.domains, sourceList: m.entities.sources}
	for _, key := range mentions {
		if !rl.mention(key, x, add, rank) {
			return false
		}
	}
	return true
}

// newBrief makes the added brief of ch in its place in m.slab, with what
// the book gives it, and puts it into Book.Briefs and BriefBySlug and
// the memo; false when something it names is not in the book.
func (m *Memo) newBrief(ch *briefChange) (*model.Brief, bool) {
	b, e := m.book, &ch.edit
	nb := &m.slab[ch.added]
	*nb = *e.brief
	nb.URL, nb.Links = e.pre.url, e.res.links
	for _, s := range ch.domainSlugs {
		nb.DomainList = append(nb.DomainList, b.DomainBySlug[s])
	}
	for _, s := range ch.actorSlugs {
		nb.ActorList = append(nb.ActorList, b.ActorBySlug[s])
	}
	if len(e.res.refs) > 0 {
		nb.References = make([]model.Reference, len(e.res.refs))
		for k, x := range e.res.refs {
			nb.References[k] = model.Reference{N: k + 1, Source: b.SourceByID[x.id], Cited: x.cited}
		}
	}
	for _, s := range e.res.linksTo {
		nb.LinksTo = append(nb.LinksTo, b.BriefBySlug[s])
	}
	if slices.Contains(nb.DomainList, nil) || slices.Contains(nb.ActorList, nil) || slices.Contains(nb.LinksTo, nil) ||
		slices.ContainsFunc(nb.References, func(r model.Reference) bool { return r.Source == nil }) || b.BriefBySlug[nb.Slug] != nil {
		return nil, false
	}
	k, _ := slices.BinarySearchFunc(b.Briefs, nb, compareBriefs)
	b.Briefs = slices.Insert(b.Briefs, k, nb)
	b.BriefBySlug[nb.Slug] = nb
	m.briefs[ch.added] = briefMemo{pre: e.pre, res: e.res, mentions: e.mentions, at: ch.at}
	return nb, true
}

// enter puts nb, the added brief, into the lists of its actors, domains
// and sources, of the targets its body mentions (keys) and of the briefs
// it links to, newest first, and into its chapter.
func (m *Memo) enter(nb *model.Brief, mentions []string) bool {
	b := m.book
	rank := func(y *model.Brief) int32 { return m.briefs[slabIndex(m.slab, y)].rank }
	if !m.inLists(nb, mentions, true, rank) {
		return false
	}
	c := slices.IndexFunc(b.Contents, func(ch model.Chapter) bool { return ch.Domain == firstDomain(nb) })
	if c < 0 {
		return false
	}
	ch := &b.Contents[c]
	key := func(x *model.Brief) string { return m.briefs[slabIndex(m.slab, x)].pre.titleKey }
	k, _ := slices.BinarySearchFunc(ch.Briefs, nb, func(x, y *model.Brief) int { return bookCompare(x, y, key(x), key(y)) })
	ch.Briefs = slices.Insert(slices.Clip(ch.Briefs), k, nb)
	return true
}

// rechapters gives the briefs of the chapters of the domains touched the
// numbers of their places, as bookOrder does (the previous strings where
// the memo has them), and every brief its Prev and Next.
func (m *Memo) rechapters(touched []*model.Domain) bool {
	b := m.book
	numbers := slices.Clone(m.numbers)
	for c, ch := range b.Contents {
		if !slices.Contains(touched, ch.Domain) {
			continue
		}
		if len(ch.Briefs) == 0 || c >= len(numbers) {
			return false
		}
		numbers[c] = m.chapterNumbers(c, ch)
	}
	m.numbers = numbers
	relink(b, numbers)
	return true
}

// rerelateAll computes the related briefs of m's book again where the
// change ch (adding nb, when not nil) can affect them: prev's indexes
// renumbered, the removed brief left out and nb put in, then relateFrom
// as after a full resolve.
func (m *Memo) rerelateAll(prev *Memo, ch *briefChange, nb *model.Brief) bool {
	briefs := m.book.Briefs
	oldToNew := make([]int32, len(prev.book.Briefs))
	for i, x := range prev.book.Briefs {
		oldToNew[i] = -1
		if j := ch.shift.to[slabIndex(prev.slab, x)]; int(j) < len(m.briefs) {
			oldToNew[i] = m.briefs[j].rank
		}
	}
	nrl := prev.rl.renumber(oldToNew, len(briefs))
	if nb != nil {
		x := m.briefs[ch.added].rank
		var fs []int32
		for _, ref := range nb.References {
			if f, ok := m.byKey[featureKey{'s', ref.Source.ID}]; ok {
				fs = append(fs, f)
			}
		}
		for _, a := range nb.ActorList {
			fs = append(fs, m.byKey[featureKey{'a', a.Slug}])
		}
		for _, dm := range nb.DomainList {
			fs = append(fs, m.byKey[featureKey{'d', dm.Slug}])
		}
		nrl.byBrief[x] = fs
		for _, f := range fs {
			nrl.setPosting(f, x, true)
		}
		var ls []int32
		for _, t := range slices.Concat(nb.LinksTo, nb.LinkedFrom) {
			y := m.briefs[slabIndex(m.slab, t)].rank
			ls = appendUnique(ls, y)
			nrl.links[y] = appendUnique(slices.Clip(nrl.links[y]), x)
		}
		nrl.links[x] = ls
	}
	for _, x := range briefs {
		x.Related = nil
	}
	var renamed [2]string
	if ch.removed >= 0 && nb != nil {
		renamed = [2]string{prev.book.Briefs[prev.briefs[ch.removed].rank].Slug, nb.Slug}
	}
	rm := relateRenamed(prev, nrl, m.keys, briefs, renamed)
	m.n, m.rl, m.related, m.slugs, m.dates, m.byKey, m.relatedNear = rm.n, rm.rl, rm.related, rm.slugs, rm.dates, rm.byKey, rm.relatedNear
	// The briefs the body does not link to first, as preferUnlinked
	// does; the lists share one array.
	flat := make([]*model.Brief, 0, len(briefs)*relatedLimit)
	for _, x := range briefs {
		if len(x.Related) == 0 {
			continue
		}
		start := len(flat)
		for _, linked := range []bool{false, true} {
			for _, o := range x.Related {
				if len(flat)-start < relatedLimit && slices.Contains(x.LinksTo, o) == linked {
					flat = append(flat, o)
				}
			}
		}
		x.Related = flat[start:len(flat):len(flat)]
	}
	return true
}

// relinkers gives each brief of linkers (edits of the briefs whose links
// found the removed brief or find the added one nb, at: their indexes in
// the previous input) its LinksTo from its new resolution, puts it into
// nb's LinkedFrom when it links to nb, and moves it into or out of the
// Mentioned lists of the targets its body mentions now or no longer.
func (m *Memo) relinkers(ch *briefChange, linkers []briefEdit, nb *model.Brief) bool {
	b := m.book
	rank := func(y *model.Brief) int32 { return m.briefs[slabIndex(m.slab, y)].rank }
	rl := relocator{actorList: m.entities.actors, domainList: m.entities.domains, sourceList: m.entities.sources}
	for _, e := range linkers {
		y := &m.slab[ch.shift.to[e.at]]
		y.LinksTo = nil
		for _, s := range e.res.linksTo {
			t := b.BriefBySlug[s]
			if t == nil {
				return false
			}
			y.LinksTo = append(y.LinksTo, t)
			if t == nb {
				nb.LinkedFrom = withBrief(nb.LinkedFrom, y, true, rank)
			}
		}
		for _, k := range e.wasMentioning {
			if !slices.Contains(e.mentions.targets, k) && !rl.mention(k, y, false, rank) {
				return false
			}
		}
		for _, k := range e.mentions.targets {
			if !slices.Contains(e.wasMentioning, k) && !rl.mention(k, y, true, rank) {
				return false
			}
		}
	}
	return true
}
