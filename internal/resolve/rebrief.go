package resolve

import (
	"maps"
	"slices"

	"golang.org/x/text/unicode/norm"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
	"github.com/briefbook/briefbook/internal/suggest"
)

// A save that adds a brief, removes one, or both at once (a renamed
// file: its old path gone, its new one added, in one update), is taken
// by reuse as well (reuse.go): the book is copied with the briefs
// renumbered as the new input numbers them (relocate, briefShift), the
// added brief is resolved against the tables of the last full resolve
// (given the added brief and relieved of the removed one, in copies,
// which the memo keeps for the next edit), and the book is patched
// (rebook.go).
//
// An update is taken this way only when all of these hold, and otherwise
// the book is resolved as usual:
//
//   - the input other than the briefs is the previous input's (no profile
//     or other file changed), and the briefs are the previous input's in
//     the same order but for at most one brief removed and one added
//     (matchAddRemove);
//   - the removed brief was published, and the added one is, each with
//     a slug no other brief (drafts included) has, a path in NFC, no
//     inline source, and only actors and domains that have profiles, in
//     its lists and its [[actor:]] links (a brief naming an actor or
//     domain without a profile adds or removes an implicit one, whose
//     warning goes to its first use in path order: a full resolve);
//   - the added brief's slug is no dropped draft's, and the removed
//     brief's file has no problem of the passes over the whole book
//     (Memo.fileNamed), nor is listed on the home page's start;
//   - no profile, home page or page looked up the slug or path of either
//     (Memo.otherDeps), or has a link to a missing brief (whose "did you
//     mean" reads every slug: Memo.otherUsesAll); the home page has no
//     problem of the passes over the whole book, and does not start with
//     the added brief;
//   - every brief whose kept resolution looked up the slug or path of
//     either (at most maxDependents), or has a "did you mean" for a
//     missing brief or page (at most maxUndecided in all), is resolved
//     again against the new tables (linkers) and changes nothing but its
//     links to those two briefs: the same actors, references, and links
//     to other briefs. A link that found the removed brief is broken now,
//     one that names the added brief finds it; the brief's own problems,
//     LinksTo and mentions (a link's text) follow. Its "did you mean"s
//     are mostly remembered (reseed);
//   - the added brief's first domain (or none) has a chapter of the book
//     order, and the removed brief's chapter keeps a brief.
//
// What a rebrief cannot take in yet, and leaves to a full resolve: an
// implicit actor or domain made or dropped, an inline source, a slug two
// files share, a chapter made or emptied, more than one brief added or
// removed, a change of any other file in the same update.

// briefShift numbers the briefs of a memo's input as a new input does:
// to holds, for each brief of the previous input, the index in the new
// input of the same parse result, or for the removed one an index past
// its end (size is the length of the array of copies: the new input's,
// plus the removed brief's).
type briefShift struct {
	to   []int32
	size int
}

// index returns the new number of the brief numbered i in the previous
// input; i itself when s is nil.
func (s *briefShift) index(i int32) int {
	if s == nil {
		return int(i)
	}
	return int(s.to[i])
}

// memo returns the slab of the new book's briefs (the first n of slab,
// the copies), the memo's briefs renumbered from prev's (the removed
// one left out, the added one zero until rebook fills it in) and the
// numbers of the briefs with inline sources.
func (s *briefShift) memo(prev *Memo, slab []model.Brief, n int) ([]model.Brief, []briefMemo, []int32) {
	briefs := make([]briefMemo, n)
	for i, bm := range prev.briefs {
		if j := s.to[i]; int(j) < n {
			briefs[j] = bm
		}
	}
	var inline []int32
	for _, i := range prev.inline {
		if j := s.to[i]; int(j) < n {
			inline = append(inline, j)
		}
	}
	return slab[:n:n], briefs, inline
}

// briefChange is an update that adds and removes briefs: the index in
// the previous input of the brief removed, and in the new input of the
// brief added (-1 for none), with the shift between the two inputs.
type briefChange struct {
	removed, added int
	shift          briefShift
	// Found for the added brief (rebriefAdded): its actors and domains,
	// as slugs, and its resolution against the new tables.
	actorSlugs, domainSlugs []string
	edit                    briefEdit
	at                      int32  // its index in the tables' refActors (briefMemo.at)
	oldSlugs                uint64 // the hash of the previous slugs, as candidates (reseed)
}

