package resolve

import (
	"maps"
	"slices"

	"github.com/briefbook/briefbook/internal/model"
)

// A brief's title is read by few parts of the book: the brief itself, the
// links that found it (whose Text is its title, and a wikilink written as
// its title finds it only while it has that title), the body mentions of
// those links' briefs (a link without a label reads as the title), and
// the book order, where briefs of one date follow their titles. So a save
// that changes a brief's title, and otherwise keeps the book's structure
// (reuse.go), is taken by reuse as well:
//
//   - the tables the edits are resolved against (the last full resolve's,
//     Memo.full) are given the new title, in copies of the maps that find
//     the brief (by slug and by path), never in the previous book;
//   - every brief whose kept resolution looked the retitled brief up is
//     resolved again against them, as an edited brief is, and must keep
//     its structure too (the same LinksTo, references and mentions); a
//     profile, home page or page that looked it up (Memo.otherDeps) makes
//     the edit a full resolve;
//   - the chapter of the book order holding the brief is sorted again,
//     and its briefs given the numbers of their places and their Prev and
//     Next (reorder).
//
// The memo keeps the retitled tables as its Memo.full, so that a later
// edit is resolved against the titles of its own book.

// maxDependents is the number of briefs whose links found a retitled
// brief that an edit may resolve again and still reuse the book.
const maxDependents = 64

// retitle gives the briefs at titled (indexes in in.Briefs, whose title
// changed) their new titles in r's tables, which it replaces by copies,
// and returns their URLs; false when a brief is not in the tables as
// published, or a document other than a brief looked it up.
func (r *resolver) retitle(prev *Memo, in Input, titled []int) ([]string, bool) {
	book := *r.book
	book.BriefBySlug = maps.Clone(r.book.BriefBySlug)
	pages := maps.Clone(r.pages)
	var nfc map[string]*page
	if r.pagesNFC != nil {
		nfc = maps.Clone(r.pagesNFC)
	}
	urls := make([]string, 0, len(titled))
	for _, j := range titled {
		c := in.Briefs[j]
		pg := pages[c.Path]
		if pg == nil || pg.brief == nil || book.BriefBySlug[c.Slug] != pg.brief {
			return nil, false
		}
		if slices.ContainsFunc(prev.otherDeps, func(l lookup) bool { return l.found && l.url == pg.url }) {
			return nil, false
		}
		nb := *pg.brief
		nb.Title = c.Title
		np := &page{url: pg.url, doc: &nb.Doc, brief: &nb}
		book.BriefBySlug[c.Slug], pages[c.Path] = &nb, np
		for k, x := range nfc {
			if x == pg {
				nfc[k] = np
			}
		}
		urls = append(urls, pg.url)
	}
	r.book, r.pages, r.pagesNFC = &book, pages, nfc
	return urls, true
}

