package resolve

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// relBook is a book reduced to what related briefs read: each brief's
// slug, day, features (numbers into relKeys) and the slugs it links to.
type relBook struct {
	briefs []relBrief
}

type relBrief struct {
	slug  string
	day   int
	feats []int32
	links []string
}

// relKeys are the features of relBook: sources, actors and domains, a
// few of them common enough to make large lists.
var relKeys = func() []featureKey {
	var keys []featureKey
	for k := range 30 {
		keys = append(keys, featureKey{"sad"[k%3], fmt.Sprint("f", k)})
	}
	return keys
}()

// randomFeats returns features for a brief: the first is in most briefs
// (in books of a few hundred briefs, its list is longer than those
// Memo.mark keeps on the full path), the next two in many, the next nine
// in a few, the rest rare.
func randomFeats(rng *rand.Rand) []int32 {
	var fs []int32
	for f := range int32(len(relKeys)) {
		p := 0.01
		switch {
		case f == 0:
			p = 0.6
		case f < 3:
			p = 0.3
		case f < 12:
			p = 0.05
		}
		if rng.Float64() < p {
			fs = append(fs, f)
		}
	}
	return fs
}

// sorted returns bk's briefs in Book.Briefs order: newest first, then by
// slug.
func (bk *relBook) sorted() []relBrief {
	s := slices.Clone(bk.briefs)
	slices.SortFunc(s, func(a, b relBrief) int {
		if a.day != b.day {
			return b.day - a.day
		}
		return strings.Compare(a.slug, b.slug)
	})
	return s
}

// relate computes the Related of bk's briefs from prev (nil for afresh),
// renamed as relateRenamed takes it.
func (bk *relBook) relate(prev *Memo, renamed [2]string) *Memo {
	s := bk.sorted()
	num := map[string]int32{}
	briefs := make([]*model.Brief, len(s))
	byBrief := make([][]int32, len(s))
	links := make([][]int32, len(s))
	day0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, b := range s {
		num[b.slug] = int32(i)
		briefs[i] = &model.Brief{Slug: b.slug, Date: day0.AddDate(0, 0, b.day)}
		byBrief[i] = b.feats
	}
	for i, b := range s {
		for _, l := range b.links {
			if t, ok := num[l]; ok && t != int32(i) {
				links[i] = appendUnique(links[i], t)
				links[t] = appendUnique(links[t], int32(i))
			}
		}
	}
	weights := make([]int32, len(relKeys))
	for f, k := range relKeys {
		weights[f] = map[byte]int32{'s': weightSource, 'a': weightActor, 'd': weightDomain}[k.kind]
	}
	return relateRenamed(prev, newRelater(len(s), weights, byBrief, links), relKeys, briefs, renamed)
}

// edit makes one random edit to bk, most often at or near the newest or
// oldest brief, and describes it; renamed is set for a rename.
func (bk *relBook) edit(rng *rand.Rand, fresh *int) (what string, renamed [2]string) {
	n := len(bk.briefs)
	s := bk.sorted()
	// A brief near one end of the book, or anywhere.
	pick := func() int {
		var slug string
		switch rng.IntN(3) {
		case 0:
			slug = s[rng.IntN(4)].slug
		case 1:
			slug = s[n-1-rng.IntN(4)].slug
		default:
			slug = s[rng.IntN(n)].slug
		}
		return slices.IndexFunc(bk.briefs, func(b relBrief) bool { return b.slug == slug })
	}
	day := func() int {
		switch rng.IntN(3) {
		case 0:
			return s[0].day + rng.IntN(2) // at the newest end
		case 1:
			return s[n-1].day - rng.IntN(2) // at the oldest end
		}
		return rng.IntN(200)
	}
	i := pick()
	b := &bk.briefs[i]
	switch rng.IntN(7) {
	case 0, 1:
		*fresh++
		nb := relBrief{slug: fmt.Sprint("new", *fresh), day: day(), feats: randomFeats(rng)}
		if rng.IntN(3) == 0 {
			nb.links = []string{s[rng.IntN(n)].slug}
		}
		bk.briefs = append(bk.briefs, nb)
		return fmt.Sprintf("add %s day %d feats %v links %v", nb.slug, nb.day, nb.feats, nb.links), renamed
	case 2:
		what = "delete " + b.slug
		bk.briefs = slices.Delete(bk.briefs, i, i+1)
		return what, renamed
	case 3:
		b.day = day()
		return fmt.Sprintf("date %s %d", b.slug, b.day), renamed
	case 4:
		f := int32(rng.IntN(len(relKeys)))
		if k := slices.Index(b.feats, f); k >= 0 {
			b.feats = slices.Delete(slices.Clone(b.feats), k, k+1)
		} else {
			b.feats = sortedUnion(b.feats, f)
		}
		return fmt.Sprintf("feature %s %d", b.slug, f), renamed
	case 5:
		if len(b.links) > 0 && rng.IntN(2) == 0 {
			b.links = nil
		} else {
			b.links = []string{s[rng.IntN(n)].slug}
		}
		return fmt.Sprintf("links %s %v", b.slug, b.links), renamed
	default:
		renamed[0] = b.slug
		b.slug += []string{"r", "-"}[rng.IntN(2)] // "-" may keep its place, "r" moves past its neighbours sooner
		renamed[1] = b.slug
		return "rename " + renamed[0] + " " + renamed[1], renamed
	}
}