// matchAddRemove walks prev and cur, two inputs' briefs, and returns the
// change from one to the other when it adds at most one brief and
// removes at most one, the others the same parse results in the same
// order; false otherwise, or when nothing changed.
func matchAddRemove(prev, cur []*model.Brief) (briefChange, bool) {
	ch := briefChange{removed: -1, added: -1, shift: briefShift{to: make([]int32, len(prev)), size: len(cur) + 1}}
	i, j := 0, 0
	for i < len(prev) || j < len(cur) {
		if i < len(prev) && j < len(cur) && prev[i] == cur[j] {
			ch.shift.to[i] = int32(j)
			i, j = i+1, j+1
			continue
		}
		remove := i < len(prev) && (j == len(cur) || i+1 < len(prev) && prev[i+1] == cur[j])
		add := !remove && j < len(cur) && (i == len(prev) || j+1 < len(cur) && cur[j+1] == prev[i])
		if !add {
			if ch.removed >= 0 {
				return ch, false
			}
			ch.removed, ch.shift.to[i] = i, int32(len(cur))
			i++
		}
		if !remove {
			if ch.added >= 0 {
				return ch, false
			}
			ch.added = j
			j++
		}
	}
	if ch.removed < 0 && ch.added < 0 || ch.removed >= 0 && ch.added >= 0 && prev[ch.removed] == cur[ch.added] {
		return ch, false
	}
	return ch, true
}

// rebriefBook returns the book of in made from prev's and its memo, when
// in adds or removes a brief as above, reporting the book's problems to
// d; otherwise nil, nil, having reported nothing.
func rebriefBook(prev *Memo, in Input, d *diag.List) (*model.Book, *Memo) {
	if prev == nil || prev.full == nil || prev.drafts != in.Drafts || len(prev.briefs) != len(prev.input) || prev.otherUsesAll {
		return nil, nil
	}
	if profiles, ok := prev.profileEdits(in); !ok || len(profiles) > 0 {
		return nil, nil
	}
	if h := prev.given.home; h != nil && prev.fileNamed(h.Path) {
		return nil, nil // its start may list a missing brief, whose "did you mean" reads every slug
	}
	ch, ok := matchAddRemove(prev.input, in.Briefs)
	if !ok {
		return nil, nil
	}
	r := *prev.full
	r.in.Src, r.prev = in.Src, prev
	r.d, r.out = &diag.List{}, &diag.List{}
	if !r.removable(prev, in, ch.removed, ch.added) || !r.addable(prev, in, ch.added) {
		return nil, nil
	}
	r.retable(prev, in, &ch)
	if ch.added >= 0 && !r.rebriefAdded(prev, in, &ch) {
		return nil, nil
	}
	deps, ok := r.linkers(prev, in, &ch)
	if !ok {
		return nil, nil
	}
	book, m := relocate(prev, in, deps, nil, &ch.shift)
	if book == nil || !m.rebook(prev, &ch, deps) {
		return nil, nil
	}
	m.full, m.patched = r.kept(), true
	m.reused = len(book.Briefs) - len(deps) - min(1, ch.added+1)
	m.report(prev, &r, deps, in.Src, d)
	if len(r.suggested) > 0 { // m.suggested is a copy: the searches among the previous slugs are done with
		maps.DeleteFunc(m.suggested, func(k suggestKey, _ string) bool { return k.list == ch.oldSlugs })
	}
	return book, m
}

// removable reports whether the brief at index j of prev's input (none
// when j < 0) can be removed by rebook (see above); added is the index of
// the brief added in the new input, or -1.
func (r *resolver) removable(prev *Memo, in Input, j, added int) bool {
	if j < 0 {
		return true
	}
	bm, x := prev.briefs[j], prev.input[j]
	if x == nil || bm.pre == nil || bm.res == nil || int(bm.rank) >= len(prev.book.Briefs) ||
		hasInline(x.Sources) || !norm.NFC.IsNormalString(x.Path) || prev.fileNamed(x.Path) {
		return false
	}
	ob := prev.book.Briefs[bm.rank]
	return ob.Path == x.Path && !slices.Contains(prev.book.Home.StartBriefs, ob) &&
		!slugTaken(in.Briefs, x.Slug, added) && onlyProfiles(ob, bm.res, prev.book)
}

