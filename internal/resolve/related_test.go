package resolve

import (
	"fmt"
	"slices"
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

func TestRelatedOrder(t *testing.T) {
	mk := func(slug, day string, sources, actors []string, domain string) *model.Brief {
		b := newBrief(slug, day)
		b.Actors = actors
		b.Domains = []string{domain}
		for _, s := range sources {
			b.Sources = append(b.Sources, model.SourceRef{ID: s, Line: 6, Col: 5})
		}
		return b
	}
	in := Input{
		Sources: []*model.Source{bib("s1", 1), bib("s2", 7)},
		Briefs: []*model.Brief{
			mk("a", "2024-01-01", []string{"s1"}, []string{"X"}, "d1"),
			mk("b", "2024-01-09", []string{"s1"}, nil, "d2"), // source: 3
			mk("c", "2024-01-10", nil, []string{"X"}, "d1"),  // actor + domain: 3, newer than b
			withRefs(mk("d", "2024-01-07", nil, nil, "d1"), // domain + link: 2
				wiki(model.RefBrief, "a")), //
			mk("f", "2024-01-08", nil, []string{"x"}, "d3"),            // actor: 2
			mk("g", "2024-01-08", nil, []string{"X"}, "d3"),            // actor: 2, same date as f
			mk("h", "2024-01-11", nil, nil, "d1"),                      // domain: 1, sixth
			mk("e", "2024-01-12", []string{"s2"}, []string{"Y"}, "d4"), // nothing shared
		},
	}
	book, diags := run(t, in)
	if len(diags) != 2 { // the warnings for actors X and Y
		t.Errorf("diagnostics = %q", diags)
	}
	for _, c := range []struct{ brief, want string }{
		{"a", "c b f g d"},
		{"e", ""},
		{"h", "c d a"},
		{"d", "h c a"}, // a scores highest, but d already links to it
	} {
		if got := slugs(book.BriefBySlug[c.brief].Related); got != c.want {
			t.Errorf("%s.Related = %q, want %q", c.brief, got, c.want)
		}
	}
}

// TestRelatedMatchesBruteForce compares Related with scores computed over
// all pairs, on a skewed synthetic book, for several settings of the bounds
// of related.go.
func TestRelatedMatchesBruteForce(t *testing.T) {
	tests := []struct {
		large, window int
		exact         bool // whether the window covers the whole book
	}{
		{1 << 30, 1 << 30, true}, // every list small
		{5, 1 << 30, true},       // most lists large, window over everything
		{5, 20, false},           // most lists large, narrow window
		{40, 50, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("large=%d,window=%d", tt.large, tt.window), func(t *testing.T) {
			defer func(l, w int) { largeList, window = l, w }(largeList, window)
			largeList, window = tt.large, tt.window
			in := synthetic(600, 3)
			book, _ := run(t, in)
			checkRelated(t, book, tt.exact)
		})
	}
}

// checkRelated checks every brief's Related against all-pairs scores. When
// exact is false, the briefs considered are restricted as related.go
// documents: those in the window, sharing a small list, or linked.
func checkRelated(t *testing.T, book *model.Book, exact bool) {
	t.Helper()
	briefs := book.Briefs
	n := len(briefs)
	count := map[any]int{}
	feats := make([][]any, n)
	index := map[*model.Brief]int{}
	for i, b := range briefs {
		index[b] = i
		feats[i] = features(b)
		for _, f := range feats[i] {
			count[f]++
		}
	}
	for i, a := range briefs {
		rl := relater{score: make([]int32, n)}
		lo, hi := rl.window(int32(i))
		small := map[any]bool{}
		for _, f := range feats[i] {
			if count[f] <= largeList {
				small[f] = true
			}
		}
		var want []candidate
		for j, b := range briefs {
			if j == i {
				continue
			}
			s, viaSmall := score(a, b, feats[i], feats[j], small)
			inWindow := int32(j) >= lo && int32(j) <= hi
			if exact || inWindow || viaSmall {
				want = append(want, candidate{n: int32(j), score: int32(s)})
			}
		}
		top := topList{limit: relatedCandidates}
		for _, c := range want {
			top.offer(c)
		}
		var got, exp []int
		for _, r := range a.Related {
			got = append(got, index[r])
		}
		for _, linked := range []bool{false, true} {
			for _, c := range top.items {
				if len(exp) < relatedLimit && slices.Contains(a.LinksTo, briefs[c.n]) == linked {
					exp = append(exp, int(c.n))
				}
			}
		}
		if !slices.Equal(got, exp) {
			t.Fatalf("brief %d (%s): Related = %v, want %v", i, a.Slug, got, exp)
		}
	}
}

// features returns the sources, actors and domains of b.
func features(b *model.Brief) []any {
	var fs []any
	for _, r := range b.References {
		fs = append(fs, r.Source)
	}
	for _, a := range b.ActorList {
		fs = append(fs, a)
	}
	for _, d := range b.DomainList {
		fs = append(fs, d)
	}
	return fs
}

// score returns the all-pairs score of b for a, given their features, and
// whether b shares one of the features in small or is linked with a.
func score(a, b *model.Brief, ours, theirs []any, small map[any]bool) (int, bool) {
	s, via := 0, false
	for _, f := range ours {
		if !slices.Contains(theirs, f) {
			continue
		}
		via = via || small[f]
		switch f.(type) {
		case *model.Source:
			s += weightSource
		case *model.Actor:
			s += weightActor
		case *model.Domain:
			s += weightDomain
		}
	}
	if slices.Contains(a.LinksTo, b) || slices.Contains(b.LinksTo, a) {
		s += weightLink
		via = true
	}
	return s, via
}

func TestTopList(t *testing.T) {
	top := topList{limit: 3}
	for _, c := range []candidate{{5, 1}, {4, 2}, {3, 0}, {9, 2}, {1, 1}, {2, 2}, {0, 1}} {
		top.offer(c)
	}
	if got, want := fmt.Sprint(top.items), "[{2 2} {4 2} {9 2}]"; got != want {
		t.Errorf("top = %s, want %s", got, want)
	}
}

func TestWindow(t *testing.T) {
	defer func(w int) { window = w }(window)
	window = 2
	rl := relater{score: make([]int32, 10)}
	for _, c := range []struct{ a, lo, hi int32 }{{0, 0, 4}, {1, 0, 4}, {5, 3, 7}, {9, 5, 9}} {
		if lo, hi := rl.window(c.a); lo != c.lo || hi != c.hi {
			t.Errorf("window(%d) = %d, %d, want %d, %d", c.a, lo, hi, c.lo, c.hi)
		}
	}
	rl = relater{score: make([]int32, 3)}
	if lo, hi := rl.window(1); lo != 0 || hi != 2 {
		t.Errorf("window in a small book = %d, %d", lo, hi)
	}
}