// sortedUnion returns fs, ascending, with f added.
func sortedUnion(fs []int32, f int32) []int32 {
	out := append(slices.Clone(fs), f)
	slices.Sort(out)
	return out
}

// TestNearRelatedEqualsRelated makes seeded random edits to books of a
// few windows' length (new briefs, deletions, date moves, feature and
// link edits, renames, mostly near the book's ends) and checks that the
// Related lists relateRenamed gives from the previous memo equal those
// computed afresh, and that many briefs took their list from the old one
// and their window's changes (nearby.go). A failure prints the seed and
// the edits.
func TestNearRelatedEqualsRelated(t *testing.T) {
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 6, 5
	near, full := 0, 0
	for seed := range uint64(12) {
		rng := rand.New(rand.NewPCG(seed, 5))
		var bk relBook
		for k := range 300 + rng.IntN(60) {
			bk.briefs = append(bk.briefs, relBrief{slug: fmt.Sprint("b", k), day: rng.IntN(200), feats: randomFeats(rng)})
			if rng.IntN(4) == 0 {
				bk.briefs[k].links = []string{fmt.Sprint("b", rng.IntN(k+1))}
			}
		}
		memo := bk.relate(nil, [2]string{})
		var log []string
		fresh := 0
		for step := range 60 {
			var renamed [2]string
			for range 1 + rng.IntN(2) {
				var what string
				what, renamed = bk.edit(rng, &fresh)
				log = append(log, what)
			}
			got := bk.relate(memo, renamed)
			want := bk.relate(nil, [2]string{})
			for i := range want.related {
				if slices.Equal(got.related[i], want.related[i]) {
					continue
				}
				t.Fatalf("seed %d, step %d: brief %d (%s): Related %v, want %v; edits:\n%s",
					seed, step, i, got.slugs[i], got.related[i], want.related[i], strings.Join(log, "\n"))
			}
			near += got.relatedNear
			full += got.relatedNearFull
			memo = got
		}
	}
	t.Logf("%d briefs took their Related from their old list, %d of the same kind needed related()", near, full)
	if near == 0 || near < full {
		t.Errorf("%d briefs took their Related from their old list, %d computed it again: want most from the old list", near, full)
	}
}

// TestPair checks pair against the scores related() gives, for every
// brief and every brief it considers, in a book whose windows shift at
// its ends, and for a few pairs by hand.
func TestPair(t *testing.T) {
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 2, 3
	// Feature 0 (weight 3) is large (6 briefs), 1 (2) and 2 (1) small.
	weights := []int32{3, 2, 1}
	byBrief := [][]int32{{0, 1}, {0}, {2}, {0}, {}, {0, 2}, {1}, {0}, {0, 1}, {}}
	links := make([][]int32, len(byBrief))
	link := func(a, b int32) {
		links[a] = appendUnique(links[a], b)
		links[b] = appendUnique(links[b], a)
	}
	link(0, 9)
	link(4, 5)
	rl := newRelater(len(byBrief), weights, byBrief, links)
	for _, c := range []struct {
		a, b, score int32
		direct      bool
	}{
		{0, 8, 5, true},  // large and small: outside 0's window, still considered
		{0, 9, 1, true},  // linked only, from one end to the other
		{0, 7, 3, false}, // large only: outside 0's window (0..4), not considered
		{9, 0, 1, true},
		{8, 6, 2, true},
		{5, 2, 1, true},
		{4, 5, 1, true},
		{4, 2, 0, false},
	} {
		if s, d := rl.pair(c.a, c.b); s != c.score || d != c.direct {
			t.Errorf("pair(%d, %d) = %d, %v, want %d, %v", c.a, c.b, s, d, c.score, c.direct)
		}
	}
	for a := range int32(len(byBrief)) {
		lo, hi := rl.window(a)
		want := map[int32]int32{}
		for b := range int32(len(byBrief)) {
			if s, d := rl.pair(a, b); b != a && s > 0 && (d || lo <= b && b <= hi) {
				want[b] = s
			}
		}
		got := map[int32]int32{}
		for _, c := range rl.related(a) {
			got[c.n] = c.score
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("brief %d (window %d..%d): related() gives %v, pair %v", a, lo, hi, got, want)
		}
	}
}