// addable reports whether the brief at index j of in's briefs (none when
// j < 0) can be added by rebook (see above).
func (r *resolver) addable(prev *Memo, in Input, j int) bool {
	if j < 0 {
		return true
	}
	c := in.Briefs[j]
	if c == nil || c.Slug == "" || c.Draft && !in.Drafts || hasInline(c.Sources) || !norm.NFC.IsNormalString(c.Path) ||
		r.draftSlug[c.Slug] || r.draftPath[c.Path] || slugTaken(in.Briefs, c.Slug, j) {
		return false
	}
	if h := prev.given.home; h != nil && slices.ContainsFunc(h.Start, func(s string) bool { return s == c.Slug || slug.Make(s) == c.Slug }) {
		return false
	}
	return true
}

// slugTaken reports whether a brief of briefs other than the one at
// index but has slug s.
func slugTaken(briefs []*model.Brief, s string, but int) bool {
	for k, b := range briefs {
		if k != but && b != nil && b.Slug == s {
			return true
		}
	}
	return false
}

// onlyProfiles reports whether the actors and domains brief b of book
// names (res: its resolution) all have profiles.
func onlyProfiles(b *model.Brief, res *briefResult, book *model.Book) bool {
	for _, a := range b.ActorList {
		if !a.Profile {
			return false
		}
	}
	for _, dm := range b.DomainList {
		if !dm.Profile {
			return false
		}
	}
	for _, s := range res.actors {
		if a := book.ActorBySlug[s]; a == nil || !a.Profile {
			return false
		}
	}
	return true
}

// retable gives r's tables (the last full resolve's, kept in the memo)
// the briefs of ch: the removed brief taken out of, and the added one
// put into, copies of the maps that find briefs by slug and pages by
// path, never the previous ones; the sorted slugs and the NFC index of
// pages are made again once needed, and the hash of every brief's path
// and slug from in.
func (r *resolver) retable(prev *Memo, in Input, ch *briefChange) {
	slugs := r.briefSlugs()
	book := *r.book
	book.BriefBySlug = maps.Clone(r.book.BriefBySlug)
	pages := maps.Clone(r.pages)
	if ch.removed >= 0 {
		x := prev.input[ch.removed]
		delete(book.BriefBySlug, x.Slug)
		delete(pages, x.Path)
	}
	if ch.added >= 0 {
		tb := *in.Briefs[ch.added]
		tb.URL = "/briefs/" + tb.Slug + "/"
		book.BriefBySlug[tb.Slug] = &tb
		pages[tb.Path] = &page{url: tb.URL, doc: &tb.Doc, brief: &tb}
	}
	r.book, r.pages, r.pagesNFC, r.slugList = &book, pages, nil, nil
	r.in.Briefs, r.tables.briefs = in.Briefs, 0
	var xs, cs string
	if ch.removed >= 0 {
		xs = prev.input[ch.removed].Slug
	}
	if ch.added >= 0 {
		cs = in.Briefs[ch.added].Slug
	}
	ch.oldSlugs = r.reseed(prev, slugs, xs, cs)
}

// reseed gives r the sorted slugs of its tables' briefs, made from old,
// the previous ones, without the slug removed and with the one added
// ("" for none), and remembers for them (r.suggested) each "did you
// mean" prev's resolve found among old that the change cannot alter
// beyond the added slug: a search's closest slug is the closest of its
// old one and the added slug (suggest.Closest ranks each candidate by a
// key of its own, ties going to the first in order), unless its old one
// is removed, which the search then finds again among all slugs. It
// returns the hash of old as candidates (0 when empty).
func (r *resolver) reseed(prev *Memo, old []string, removed, added string) uint64 {
	slugs := slices.Clone(old)
	if k, ok := slices.BinarySearch(slugs, removed); removed != "" && ok {
		slugs = slices.Delete(slugs, k, k+1)
	}
	if k, ok := slices.BinarySearch(slugs, added); added != "" && !ok {
		slugs = slices.Insert(slugs, k, added)
	}
	r.slugList = slugs
	if len(old) == 0 || len(slugs) == 0 {
		return 0
	}
	oldHash, newHash := candidatesHash(old), candidatesHash(slugs)
	r.listHash = map[listKey]uint64{{&slugs[0], len(slugs)}: newHash}
	r.suggested = map[suggestKey]string{}
	for k, best := range prev.suggested {
		if k.list != oldHash || removed != "" && best == removed {
			continue
		}
		if added != "" {
			pair := []string{added}
			if best != "" {
				pair = append(pair, best)
				slices.Sort(pair)
			}
			best = suggest.Closest(k.name, pair)
		}
		r.suggested[suggestKey{newHash, k.name}] = best
	}
	return oldHash
}

