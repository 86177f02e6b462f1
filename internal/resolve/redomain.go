package resolve

import (
	"slices"
	"strconv"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// A save that changes only a brief's domains, naming domains that all
// have profiles before and after, is taken by reuse as well (reuse.go),
// as a change of its actors is (reactor.go): the brief's DomainList, the
// Briefs and Mentioned lists of the domains it leaves or enters, and the
// related briefs are patched; when its first domain changes, it moves
// from one chapter of the book order to another (both having briefs
// before and after), and the book's numbers, Prev and Next are given
// again from the chapters (relink).

// profileDomains returns the slugs of the domains values name, each once,
// in order, when each value names a domain profile by its slug, as
// briefDomains finds them (the value its title or slug written
// differently); false otherwise.
func (r *resolver) profileDomains(values []string) ([]string, bool) {
	var out []string
	for _, v := range values {
		s := slug.Make(v)
		if s == "" || slug.Problem(s) != "" {
			return nil, false
		}
		dm := r.book.DomainBySlug[s]
		if dm == nil || !dm.Profile {
			return nil, false
		}
		if l := slug.Loose(v); l != slug.Loose(dm.Title) && l != slug.Loose(dm.Slug) {
			return nil, false
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, true
}

// redomain gives the brief at index j of the input, in m's book (made by
// relocation, so its own to write), the domains of slugs, patching the
// lists that depend on them (see above). It returns false when a domain
// is not in the book as a profile, or a chapter would be made or emptied.
func (m *Memo) redomain(j int, slugs []string) bool {
	b := m.book
	x := m.briefs[j].rank
	nb := b.Briefs[x]
	var now []*model.Domain
	for _, s := range slugs {
		dm := b.DomainBySlug[s]
		if dm == nil || !dm.Profile {
			return false
		}
		now = append(now, dm)
	}
	was := nb.DomainList
	for _, dm := range was {
		if !dm.Profile {
			return false
		}
	}
	var first, last *model.Domain
	if len(was) > 0 {
		first = was[0]
	}
	if len(now) > 0 {
		last = now[0]
	}
	nb.DomainList = now
	rank := func(y *model.Brief) int32 { return m.briefs[slabIndex(m.slab, y)].rank }
	mentions := m.briefs[j].mentions.targets
	for _, dm := range was {
		if !containsDomain(now, dm) {
			dm.Briefs = withBrief(dm.Briefs, nb, false, rank)
			if slices.Contains(mentions, targetKey(dm)) {
				dm.Mentioned = withBrief(dm.Mentioned, nb, true, rank)
			}
		}
	}
	for _, dm := range now {
		if !containsDomain(was, dm) {
			dm.Briefs = withBrief(dm.Briefs, nb, true, rank)
			dm.Mentioned = withBrief(dm.Mentioned, nb, false, rank)
		}
	}
	if first != last && !m.rechapter(j, nb, first, last) {
		return false
	}
	wasKeys, nowKeys := make([]string, len(was)), make([]string, len(now))
	for i, dm := range was {
		wasKeys[i] = dm.Slug
	}
	for i, dm := range now {
		nowKeys[i] = dm.Slug
	}
	return m.rerelate(x, 'd', wasKeys, nowKeys)
}

// rechapter moves nb, placed under the domain first (nil: the chapter of
// briefs without a domain), to the chapter of the domain last, in its
// place there, and gives the book its numbers, Prev and Next again. It
// returns false unless both chapters have briefs before and after.
func (m *Memo) rechapter(j int, nb *model.Brief, first, last *model.Domain) bool {
	b := m.book
	from := slices.IndexFunc(b.Contents, func(ch model.Chapter) bool { return ch.Domain == first })
	to := slices.IndexFunc(b.Contents, func(ch model.Chapter) bool { return ch.Domain == last })
	if from < 0 || to < 0 || len(b.Contents[from].Briefs) < 2 {
		return false
	}
	src, dst := &b.Contents[from], &b.Contents[to]
	at := slices.Index(src.Briefs, nb)
	if at < 0 {
		return false
	}
	src.Briefs = slices.Delete(src.Briefs, at, at+1)
	key := func(x *model.Brief) string { return m.briefs[slabIndex(m.slab, x)].pre.titleKey }
	k, _ := slices.BinarySearchFunc(dst.Briefs, nb, func(x, y *model.Brief) int { return bookCompare(x, y, key(x), key(y)) })
	dst.Briefs = slices.Insert(slices.Clip(dst.Briefs), k, nb)
	numbers := slices.Clone(m.numbers)
	for _, c := range []int{from, to} {
		ch := b.Contents[c]
		numbers[c] = m.chapterNumbers(c, ch)
	}
	m.numbers = numbers
	relink(b, numbers)
	return true
}

// relink gives every brief of b's chapters its number from numbers (by
// chapter and place) and its Prev and Next in book order.
func relink(b *model.Book, numbers [][]string) {
	var prev *model.Brief
	for c, ch := range b.Contents {
		for i, x := range ch.Briefs {
			x.Number = numbers[c][i]
			x.Prev = prev
			if prev != nil {
				prev.Next = x
			}
			prev = x
		}
	}
	if prev != nil {
		prev.Next = nil
	}
}

// chapterNumbers returns the numbers of the places of chapter c, ch, of
// m's book ("3.1", "3.2", ...): the strings the memo has for places it
// had, so that unchanged numbers are shared, and new ones for the rest.
func (m *Memo) chapterNumbers(c int, ch model.Chapter) []string {
	var had []string
	if c < len(m.numbers) {
		had = m.numbers[c]
	}
	list := make([]string, len(ch.Briefs))
	for i := range list {
		if i < len(had) {
			list[i] = had[i]
		} else {
			list[i] = strconv.Itoa(ch.N) + "." + strconv.Itoa(i+1)
		}
	}
	return list
}