// windowsDiffer returns the kept briefs in brief a's window in sh's new
// memo and not in its old one, and those in the old one only, from the
// sets of both windows' briefs.
func windowsDiffer(sh *shift, a int32) (enter, leave []int32) {
	lo, hi := sh.prev.rl.window(sh.newToOld[a])
	was := map[int32]bool{}
	for o := lo; o <= hi; o++ {
		if !sh.changedOld[o] {
			was[sh.oldToNew[o]] = true
		}
	}
	lo, hi = sh.rl.window(a)
	for b := lo; b <= hi; b++ {
		if !slices.Contains(sh.changedNew, b) && !was[b] {
			enter = append(enter, b)
		}
		delete(was, b)
	}
	for b := range was {
		leave = append(leave, b)
	}
	slices.Sort(leave)
	return enter, leave
}

// TestShiftMoved checks the kept briefs that enter and leave each brief's
// window against the two windows' sets, for briefs added and removed at
// the book's ends and inside it, and one case by hand.
func TestShiftMoved(t *testing.T) {
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 3, 1<<20
	base := func() relBook {
		var bk relBook
		for k := range 20 {
			bk.briefs = append(bk.briefs, relBrief{slug: fmt.Sprintf("b%02d", k), day: 100 - k})
		}
		return bk
	}
	type edit struct {
		what string
		do   func(*relBook)
	}
	edits := []edit{
		{"add newest", func(bk *relBook) { bk.briefs = append(bk.briefs, relBrief{slug: "x", day: 200}) }},
		{"add oldest", func(bk *relBook) { bk.briefs = append(bk.briefs, relBrief{slug: "x", day: 0}) }},
		{"add middle", func(bk *relBook) { bk.briefs = append(bk.briefs, relBrief{slug: "x", day: 90}) }},
		{"remove newest", func(bk *relBook) { bk.briefs = bk.briefs[1:] }},
		{"remove oldest", func(bk *relBook) { bk.briefs = bk.briefs[:19] }},
		{"move newest to oldest", func(bk *relBook) { bk.briefs[0].day = 0 }},
		{"move oldest to middle", func(bk *relBook) { bk.briefs[19].day = 90 }},
		{"feature of the second", func(bk *relBook) { bk.briefs[1].feats = []int32{4} }},
	}
	for _, e := range edits {
		bk := base()
		prev := bk.relate(nil, [2]string{})
		e.do(&bk)
		m := bk.relate(prev, [2]string{})
		sh := m.dirty(prev, [2]string{})
		if sh == nil {
			t.Fatalf("%s: no shift", e.what)
		}
		for a := range int32(m.n) {
			j := sh.newToOld[a]
			if j < 0 || sh.changedOld[j] {
				continue
			}
			enter, leave := sh.moved(a, nil, nil)
			wantEnter, wantLeave := windowsDiffer(sh, a)
			if !slices.Equal(enter, wantEnter) || !slices.Equal(leave, wantLeave) {
				t.Errorf("%s: brief %d: enter %v, leave %v, want %v, %v", e.what, a, enter, leave, wantEnter, wantLeave)
			}
		}
	}
	// By hand. x added newest: b00, b01 and b02 (1, 2 and 3 now) had
	// the window 0..6 and have 0..6, which x enters: b06 (7 now) leaves.
	// b03 (4 now) had 0..6 and has 1..7: the same briefs. b19 removed:
	// b18 had 13..19 and has 12..18, which b12 enters.
	for _, c := range []struct {
		edit         int
		a            int32
		enter, leave []int32
	}{{0, 1, nil, []int32{7}}, {0, 3, nil, []int32{7}}, {0, 4, nil, nil}, {4, 18, []int32{12}, nil}} {
		bk := base()
		prev := bk.relate(nil, [2]string{})
		edits[c.edit].do(&bk)
		sh := bk.relate(prev, [2]string{}).dirty(prev, [2]string{})
		enter, leave := sh.moved(c.a, nil, nil)
		if !slices.Equal(enter, c.enter) || !slices.Equal(leave, c.leave) {
			t.Errorf("%s, brief %d: enter %v, leave %v, want %v, %v", edits[c.edit].what, c.a, enter, leave, c.enter, c.leave)
		}
	}
}

