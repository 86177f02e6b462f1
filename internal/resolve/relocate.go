package resolve

import (
	"maps"
	"slices"
	"unsafe"

	"github.com/briefbook/briefbook/internal/model"
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
	index  map[*T]int32 // the number of each previous entity, when old is nil
	new    []T          // the copies, by number
	failed *bool        // set when an entity has no number
}

// newRemap copies the entities of list, numbered by their place in it;
// arr is the array they lie in, in that order, or nil.
func newRemap[T any](list []*T, arr []T, failed *bool) *remap[T] {
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
		*m.failed = true
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
	// The arrays the copied lists take their shares of.
	flat     []*model.Brief
	actorsOf []*model.Actor
	domainOf []*model.Domain
	refs     []model.Reference
	co       []model.ActorCount
	// The copies of the actors, domains and sources, in their order.
	actorList  []*model.Actor
	domainList []*model.Domain
	sourceList []*model.Source
}

// alloc makes the arrays for the lists of b, with e its entity lists.
func (rl *relocator) alloc(b *model.Book, e *entityLists) {
	nb, na, nd, nr := len(b.Home.StartBriefs), 0, 0, 0
	for _, x := range b.Briefs {
		nb += len(x.LinkedFrom) + len(x.Related) + len(x.LinksTo)
		na += len(x.ActorList)
		nd += len(x.DomainList)
		nr += len(x.References)
	}
	nc := 0
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
	for _, ch := range b.Contents {
		nb += len(ch.Briefs)
	}
	rl.flat = make([]*model.Brief, nb)
	rl.actorsOf = make([]*model.Actor, na)
	rl.domainOf = make([]*model.Domain, nd)
	rl.refs = make([]model.Reference, nr)
	rl.co = make([]model.ActorCount, nc)
}

// brief sets the lists of nb, a copy of b, to copies.
func (rl *relocator) brief(nb, b *model.Brief) {
	nb.DomainList = relist(rl.domains, b.DomainList, &rl.domainOf)
	nb.ActorList = relist(rl.actors, b.ActorList, &rl.actorsOf)
	if b.References != nil {
		refs := rl.refs[:len(b.References):len(b.References)]
		rl.refs = rl.refs[len(b.References):]
		for k, ref := range b.References {
			refs[k] = model.Reference{N: ref.N, Source: rl.sources.get(ref.Source), Cited: ref.Cited}
		}
		nb.References = refs
	}
	nb.LinkedFrom = relist(rl.briefs, b.LinkedFrom, &rl.flat)
	nb.Related = relist(rl.briefs, b.Related, &rl.flat)
	nb.LinksTo = relist(rl.briefs, b.LinksTo, &rl.flat)
	nb.Prev, nb.Next = rl.briefs.get(b.Prev), rl.briefs.get(b.Next)
	nb.Sources = rl.sourceRefs(b.Sources)
}

