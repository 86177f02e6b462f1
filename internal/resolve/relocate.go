package resolve

import (
	"maps"
	"slices"
	"sync/atomic"
	"unsafe"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// A book reused after a structure-preserving edit (reuse.go) is a copy of
// the previous book: generations never change once made, and the previous
// one is still in use, so every brief, actor, domain and source is copied
// and every pointer between them leads to the copy. Each entity has a
// number: a brief its index in the array of the resolve's copies of its
// input (Memo.slab), the others their place in entityLists. The copies of
// each kind are made in one new array, at their numbers, and a pointer of
// the previous book is turned into its number by its offset in the array
// the entity lies in (slabIndex), which needs no map; only the actors,
// domains and sources of a book made by a full resolve, which do not lie
// in one array, are numbered by a map (of a few thousand entries at
// most). Lists are copied into shared arrays, nil staying nil.
//
// TestRelocatedBookIsNew walks a reused book by reflection and fails if any
// pointer leads into the previous book: a pointer field added to the
// model must be relocated here.

// entityLists are the actors, domains and sources of a book, each in a
// fixed order: Book.Actors, Book.Domains, and Book.Sources followed by
// the sources of Book.SourceByID that have no page, by id. A book made by
// relocation has each kind in one array, in that order (the arrays are
// nil otherwise).
type entityLists struct {
	actors    []*model.Actor
	domains   []*model.Domain
	sources   []*model.Source
	actorArr  []model.Actor
	domainArr []model.Domain
	sourceArr []model.Source
}

// newEntityLists returns the entity lists of b, made by a full resolve.
func newEntityLists(b *model.Book) entityLists {
	e := entityLists{actors: b.Actors, domains: b.Domains, sources: slices.Clip(b.Sources)}
	if len(b.SourceByID) > len(b.Sources) {
		listed := make(map[*model.Source]bool, len(b.Sources))
		for _, s := range b.Sources {
			listed[s] = true
		}
		for _, id := range sortedKeys(b.SourceByID) {
			if s := b.SourceByID[id]; !listed[s] {
				e.sources = append(e.sources, s)
			}
		}
	}
	return e
}

// slabIndex returns the index of the element of slab that p points at, or
// -1 when p points elsewhere. Only the address is compared: p is never
// read.
func slabIndex[T any](slab []T, p *T) int {
	if p == nil || len(slab) == 0 {
		return -1
	}
	size := unsafe.Sizeof(slab[0])
	i := (uintptr(unsafe.Pointer(p)) - uintptr(unsafe.Pointer(&slab[0]))) / size
	if i < uintptr(len(slab)) && &slab[i] == p {
		return int(i)
	}
	return -1
}

// remap maps the entities of one kind of the previous book to their
// copies.
type remap[T any] struct {
	old    []T          // the array the previous entities lie in, or nil
	to     []int32      // the number of the copy of each element of old, when not its index (rebrief.go)
	index  map[*T]int32 // the number of each previous entity, when old is nil
	new    []T          // the copies, by number
	failed *atomic.Bool // set when an entity has no number
}

// newRemap copies the entities of list, numbered by their place in it;
// arr is the array they lie in, in that order, or nil.
func newRemap[T any](list []*T, arr []T, failed *atomic.Bool) *remap[T] {
	m := &remap[T]{old: arr, new: make([]T, len(list)), failed: failed}
	if arr == nil {
		m.index = make(map[*T]int32, len(list))
		for i, p := range list {
			m.index[p] = int32(i)
		}
	}
	for i, p := range list {
		m.new[i] = *p
	}
	return m
}

// find returns the copy of p, or false when p has none.
func (m *remap[T]) find(p *T) (*T, bool) {
	if i := slabIndex(m.old, p); i >= 0 {
		if m.to != nil {
			i = int(m.to[i])
		}
		return &m.new[i], true
	}
	if i, ok := m.index[p]; ok {
		return &m.new[i], true
	}
	return nil, false
}

// get returns the copy of p, nil for nil; an entity without a copy fails
// the relocation.
func (m *remap[T]) get(p *T) *T {
	if p == nil {
		return nil
	}
	c, ok := m.find(p)
	if !ok {
		m.failed.Store(true)
	}
	return c
}

// pointers returns a pointer to each element of arr.
func pointers[T any](arr []T) []*T {
	out := make([]*T, len(arr))
	for i := range arr {
		out[i] = &arr[i]
	}
	return out
}

// relist returns old with each entity replaced by its copy, in the next
// len(old) elements of *flat, or nil when old is nil.
func relist[T any](m *remap[T], old []*T, flat *[]*T) []*T {
	if old == nil {
		return nil
	}
	out := (*flat)[:len(old):len(old)]
	*flat = (*flat)[len(old):]
	for k, p := range old {
		out[k] = m.get(p)
	}
	return out
}

// remapMap returns a copy of m with each entity replaced by its copy.
func remapMap[T any](m map[string]*T, r *remap[T]) map[string]*T {
	if m == nil {
		return nil
	}
	out := maps.Clone(m)
	for k, v := range out {
		out[k] = r.get(v)
	}
	return out
}

// relocator copies one book.
type relocator struct {
	briefs  *remap[model.Brief]
	actors  *remap[model.Actor]
	domains *remap[model.Domain]
	sources *remap[model.Source]
	failed  atomic.Bool
	// The copies of the actors, domains and sources, in their order.
	actorList  []*model.Actor
	domainList []*model.Domain
	sourceList []*model.Source
}

// arrays are the arrays the copied lists of some entities take their
// shares of.
type arrays struct {
	flat     []*model.Brief
	actorsOf []*model.Actor
	domainOf []*model.Domain
	refs     []model.Reference
}

// briefArrays makes the arrays for the lists of briefs.
func briefArrays(briefs []*model.Brief) arrays {
	nb, na, nd, nr := 0, 0, 0, 0
	for _, x := range briefs {
		nb += len(x.LinkedFrom) + len(x.Related) + len(x.LinksTo)
		na += len(x.ActorList)
		nd += len(x.DomainList)
		nr += len(x.References)
	}
	return arrays{
		flat: make([]*model.Brief, nb), actorsOf: make([]*model.Actor, na),
		domainOf: make([]*model.Domain, nd), refs: make([]model.Reference, nr),
	}
}

// briefPart is the number of briefs whose copies one goroutine makes at a
// time: copying is mostly waiting for memory, which several cores do
// sooner.
const briefPart = 1024

// copyBriefs copies the briefs of old into rl.briefs.new, at their
// numbers, and sets out[k] to the copy of old[k].
func (rl *relocator) copyBriefs(old, out []*model.Brief) {
	parts := (len(old) + briefPart - 1) / briefPart
	par.Do(parts, 1, func(_, p int) {
		part := old[p*briefPart : min(len(old), (p+1)*briefPart)]
		a := briefArrays(part)
		for k, b := range part {
			nb := rl.briefs.get(b)
			if nb == nil {
				return
			}
			*nb = *b
			a.brief(rl, nb, b)
			out[p*briefPart+k] = nb
		}
	})
}

// brief sets the lists of nb, a copy of b, to copies. Its sources list is
// the previous one's: only the briefs with inline sources need copies of
// it (inlineSources).
func (a *arrays) brief(rl *relocator, nb, b *model.Brief) {
	nb.DomainList = relist(rl.domains, b.DomainList, &a.domainOf)
	nb.ActorList = relist(rl.actors, b.ActorList, &a.actorsOf)
	if b.References != nil {
		refs := a.refs[:len(b.References):len(b.References)]
		a.refs = a.refs[len(b.References):]
		for k, ref := range b.References {
			refs[k] = model.Reference{N: ref.N, Source: rl.sources.get(ref.Source), Cited: ref.Cited}
		}
		nb.References = refs
	}
	nb.LinkedFrom = relist(rl.briefs, b.LinkedFrom, &a.flat)
	nb.Related = relist(rl.briefs, b.Related, &a.flat)
	nb.LinksTo = relist(rl.briefs, b.LinksTo, &a.flat)
	nb.Prev, nb.Next = rl.briefs.get(b.Prev), rl.briefs.get(b.Next)
}

// sourceRefs returns a brief's sources list with each inline source that
// is a source of the book replaced by its copy, and the others copied.
func (rl *relocator) sourceRefs(refs []model.SourceRef) []model.SourceRef {
	out := slices.Clone(refs)
	for k := range out {
		if s := out[k].Inline; s != nil {
			if c, ok := rl.sources.find(s); ok {
				out[k].Inline = c
			} else { // a definition of a source the book has from elsewhere
				c := *s
				out[k].Inline = &c
			}
		}
	}
	return out
}

// hasInline reports whether refs defines an inline source.
func hasInline(refs []model.SourceRef) bool {
	return slices.ContainsFunc(refs, func(r model.SourceRef) bool { return r.Inline != nil })
}

// inlineSources returns the numbers of the briefs of b (in slab) whose
// sources list defines an inline source: the only sources lists that
// hold entities.
func inlineSources(b *model.Book, slab []model.Brief) []int32 {
	var out []int32
	for _, x := range b.Briefs {
		if hasInline(x.Sources) {
			out = append(out, int32(slabIndex(slab, x)))
		}
	}
	return out
}

// relocate returns a copy of prev's book with the edits applied, and its
// memo, or nil, nil when an entity of the book could not be numbered.
// shift, when not nil, gives the briefs the numbers of in's briefs
// (rebrief.go); the edits' at are indexes in prev's input all the same.
func relocate(prev *Memo, in Input, edits []briefEdit, profiles []profileEdit, shift *briefShift) (*model.Book, *Memo) {
	ob, e := prev.book, &prev.entities
	rl := &relocator{}
	rl.briefs = &remap[model.Brief]{old: prev.slab, failed: &rl.failed}
	if shift != nil { // one array of copies, not two: it is 5.7 MB at 10,000 briefs
		rl.briefs.to, rl.briefs.new = shift.to, make([]model.Brief, shift.size)
	} else {
		rl.briefs.new = make([]model.Brief, len(prev.slab))
	}
	rl.actors = newRemap(e.actors, e.actorArr, &rl.failed)
	rl.domains = newRemap(e.domains, e.domainArr, &rl.failed)
	rl.sources = newRemap(e.sources, e.sourceArr, &rl.failed)
	book := &model.Book{Site: in.Site, Pages: ob.Pages}
	if ob.Pages != nil {
		book.Pages = copyAll(ob.Pages)
	}
	if ob.Briefs != nil {
		book.Briefs = make([]*model.Brief, len(ob.Briefs))
	}
	rl.copyBriefs(ob.Briefs, book.Briefs)
	if rl.failed.Load() {
		return nil, nil
	}
	for _, i := range prev.inline {
		nb := &rl.briefs.new[shift.index(i)]
		nb.Sources = rl.sourceRefs(nb.Sources)
	}
	rl.entities(e)
	book.Actors = keepNil(ob.Actors, rl.actorList)
	book.Domains = keepNil(ob.Domains, rl.domainList)
	book.Sources = keepNil(ob.Sources, rl.sourceList[:len(ob.Sources)])
	home := *ob.Home
	n := len(home.StartBriefs)
	for _, ch := range ob.Contents {
		n += len(ch.Briefs)
	}
	flat := make([]*model.Brief, n)
	home.StartBriefs = relist(rl.briefs, ob.Home.StartBriefs, &flat)
	book.Home = &home
	if ob.Contents != nil {
		book.Contents = make([]model.Chapter, len(ob.Contents))
		for c, ch := range ob.Contents {
			book.Contents[c] = model.Chapter{Domain: rl.domains.get(ch.Domain), N: ch.N, Briefs: relist(rl.briefs, ch.Briefs, &flat)}
		}
	}
	book.BriefBySlug = remapMap(ob.BriefBySlug, rl.briefs)
	book.ActorBySlug = remapMap(ob.ActorBySlug, rl.actors)
	book.DomainBySlug = remapMap(ob.DomainBySlug, rl.domains)
	book.SourceByID = remapMap(ob.SourceByID, rl.sources)
	edited := make([]*model.Doc, 0, len(edits)+len(profiles))
	for _, ed := range edits {
		nb := rl.briefs.get(ob.Briefs[prev.briefs[ed.at].rank])
		if nb == nil {
			return nil, nil
		}
		applyEdit(nb, ed)
		// With a shift, the briefs' places change too: rebook moves the
		// edited briefs' mentions once it has them (relinkers).
		if shift == nil && !slices.Equal(ed.wasMentioning, ed.mentions.targets) && !rl.remention(prev, nb, ed.wasMentioning, ed.mentions.targets) {
			return nil, nil
		}
		edited = append(edited, &nb.Doc)
	}
	for _, pe := range profiles {
		if doc := rl.applyProfile(pe); doc != nil {
			edited = append(edited, doc)
		}
	}
	if rl.failed.Load() {
		return nil, nil
	}
	return book, reusedMemo(prev, in, edits, book, rl, edited, shift)
}

// entities copies the lists of the actors, domains and sources of e.
func (rl *relocator) entities(e *entityLists) {
	nb, nc := 0, 0
	for _, a := range e.actors {
		nb += len(a.Briefs) + len(a.Mentioned)
		nc += len(a.CoActors)
	}
	for _, dm := range e.domains {
		nb += len(dm.Briefs) + len(dm.Mentioned)
	}
	for _, s := range e.sources {
		nb += len(s.Briefs) + len(s.Mentioned)
	}
	flat, co := make([]*model.Brief, nb), make([]model.ActorCount, nc)
	rl.actorList, rl.domainList, rl.sourceList = pointers(rl.actors.new), pointers(rl.domains.new), pointers(rl.sources.new)
	for i, a := range e.actors {
		na := rl.actorList[i]
		na.Briefs = relist(rl.briefs, a.Briefs, &flat)
		na.Mentioned = relist(rl.briefs, a.Mentioned, &flat)
		if a.CoActors != nil {
			cs := co[:len(a.CoActors):len(a.CoActors)]
			co = co[len(a.CoActors):]
			for k, c := range a.CoActors {
				cs[k] = model.ActorCount{Actor: rl.actors.get(c.Actor), Count: c.Count}
			}
			na.CoActors = cs
		}
	}
	for i, dm := range e.domains {
		rl.domainList[i].Briefs = relist(rl.briefs, dm.Briefs, &flat)
		rl.domainList[i].Mentioned = relist(rl.briefs, dm.Mentioned, &flat)
	}
	for i, s := range e.sources {
		rl.sourceList[i].Briefs = relist(rl.briefs, s.Briefs, &flat)
		rl.sourceList[i].Mentioned = relist(rl.briefs, s.Mentioned, &flat)
	}
}

// applyProfile makes the copy of an edited profile the profile the
// edit's parse result gives, and returns its document (nil when it has no
// copy, which fails the relocation).
func (rl *relocator) applyProfile(pe profileEdit) *model.Doc {
	if pe.actor != nil {
		na := rl.actors.get(pe.oldActor)
		if na == nil {
			return nil
		}
		was := *na
		*na = *pe.actor
		na.Links, na.Profile, na.URL = was.Links, was.Profile, was.URL
		na.Briefs, na.Mentioned, na.CoActors = was.Briefs, was.Mentioned, was.CoActors
		return &na.Doc
	}
	nd := rl.domains.get(pe.oldDomain)
	if nd == nil {
		return nil
	}
	was := *nd
	*nd = *pe.domain
	nd.Links, nd.Profile, nd.URL, nd.Title = was.Links, was.Profile, was.URL, was.Title
	nd.Briefs, nd.Mentioned = was.Briefs, was.Mentioned
	return &nd.Doc
}

// keepNil returns list, or nil when old is nil.
func keepNil[T any](old, list []*T) []*T {
	if old == nil {
		return nil
	}
	return list
}

// applyEdit makes nb, the copy of an edited brief, the brief the edit's
// parse result gives: its own fields and links, with what the book gives
// it, which the edit left as it was.
func applyEdit(nb *model.Brief, ed briefEdit) {
	was := *nb
	*nb = *ed.brief
	nb.URL, nb.DomainList, nb.ActorList, nb.References = was.URL, was.DomainList, was.ActorList, was.References
	nb.LinkedFrom, nb.Related, nb.LinksTo = was.LinkedFrom, was.Related, was.LinksTo
	nb.Prev, nb.Next, nb.Number = was.Prev, was.Next, was.Number
	nb.Links = ed.res.links
	if hasInline(ed.brief.Sources) {
		nb.Sources = was.Sources // completed, as addInlineSources does, and the same (sameShape)
	}
}

// reusedMemo returns the memo of book, made from prev's book by
// relocation with the edits.
func reusedMemo(prev *Memo, in Input, edits []briefEdit, book *model.Book, rl *relocator, edited []*model.Doc, shift *briefShift) *Memo {
	m := *prev
	m.book, m.slab, m.edited, m.reusedBook = book, rl.briefs.new, edited, true
	m.relatedNear = 0 // set again by what computes Related afresh after
	m.entities = entityLists{
		actors: rl.actorList, domains: rl.domainList, sources: rl.sourceList,
		actorArr: rl.actors.new, domainArr: rl.domains.new, sourceArr: rl.sources.new,
	}
	m.briefs = slices.Clone(prev.briefs)
	if shift != nil {
		m.slab, m.briefs, m.inline = shift.memo(prev, rl.briefs.new, len(in.Briefs))
	}
	for _, ed := range edits {
		bm := &m.briefs[shift.index(int32(ed.at))]
		bm.res, bm.mentions = ed.res, ed.mentions
		if ed.pre != nil {
			bm.pre = ed.pre
		}
	}
	m.input, m.given = slices.Clone(in.Briefs), givenOf(in)
	m.reused = len(book.Briefs) - len(edits)
	m.mentionsReused = m.reused
	return &m
}