// TestNearRelatedResolveFrom makes seeded edits of the kinds that move a
// brief or change its features (its actors, which reuse patches in place
// (reactor.go), its domains, its date, a new brief, a deletion) to a book
// long enough that its common actors' and domains' lists are longer than
// those Memo.mark keeps on the full path, with a small window, and checks
// that ResolveFrom gives the book Resolve gives and that briefs took their
// Related from their old list and their window's changes (nearby.go)
// after edits of each kind. A failure prints the seed and the edits.
func TestNearRelatedResolveFrom(t *testing.T) {
	if testing.Short() {
		t.Skip("resolves a book of 1,500 briefs 120 times")
	}
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 8, 6
	near := map[string]int{}
	for seed := range uint64(2) {
		rng := rand.New(rand.NewPCG(seed, 9))
		in := synthetic(1500, seed)
		var memo *Memo
		var d diag.List
		_, memo = ResolveFrom(nil, in, &d)
		var log []string
		for step := range 30 {
			briefs := slices.Clone(in.Briefs)
			in.Briefs = briefs
			i := rng.IntN(len(briefs))
			if rng.IntN(2) == 0 { // near the newest or the oldest brief
				end := []int{rng.IntN(5), memo.n - 1 - rng.IntN(5)}[rng.IntN(2)]
				i = slices.IndexFunc(briefs, func(b *model.Brief) bool { return b.Slug == memo.slugs[end] })
			}
			b := *briefs[i]
			kind := []string{"actors", "domains", "date", "add", "delete"}[step%5]
			switch kind {
			case "actors":
				b.Actors = []string{fmt.Sprintf("actor %d", rng.IntN(4)), fmt.Sprintf("actor %d", rng.IntN(40))}
			case "domains":
				b.Domains = []string{fmt.Sprintf("domain-%d", rng.IntN(12))}
			case "date":
				b.Date = b.Date.AddDate(0, 0, rng.IntN(200)-100)
			case "add":
				b.Slug, b.Path = fmt.Sprint("new-", step), fmt.Sprintf("content/briefs/new-%d.md", step)
				b.Date = b.Date.AddDate(0, 0, rng.IntN(3)-1)
			}
			switch kind {
			case "add":
				in.Briefs = append(briefs, &b)
			case "delete":
				in.Briefs = slices.Delete(briefs, i, i+1)
			default:
				briefs[i] = &b
			}
			log = append(log, kind+" "+b.Slug)
			var d1 diag.List
			var got *model.Book
			got, memo = ResolveFrom(memo, in, &d1)
			checkSameAsResolve(t, fmt.Sprintf("seed %d, step %d, edits:\n%s\n", seed, step, strings.Join(log, "\n")), got, &d1, in)
			near[kind] += memo.relatedNear
		}
	}
	t.Logf("briefs whose Related came from their old list, by kind of edit: %v", near)
	for _, kind := range []string{"actors", "domains", "date", "add", "delete"} {
		if near[kind] == 0 {
			t.Errorf("%s: no brief's Related came from its old list", kind)
		}
	}
}

// TestMatch checks the maps Memo.match gives between the briefs of two
// memos: by slug for briefs kept, moved by their date or not, and the
// renamed brief paired only when it keeps its neighbours.
func TestMatch(t *testing.T) {
	defer func(w int) { window = w }(window)
	window = 2
	var bk relBook
	for k := range 12 {
		bk.briefs = append(bk.briefs, relBrief{slug: fmt.Sprintf("b%02d", k), day: 100 - k})
	}
	prev := bk.relate(nil, [2]string{})
	bk.briefs[3].day = 50                                       // b03 moves to the end
	bk.briefs[5].slug = "b05-r"                                 // keeps its place
	bk.briefs[8].slug = "a08"                                   // same day as before: keeps its place too
	bk.briefs = slices.Delete(bk.briefs, 10, 11)                // b10 removed
	bk.briefs = append(bk.briefs, relBrief{slug: "x", day: 99}) // x after b01
	for _, renamed := range [][2]string{{"b05", "b05-r"}, {"b08", "a08"}, {}} {
		m := bk.relate(nil, [2]string{})
		newToOld, oldToNew, ok := m.match(prev, renamed)
		if !ok {
			t.Fatalf("%v: not matched", renamed)
		}
		var got []string
		for i, j := range newToOld {
			old := "-"
			if j >= 0 {
				old = prev.slugs[j]
				if oldToNew[j] != int32(i) {
					t.Errorf("%v: oldToNew[%d] = %d, want %d", renamed, j, oldToNew[j], i)
				}
			}
			got = append(got, m.slugs[i]+"="+old)
		}
		want := "b00=b00 b01=b01 x=- b02=b02 b04=b04 b05-r=- b06=b06 b07=b07 a08=- b09=b09 b11=b11 b03=b03"
		if renamed[0] != "" {
			want = strings.Replace(want, renamed[1]+"=-", renamed[1]+"="+renamed[0], 1)
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%v: matched %s, want %s", renamed, g, want)
		}
	}
}
