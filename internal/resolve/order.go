package resolve

import (
	"slices"
	"strconv"
	"strings"

	"github.com/briefbook/briefbook/internal/model"
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
//
// The title keys come from each brief's briefPre, and the numbers ("2.3")
// from the previous memo's when it has them: strings never change.
func (r *resolver) bookOrder() {
	briefs := r.book.Briefs
	keys := make([]string, len(briefs)) // slug.Key of each brief's title, by position in briefs
	for i, b := range r.byPath {
		keys[r.briefIndex[b]] = r.pre[i].titleKey
	}
	byDomain := map[*model.Domain][]int32{}
	var loose []int32
	for i, b := range briefs {
		if len(b.DomainList) == 0 {
			loose = append(loose, int32(i))
			continue
		}
		byDomain[b.DomainList[0]] = append(byDomain[b.DomainList[0]], int32(i))
	}
	var chapters []model.Chapter
	add := func(dm *model.Domain, list []int32) {
		if len(list) == 0 {
			return
		}
		slices.SortStableFunc(list, func(i, j int32) int { return bookCompare(briefs[i], briefs[j], keys[i], keys[j]) })
		ch := model.Chapter{Domain: dm, N: len(chapters) + 1, Briefs: make([]*model.Brief, len(list))}
		for k, i := range list {
			ch.Briefs[k] = briefs[i]
		}
		chapters = append(chapters, ch)
	}
	for _, dm := range r.book.Domains {
		add(dm, byDomain[dm])
	}
	add(nil, loose)
	var old [][]string
	if r.prev != nil {
		old = r.prev.numbers
	}
	numbers := make([][]string, len(chapters))
	var prev *model.Brief
	for c, ch := range chapters {
		numbers[c] = make([]string, len(ch.Briefs))
		for i, b := range ch.Briefs {
			if c < len(old) && i < len(old[c]) {
				b.Number = old[c][i]
			} else {
				b.Number = strconv.Itoa(ch.N) + "." + strconv.Itoa(i+1)
			}
			numbers[c][i] = b.Number
			b.Prev = prev
			if prev != nil {
				prev.Next = b
			}
			prev = b
		}
	}
	r.book.Contents = chapters
	if r.memo != nil {
		r.memo.numbers = numbers
	}
}

// bookCompare orders the briefs of a chapter: by date, oldest first, then
// by title (ka and kb are the slug.Key of a's and b's), then by slug.
func bookCompare(a, b *model.Brief, ka, kb string) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if c := strings.Compare(ka, kb); c != 0 {
		return c
	}
	return strings.Compare(a.Slug, b.Slug)
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