// rebriefAdded resolves the added brief of ch against r's tables (see
// retable) into ch.edit, finding its actors and domains, and reports
// whether they all have profiles.
func (r *resolver) rebriefAdded(prev *Memo, in Input, ch *briefChange) bool {
	c := in.Briefs[ch.added]
	var ok bool
	if ch.actorSlugs, ok = r.profileActors(c.Actors); !ok {
		return false
	}
	if ch.domainSlugs, ok = r.profileDomains(c.Domains); !ok {
		return false
	}
	pre := newBriefPre(c)
	var acts []*model.Actor
	for _, key := range pre.actorKeys[len(c.Actors):] {
		a := r.actorByKey[key]
		if a == nil {
			return false // found by slug, or implicit: as briefActors would find it
		}
		acts = append(acts, a)
	}
	tmp := *c
	tmp.URL = pre.url
	r.self = r.book.BriefBySlug[c.Slug]
	res := r.resolveBrief(&tmp, acts)
	r.self = nil
	found, words := prev.names.briefMentions(&tmp)
	r.refActors = append(slices.Clip(r.refActors), acts)
	ch.at = int32(len(r.refActors) - 1)
	ch.edit = briefEdit{at: ch.added, brief: c, res: res, pre: pre,
		mentions: mentionMemo{sum: mentionSum(&tmp), words: words, targets: found.keys()}}
	return true
}

// maxUndecided is the number of briefs with a "did you mean" for a
// missing brief or page (each resolved again, its searches mostly
// remembered: reseed) a rebrief may resolve again and still reuse the
// book.
const maxUndecided = 1024

// linkers resolves again, against r's tables, every brief of prev's
// book but the removed one whose kept resolution looked up the slug or
// path of the removed or added brief, or depends on every slug (a "did
// you mean" for a missing brief or page), and returns them as edits (at:
// their indexes in prev's input); false when one of them changes more
// than its links to those two briefs (its actors, references, or links
// to other briefs), or there are more than maxDependents of the first
// kind or maxUndecided in all.
func (r *resolver) linkers(prev *Memo, in Input, ch *briefChange) ([]briefEdit, bool) {
	var xs, cs string
	var hits []func(lookup) bool
	if ch.removed >= 0 {
		x := prev.input[ch.removed]
		xs, hits = x.Slug, append(hits, finds(x.Slug, x.Path))
	}
	if ch.added >= 0 {
		c := in.Briefs[ch.added]
		cs, hits = c.Slug, append(hits, finds(c.Slug, c.Path))
	}
	hit := func(l lookup) bool { return slices.ContainsFunc(hits, func(f func(lookup) bool) bool { return f(l) }) }
	if slices.ContainsFunc(prev.otherDeps, hit) {
		return nil, false
	}
	var out []briefEdit
	linked := 0
	for j := range prev.briefs {
		bm := &prev.briefs[j]
		if bm.res == nil || j == ch.removed {
			continue
		}
		if slices.ContainsFunc(bm.res.deps, hit) {
			linked++
		} else if !bm.res.usesAll {
			continue
		}
		if linked > maxDependents || len(out) == maxUndecided || bm.pre == nil || int(bm.rank) >= len(prev.book.Briefs) {
			return nil, false
		}
		o := prev.input[j]
		tmp := *o
		old := prev.book.Briefs[bm.rank]
		tmp.URL, tmp.Sources = old.URL, old.Sources
		r.self = r.book.BriefBySlug[o.Slug]
		res := r.resolveBrief(&tmp, r.refActors[bm.at])
		r.self = nil
		if !slices.Equal(res.actors, bm.res.actors) || !slices.Equal(res.refs, bm.res.refs) ||
			!slices.Equal(without(res.linksTo, cs), without(bm.res.linksTo, xs)) {
			return nil, false
		}
		found, words := prev.names.briefMentions(&tmp)
		out = append(out, briefEdit{at: j, brief: o, res: res, wasMentioning: bm.mentions.targets,
			mentions: mentionMemo{sum: mentionSum(&tmp), words: words, targets: found.keys()}})
	}
	return out, true
}

// finds returns whether a lookup looked up a brief by slug s or a page
// by path p (in NFC).
func finds(s, p string) func(lookup) bool {
	return func(l lookup) bool {
		if !l.byPath {
			return l.key == s
		}
		return l.key == p || norm.NFC.String(l.key) == p
	}
}

// without returns list without s (a copy when s is in it).
func without(list []string, s string) []string {
	if !slices.Contains(list, s) {
		return list
	}
	return slices.DeleteFunc(slices.Clone(list), func(x string) bool { return x == s })
}