// dependents resolves again, against r's retitled tables, every
// published brief not among changed whose kept resolution found a page
// at one of urls, and returns them as edits; false when one of them
// changes the book's structure, or there are more than maxDependents.
func (r *resolver) dependents(prev *Memo, in Input, urls []string, changed []int) ([]briefEdit, bool) {
	var out []briefEdit
	for j := range prev.briefs {
		bm := &prev.briefs[j]
		if bm.res == nil || slices.Contains(changed, j) {
			continue
		}
		if !slices.ContainsFunc(bm.res.deps, func(l lookup) bool { return l.found && slices.Contains(urls, l.url) }) {
			continue
		}
		if len(out) == maxDependents {
			return nil, false
		}
		e, ok := r.edit(prev, j, in.Briefs[j])
		if !ok {
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}

// titleOK reports whether c, the new parse result of a brief, has the
// title r's tables give its file: its own, or the one retitle gave it.
func (r *resolver) titleOK(o, c *model.Brief) bool {
	if o.Title == c.Title {
		return true
	}
	pg := r.pages[c.Path]
	return pg != nil && pg.brief != nil && pg.brief.Title == c.Title
}

// reorder sorts again, in m's book (made by relocation, so its own to
// write), each chapter holding one of the briefs at titled (indexes in
// the input, which are their numbers in m.slab), and gives its briefs
// the numbers of their places and their Prev and Next, as bookOrder
// does.
func (m *Memo) reorder(titled []int) {
	b := m.book
	key := func(x *model.Brief) string { return m.briefs[slabIndex(m.slab, x)].pre.titleKey }
	for c := range b.Contents {
		ch := &b.Contents[c]
		if !slices.ContainsFunc(ch.Briefs, func(x *model.Brief) bool { return slices.Contains(titled, slabIndex(m.slab, x)) }) {
			continue
		}
		slices.SortStableFunc(ch.Briefs, func(x, y *model.Brief) int { return bookCompare(x, y, key(x), key(y)) })
		var before *model.Brief
		if c > 0 {
			pc := b.Contents[c-1].Briefs
			before = pc[len(pc)-1]
		}
		for k, x := range ch.Briefs {
			if c < len(m.numbers) && k < len(m.numbers[c]) {
				x.Number = m.numbers[c][k]
			}
			x.Prev = before
			if before != nil {
				before.Next = x
			}
			before = x
		}
		before.Next = nil
		if c+1 < len(b.Contents) {
			nx := b.Contents[c+1].Briefs[0]
			before.Next, nx.Prev = nx, before
		}
	}
}

// kept returns r emptied of what only one resolve needs, to be kept as
// a memo's full resolver (see finish).
func (r resolver) kept() *resolver {
	r.d, r.out, r.slab, r.memo, r.prev, r.self = nil, nil, nil, nil, nil, nil
	r.cur, r.suggested, r.listHash, r.lines = state{}, nil, nil, nil
	return &r
}

// remention moves nb, the copy of an edited brief whose body mentioned
// the targets old (keys, see targetKey) and mentions now, out of the
// Mentioned lists of the copies of the targets it no longer mentions and
// into those of the ones it mentions now, as buildMentions would list
// it: by its place in Book.Briefs, and not where its frontmatter names
// the target. It returns false when a target has no copy.
func (rl *relocator) remention(prev *Memo, nb *model.Brief, old, now []string) bool {
	rank := func(x *model.Brief) int32 { return prev.briefs[slabIndex(rl.briefs.new, x)].rank }
	for _, k := range old {
		if !slices.Contains(now, k) && !rl.mention(k, nb, false, rank) {
			return false
		}
	}
	for _, k := range now {
		if !slices.Contains(old, k) && !rl.mention(k, nb, true, rank) {
			return false
		}
	}
	return true
}

// mention adds nb to, or removes it from, the Mentioned list of the copy
// of the target named key; rank gives a brief's place in Book.Briefs.
func (rl *relocator) mention(key string, nb *model.Brief, add bool, rank func(*model.Brief) int32) bool {
	var list *[]*model.Brief
	switch {
	case key == "":
		return false
	case key[0] == 'a':
		for _, a := range rl.actorList {
			if "a"+a.URL == key {
				if containsActor(nb.ActorList, a) {
					return true // named in its frontmatter: not a mention
				}
				list = &a.Mentioned
				break
			}
		}
	case key[0] == 'd':
		for _, dm := range rl.domainList {
			if "d"+dm.URL == key {
				if containsDomain(nb.DomainList, dm) {
					return true
				}
				list = &dm.Mentioned
				break
			}
		}
	case key[0] == 's':
		for _, s := range rl.sourceList {
			if "s"+s.ID == key {
				if hasReference(nb, s) {
					return true
				}
				list = &s.Mentioned
				break
			}
		}
	}
	if list == nil {
		return false
	}
	at := slices.Index(*list, nb)
	switch {
	case !add && at >= 0:
		*list = slices.Delete(*list, at, at+1)
		if len(*list) == 0 {
			*list = nil
		}
	case add && at < 0:
		r := rank(nb)
		k, _ := slices.BinarySearchFunc(*list, r, func(x *model.Brief, r int32) int { return int(rank(x) - r) })
		*list = slices.Insert(slices.Clip(*list), k, nb)
	}
	return true
}
