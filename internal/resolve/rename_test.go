package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestRenameKeepsRelated renames briefs of a book whose briefs all have
// the same date, so that they are ordered by slug: a rename either keeps
// the brief's place (its related briefs, and every other brief's, carried
// over: relateRenamed pairs the two slugs) or moves it among the others
// (computed again). After each, the book must be the one Resolve gives.
func TestRenameKeepsRelated(t *testing.T) {
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 4, 2
	in := synthetic(150, 3)
	for _, b := range in.Briefs {
		b.Date = in.Briefs[0].Date
		b.Refs = slices.Clone(b.Refs)
		for k := range b.Refs { // links to brief-0 … brief-9 only
			if b.Refs[k].Kind == model.RefBrief {
				b.Refs[k].Target = fmt.Sprintf("brief-%d", k%10)
			}
		}
	}
	var memo *Memo
	var d diag.List
	book, memo := ResolveFrom(nil, in, &d)
	renames := []func(string) string{
		func(s string) string { return s + "-r" },     // stays: "x" < "x-r" < "x0"
		func(s string) string { return "a-" + s },     // moves to the front
		func(s string) string { return s + "-s" },     // stays
		func(s string) string { return "zz-" + s },    // moves to the end
		func(s string) string { return s + "x" },      // moves past "x0" … "x9"
		func(s string) string { return s + "-again" }, // stays
	}
	reused := 0
	for step := range 40 {
		// A brief no other links to: its rename changes no link, so its
		// place alone decides.
		var free []string
		for _, b := range book.Briefs {
			if len(b.LinkedFrom) == 0 {
				free = append(free, b.Path)
			}
		}
		p := free[(step*37+11)%len(free)]
		i := slices.IndexFunc(in.Briefs, func(b *model.Brief) bool { return b.Path == p })
		nb := *in.Briefs[i]
		nb.Slug = renames[step%len(renames)](nb.Slug)
		nb.Path = "content/briefs/" + nb.Slug + ".md"
		in.Briefs = slices.Clone(in.Briefs)
		in.Briefs[i] = &nb
		slices.SortStableFunc(in.Briefs, func(a, b *model.Brief) int { return strings.Compare(a.Path, b.Path) })
		var d1 diag.List
		var got *model.Book
		got, memo = ResolveFrom(memo, in, &d1)
		book = got
		checkSameAsResolve(t, fmt.Sprintf("step %d, %s (reused %v): ", step, nb.Slug, memo.reusedBook), got, &d1, in)
		if memo.reusedBook {
			reused++
		}
	}
	if reused < 20 {
		t.Errorf("%d of 40 renames reused the book, want at least half", reused)
	}
}
