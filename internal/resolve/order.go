package resolve

import (
	"slices"
	"sort"
	"strconv"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// bookOrder fills in Book.Contents and each brief's Prev, Next and Number.
//
// The book order is the order of a printed briefing book: one chapter per
// domain, in the order of Book.Domains (profiles' order, then title), each
// holding its briefs by date, oldest first, then by title and slug. A
// brief in several domains is placed once, under the first domain its
// frontmatter lists (the domain its author put first); briefs without a
// domain make the last chapter. Chapters without briefs are left out and
// the others are numbered from 1; a brief's Number is its chapter's
// number and its place in the chapter, "2.3", so that it tells the reader
// the part of the book and stays the same when another chapter grows.
func (r *resolver) bookOrder() {
	byDomain := map[*model.Domain][]*model.Brief{}
	var loose []*model.Brief
	for _, b := range r.book.Briefs {
		if len(b.DomainList) == 0 {
			loose = append(loose, b)
			continue
		}
		byDomain[b.DomainList[0]] = append(byDomain[b.DomainList[0]], b)
	}
	var chapters []model.Chapter
	add := func(dm *model.Domain, list []*model.Brief) {
		if len(list) == 0 {
			return
		}
		list = slices.Clone(list)
		sort.SliceStable(list, func(i, j int) bool { return bookLess(list[i], list[j]) })
		chapters = append(chapters, model.Chapter{Domain: dm, N: len(chapters) + 1, Briefs: list})
	}
	for _, dm := range r.book.Domains {
		add(dm, byDomain[dm])
	}
	add(nil, loose)
	var prev *model.Brief
	for _, ch := range chapters {
		for i, b := range ch.Briefs {
			b.Number = strconv.Itoa(ch.N) + "." + strconv.Itoa(i+1)
			b.Prev = prev
			if prev != nil {
				prev.Next = b
			}
			prev = b
		}
	}
	r.book.Contents = chapters
}

// bookLess orders the briefs of a chapter: by date, oldest first, then by
// title, then by slug.
func bookLess(a, b *model.Brief) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	if ka, kb := slug.Key(a.Title), slug.Key(b.Title); ka != kb {
		return ka < kb
	}
	return a.Slug < b.Slug
}

// preferUnlinked sets every brief's Related from its candidates (up to
// relatedCandidates, best first): the candidates its body does not link
// to come first, then those it links to, each group in score order, and
// relatedLimit are kept. A reader already has a link to the briefs the
// body names; Related offers the others first.
func (r *resolver) preferUnlinked() {
	for _, b := range r.book.Briefs {
		if len(b.Related) == 0 {
			continue
		}
		out := make([]*model.Brief, 0, relatedLimit)
		for _, linked := range []bool{false, true} {
			for _, o := range b.Related {
				if len(out) < relatedLimit && slices.Contains(b.LinksTo, o) == linked {
					out = append(out, o)
				}
			}
		}
		b.Related = out
	}
}