// sourceRefs returns a brief's sources list with each inline source that
// is a source of the book replaced by its copy, and the others copied.
func (rl *relocator) sourceRefs(refs []model.SourceRef) []model.SourceRef {
	if !hasInline(refs) {
		return refs // the parse result's, which holds no entity
	}
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

// relocate returns a copy of prev's book with the edits applied, and its
// memo, or nil, nil when an entity of the book could not be numbered.
func relocate(prev *Memo, in Input, edits []briefEdit, profiles []profileEdit) (*model.Book, *Memo) {
	ob, e := prev.book, &prev.entities
	failed := false
	rl := &relocator{
		briefs:  &remap[model.Brief]{old: prev.slab, new: make([]model.Brief, len(prev.slab)), failed: &failed},
		actors:  newRemap(e.actors, e.actorArr, &failed),
		domains: newRemap(e.domains, e.domainArr, &failed),
		sources: newRemap(e.sources, e.sourceArr, &failed),
	}
	copy(rl.briefs.new, prev.slab)
	rl.alloc(ob, e)
	book := &model.Book{Site: in.Site, Pages: ob.Pages}
	if ob.Pages != nil {
		book.Pages = copyAll(ob.Pages)
	}
	if ob.Briefs != nil {
		book.Briefs = make([]*model.Brief, len(ob.Briefs))
	}
	for k, b := range ob.Briefs {
		nb := rl.briefs.get(b)
		if nb == nil {
			return nil, nil
		}
		rl.brief(nb, b)
		book.Briefs[k] = nb
	}
	rl.actorList, rl.domainList, rl.sourceList = pointers(rl.actors.new), pointers(rl.domains.new), pointers(rl.sources.new)
	actors, domains, sources := rl.actorList, rl.domainList, rl.sourceList
	for i, a := range e.actors {
		na := actors[i]
		na.Briefs = relist(rl.briefs, a.Briefs, &rl.flat)
		na.Mentioned = relist(rl.briefs, a.Mentioned, &rl.flat)
		if a.CoActors != nil {
			co := rl.co[:len(a.CoActors):len(a.CoActors)]
			rl.co = rl.co[len(a.CoActors):]
			for k, c := range a.CoActors {
				co[k] = model.ActorCount{Actor: rl.actors.get(c.Actor), Count: c.Count}
			}
			na.CoActors = co
		}
	}
	for i, dm := range e.domains {
		domains[i].Briefs = relist(rl.briefs, dm.Briefs, &rl.flat)
		domains[i].Mentioned = relist(rl.briefs, dm.Mentioned, &rl.flat)
	}
	for i, s := range e.sources {
		sources[i].Briefs = relist(rl.briefs, s.Briefs, &rl.flat)
		sources[i].Mentioned = relist(rl.briefs, s.Mentioned, &rl.flat)
	}
	book.Actors = keepNil(ob.Actors, actors)
	book.Domains = keepNil(ob.Domains, domains)
	book.Sources = keepNil(ob.Sources, sources[:len(ob.Sources)])
	home := *ob.Home
	home.StartBriefs = relist(rl.briefs, ob.Home.StartBriefs, &rl.flat)
	book.Home = &home
	if ob.Contents != nil {
		book.Contents = make([]model.Chapter, len(ob.Contents))
		for c, ch := range ob.Contents {
			book.Contents[c] = model.Chapter{Domain: rl.domains.get(ch.Domain), N: ch.N, Briefs: relist(rl.briefs, ch.Briefs, &rl.flat)}
		}
	}
	book.BriefBySlug = remapMap(ob.BriefBySlug, rl.briefs)
	book.ActorBySlug = remapMap(ob.ActorBySlug, rl.actors)
	book.DomainBySlug = remapMap(ob.DomainBySlug, rl.domains)
	book.SourceByID = remapMap(ob.SourceByID, rl.sources)
	edited := make([]*model.Doc, len(edits))
	for k, ed := range edits {
		nb := rl.briefs.get(ob.Briefs[prev.briefs[ed.at].rank])
		if nb == nil {
			return nil, nil
		}
		applyEdit(nb, ed)
		edited[k] = &nb.Doc
	}
	for _, pe := range profiles {
		if pe.actor != nil {
			na := rl.actors.get(pe.oldActor)
			if na == nil {
				return nil, nil
			}
			was := *na
			*na = *pe.actor
			na.Links, na.Profile, na.URL = was.Links, was.Profile, was.URL
			na.Briefs, na.Mentioned, na.CoActors = was.Briefs, was.Mentioned, was.CoActors
			edited = append(edited, &na.Doc)
		} else {
			nd := rl.domains.get(pe.oldDomain)
			if nd == nil {
				return nil, nil
			}
			was := *nd
			*nd = *pe.domain
			nd.Links, nd.Profile, nd.URL, nd.Title = was.Links, was.Profile, was.URL, was.Title
			nd.Briefs, nd.Mentioned = was.Briefs, was.Mentioned
			edited = append(edited, &nd.Doc)
		}
	}
	if failed {
		return nil, nil
	}
	return book, reusedMemo(prev, in, edits, book, rl, edited)
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
		nb.Sources = was.Sources // completed, as addInlineSources does, and the same (sameStructure)
	}
}

// reusedMemo returns the memo of book, made from prev's book by
// relocation with the edits.
func reusedMemo(prev *Memo, in Input, edits []briefEdit, book *model.Book, rl *relocator, edited []*model.Doc) *Memo {
	m := *prev
	m.book, m.slab, m.edited, m.reusedBook = book, rl.briefs.new, edited, true
	m.entities = entityLists{
		actors: rl.actorList, domains: rl.domainList, sources: rl.sourceList,
		actorArr: rl.actors.new, domainArr: rl.domains.new, sourceArr: rl.sources.new,
	}
	m.briefs = slices.Clone(prev.briefs)
	for _, ed := range edits {
		bm := &m.briefs[ed.at]
		bm.res, bm.mentions = ed.res, ed.mentions
	}
	m.input, m.given = slices.Clone(in.Briefs), givenOf(in)
	m.reused = len(book.Briefs) - len(edits)
	m.mentionsReused = m.reused
	return &m
}
