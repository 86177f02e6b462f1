package render

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// TestGoDepsCoverData fails when Data gains a field that goDeps does not
// know: what Go code fills it in from the book must be declared there.
func TestGoDepsCoverData(t *testing.T) {
	known := slices.Clone(dataPlainFields)
	for _, f := range dataGoFields {
		known = append(known, f.name)
	}
	dt := reflect.TypeOf(Data{})
	for i := range dt.NumField() {
		if name := dt.Field(i).Name; !slices.Contains(known, name) {
			t.Errorf("Data.%s is not in dataGoFields or dataPlainFields: declare what the Go code that sets it reads (goDeps)", name)
		}
	}
}

// tracedPages returns, by path, the fingerprint and dependencies of every
// page of b that records them.
func tracedPages(t *testing.T, r *Renderer, b *model.Book) map[string]struct {
	fp   Fingerprint
	deps Deps
} {
	t.Helper()
	out := map[string]struct {
		fp   Fingerprint
		deps Deps
	}{}
	for _, p := range r.Pages(b) {
		if p.Traced == nil {
			continue
		}
		fp, deps, err := p.Traced()
		if err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		out[p.Path] = struct {
			fp   Fingerprint
			deps Deps
		}{fp, deps}
	}
	return out
}

// TestDepsCoverFingerprints edits a copy of the fixture book in many ways
// and checks that every page whose fingerprint changed has a dependency
// Diff says changed (so package site, which skips the pages none of
// whose dependencies changed, misses none whose bytes changed), and
// that some pages are left untouched.
func TestDepsCoverFingerprints(t *testing.T) {
	byPath := func(b *model.Book, p string) *model.Brief {
		for _, br := range b.Briefs {
			if br.Path == p {
				return br
			}
		}
		t.Fatalf("no brief %s", p)
		return nil
	}
	first := func(b *model.Book) *model.Brief { return b.Briefs[0] }
	for _, tc := range []struct {
		name string
		edit func(b *model.Book)
	}{
		{"a brief's title", func(b *model.Book) { first(b).Title += " (edited)" }},
		{"a related brief's title", func(b *model.Book) {
			for _, br := range b.Briefs {
				if len(br.Related) > 0 {
					br.Related[0].Title += " (edited)"
					return
				}
			}
		}},
		{"a brief's date", func(b *model.Book) { first(b).Date = first(b).Date.AddDate(-3, 0, 0) }},
		{"a brief's summary", func(b *model.Book) { first(b).Summary = "Edited." }},
		{"a brief's authors", func(b *model.Book) { first(b).Authors = append(first(b).Authors, "Someone") }},
		{"a brief's body", func(b *model.Book) { first(b).Body = append([]byte("<p>New.</p>"), first(b).Body...) }},
		{"a brief's words", func(b *model.Book) { first(b).Words += 1000 }},
		{"a brief's actors", func(b *model.Book) { first(b).ActorList = first(b).ActorList[:0] }},
		{"an actor's name", func(b *model.Book) { b.Actors[0].Name += " (edited)" }},
		{"an actor's summary", func(b *model.Book) { b.Actors[0].Summary = "Edited." }},
		{"an actor's kind", func(b *model.Book) { b.Actors[0].Kind = "edited" }},
		{"a domain's title", func(b *model.Book) { b.Domains[0].Title += " (edited)" }},
		{"a source's title", func(b *model.Book) { b.Sources[0].Title += " (edited)" }},
		{"the home page's title", func(b *model.Book) { b.Home.Title += " (edited)" }},
		{"the book's order", func(b *model.Book) { b.Briefs[0], b.Briefs[1] = b.Briefs[1], b.Briefs[0] }},
		{"a brief's number", func(b *model.Book) { byPath(b, b.Briefs[len(b.Briefs)-1].Path).Number = "9.9" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := fixtureBook(), fixtureBook()
			shareBodies(a, b)
			tc.edit(b)
			changed, untouched := checkDepsCover(t, a, b)
			if changed == 0 {
				t.Errorf("no fingerprint changed")
			}
			if untouched == 0 {
				t.Errorf("every page was touched: the dependencies say nothing")
			}
		})
	}
}

// checkDepsCover checks that every page of a whose fingerprint differs
// in b has a dependency Diff(a, b) says changed, and returns how many
// pages changed and how many are untouched.
func checkDepsCover(t *testing.T, a, b *model.Book) (changed, untouched int) {
	t.Helper()
	r, err := New(briefbook.Theme, a.Site)
	if err != nil {
		t.Fatal(err)
	}
	before, after := tracedPages(t, r, a), tracedPages(t, r, b)
	ch := Diff(a, b, nil)
	if len(ch.Refs()) == 0 {
		t.Fatal("Diff found no change")
	}
	for p, x := range before {
		y, ok := after[p]
		if !ok {
			continue
		}
		touched := ch.Touches(x.deps)
		if x.fp != y.fp {
			changed++
			if !touched {
				t.Errorf("%s: the fingerprint changed, but none of its dependencies did: %v", p, x.deps)
			}
		}
		if !touched {
			untouched++
		}
	}
	return changed, untouched
}

// TestDepsListDates checks the dependency of a list's first page on the
// dates of briefs it does not show: an actor's timeline draws every
// brief of the actor, so moving the oldest one, on the second page, a
// few years back changes the first page.
func TestDepsListDates(t *testing.T) {
	mk := func() *model.Book {
		b := fixtureBook()
		a := b.Actors[0]
		for i := range 60 {
			slug := fmt.Sprintf("listed-%02d", i)
			br := &model.Brief{Doc: model.Doc{Path: "content/briefs/" + slug + ".md"}, Slug: slug, Title: "Listed " + slug,
				Date: day("2010-01-15").AddDate(0, -i, 0), URL: "/briefs/" + slug + "/", ActorList: []*model.Actor{a}}
			b.Briefs = append(b.Briefs, br)
			a.Briefs = append(a.Briefs, br) // older than the fixture's
		}
		return b
	}
	a, b := mk(), mk()
	shareBodies(a, b)
	act := b.Actors[0]
	act.Briefs[len(act.Briefs)-1].Date = act.Briefs[len(act.Briefs)-1].Date.AddDate(-3, 0, 0) // still the oldest
	page := strings.TrimPrefix(act.URL, "/") + "index.html"
	r, err := New(briefbook.Theme, a.Site)
	if err != nil {
		t.Fatal(err)
	}
	if x, y := tracedPages(t, r, a)[page], tracedPages(t, r, b)[page]; x.fp == y.fp {
		t.Fatalf("%s: the fingerprint did not change: the test edits nothing it shows", page)
	}
	checkDepsCover(t, a, b)
}

// shareBodies gives the documents of b, a book of the same values as a,
// a's bodies: fingerprints hash bodies by identity, as the parse stage
// gives a file whose content is the same the same body.
func shareBodies(a, b *model.Book) {
	for i := range b.Briefs {
		b.Briefs[i].Body = a.Briefs[i].Body
	}
	for i := range b.Actors {
		b.Actors[i].Body = a.Actors[i].Body
	}
	for i := range b.Domains {
		b.Domains[i].Body = a.Domains[i].Body
	}
	for i := range b.Pages {
		b.Pages[i].Body = a.Pages[i].Body
	}
	if a.Home != nil && b.Home != nil {
		b.Home.Body = a.Home.Body
	}
}

// TestDiffSameValues checks that two books of the same values, made
// apart, have no change, and that Diff names the field edited.
func TestDiffSameValues(t *testing.T) {
	a, b := fixtureBook(), fixtureBook()
	if refs := Diff(a, b, nil).Refs(); len(refs) != 0 {
		t.Fatalf("Diff of equal books = %v", refs)
	}
	b.Briefs[0].Title += " (edited)"
	ch := Diff(a, b, nil)
	title := bits(briefType, "Title")
	if got := ch.m[entityKey(b.Briefs[0])]; got != title {
		t.Errorf("the edited brief's mask = %b, want %b (Title)", got, title)
	}
	if got := ch.m[every(DepBrief)]; got != title {
		t.Errorf("every brief's mask = %b, want %b (Title)", got, title)
	}
	// edited names the documents to compare: the others are taken as equal.
	if refs := Diff(a, b, []string{b.Briefs[1].Path}).Refs(); len(refs) != 0 {
		t.Errorf("Diff, told only another brief was edited, = %v", refs)
	}
	b.Briefs = b.Briefs[1:]
	if got := Diff(a, b, nil).m[every(DepBrief)]; got&MembersBit == 0 {
		t.Errorf("a brief removed: every brief's mask = %b, without MembersBit", got)
	}
}

// TestDiffBookFields fails when model.Book gains a field diffBook does
// not compare.
func TestDiffBookFields(t *testing.T) {
	bt := reflect.TypeOf(model.Book{})
	var names []string
	for i := range bt.NumField() {
		names = append(names, bt.Field(i).Name)
	}
	if !slices.Equal(names, bookFields) {
		t.Errorf("model.Book's fields are %v, diffBook compares %v", names, bookFields)
	}
}

// TestDiffBriefFields fails when model.Brief gains a field diffBrief does
// not compare, and checks that diffBrief names the fields diffEntity
// names on the fixture's briefs edited.
func TestDiffBriefFields(t *testing.T) {
	bt := reflect.TypeOf(model.Brief{})
	var names []string
	for i := range bt.NumField() {
		names = append(names, bt.Field(i).Name)
	}
	if !slices.Equal(names, briefFields) {
		t.Fatalf("model.Brief's fields are %v, diffBrief compares %v", names, briefFields)
	}
	a, b := fixtureBook(), fixtureBook()
	for i := range b.Briefs {
		x, y := a.Briefs[i], b.Briefs[i]
		if got, want := diffBrief(x, y), diffEntity(reflect.ValueOf(x).Elem(), reflect.ValueOf(y).Elem()); got != want {
			t.Errorf("%s: diffBrief = %b, diffEntity = %b", x.Path, got, want)
		}
		y.Title += "!"
		y.Related = nil
		y.Body = append([]byte("x"), y.Body...)
		y.Date = y.Date.AddDate(1, 0, 0)
		if got, want := diffBrief(x, y), diffEntity(reflect.ValueOf(x).Elem(), reflect.ValueOf(y).Elem()); got != want {
			t.Errorf("%s edited: diffBrief = %b, diffEntity = %b", x.Path, got, want)
		}
	}
}

// TestDepsBriefListsNotRead checks that a brief's page and preview do
// not depend on the lists of briefs of its domains and of the sources it
// cites, which change whenever another brief of them is added, removed
// or renamed: what the pages' Go code reads of them (jsonld's keywords
// and citations, a preview's domains) leaves those lists out. Without
// that, renaming a brief made every brief of its domains a page to trace
// again.
func TestDepsBriefListsNotRead(t *testing.T) {
	a, b := fixtureBook(), fixtureBook()
	shareBodies(a, b)
	gsomia := b.BriefBySlug["gsomia"]
	trade, haggard, cha := b.DomainBySlug["trade"], b.SourceByID["haggard-2021"], b.SourceByID["cha-2019"]
	if !slices.Contains(gsomia.DomainList, trade) || len(gsomia.References) == 0 {
		t.Fatal("the fixture's gsomia brief is no longer in the trade domain or cites nothing")
	}
	// The trade dispute brief leaves the lists gsomia shares with it.
	without := func(l []*model.Brief) []*model.Brief {
		return slices.DeleteFunc(slices.Clone(l), func(br *model.Brief) bool { return br.Slug == "trade-dispute" })
	}
	trade.Briefs, haggard.Briefs, cha.Briefs = without(trade.Briefs), without(haggard.Briefs), without(cha.Briefs)
	changed, _ := checkDepsCover(t, a, b)
	if changed == 0 {
		t.Fatal("no fingerprint changed: the edit changes nothing a page shows")
	}
	ch := Diff(a, b, nil)
	r, err := New(briefbook.Theme, a.Site)
	if err != nil {
		t.Fatal(err)
	}
	pages := tracedPages(t, r, a)
	for _, p := range []string{"briefs/gsomia/index.html", "briefs/gsomia/preview.json"} {
		x, ok := pages[p]
		if !ok {
			t.Fatalf("no page %s", p)
		}
		if ch.Touches(x.deps) {
			t.Errorf("%s depends on the lists of briefs of its domains or sources: %v", p, x.deps)
		}
	}
}

// TestDepsBriefsIndexPages checks that renaming a brief on the last page
// of the briefs index touches that page only, not the pages before it,
// whose briefs, length and by-year archive are the same (DepBriefsPage);
// and that the pages whose fingerprints change are touched.
func TestDepsBriefsIndexPages(t *testing.T) {
	mk := func() *model.Book {
		b := fixtureBook()
		for i := range 2*PageSize + 10 {
			slug := fmt.Sprintf("listed-%03d", i)
			b.Briefs = append(b.Briefs, &model.Brief{Doc: model.Doc{Path: "content/briefs/" + slug + ".md"}, Slug: slug,
				Title: "Listed " + slug, Date: day("2010-01-15").AddDate(0, -i, 0), URL: "/briefs/" + slug + "/"})
		}
		return b
	}
	checkRenameLast(t, mk, []pageTouch{{"briefs/index.html", false}, {"briefs/page/2/index.html", false}, {"briefs/page/3/index.html", true}})
}

// TestDepsListPages checks that renaming a brief on the last page of a
// domain's, an actor's and a source's lists touches that page of each
// only, not the pages before it, whose briefs, length, by-year archive
// and chart are the same (DepListPage); and that the pages whose
// fingerprints change are touched.
func TestDepsListPages(t *testing.T) {
	mk := func() *model.Book {
		b := fixtureBook()
		dom, act, src := b.DomainBySlug["security"], b.ActorBySlug["japan"], b.Sources[0]
		for i := range 2*PageSize + 10 {
			slug := fmt.Sprintf("listed-%03d", i)
			br := &model.Brief{Doc: model.Doc{Path: "content/briefs/" + slug + ".md"}, Slug: slug,
				Title: "Listed " + slug, Date: day("2010-01-15").AddDate(0, -i, 0), URL: "/briefs/" + slug + "/",
				DomainList: []*model.Domain{dom}, ActorList: []*model.Actor{act},
				References: []model.Reference{{N: 1, Source: src, Cited: true}}}
			b.Briefs = append(b.Briefs, br)
			dom.Briefs, act.Briefs, src.Briefs = append(dom.Briefs, br), append(act.Briefs, br), append(src.Briefs, br)
		}
		return b
	}
	var want []pageTouch
	for _, base := range []string{"domains/security/", "actors/japan/", strings.TrimPrefix(mk().Sources[0].PageURL, "/")} {
		want = append(want, pageTouch{base + "index.html", false}, pageTouch{base + "page/2/index.html", false}, pageTouch{base + "page/3/index.html", true})
	}
	checkRenameLast(t, mk, want)
}

// pageTouch is an output path and whether an edit should touch the page
// there.
type pageTouch struct {
	path    string
	touched bool
}

// checkRenameLast makes two books with mk, renames the last brief of the
// second, checks that every page whose fingerprint changes is touched
// (checkDepsCover), and that the renaming touches each page of want, or
// not, as it says.
func checkRenameLast(t *testing.T, mk func() *model.Book, want []pageTouch) {
	t.Helper()
	a, b := mk(), mk()
	shareBodies(a, b)
	last := b.Briefs[len(b.Briefs)-1]
	last.Path, last.Slug, last.URL = "content/briefs/renamed.md", "renamed", "/briefs/renamed/"
	checkDepsCover(t, a, b)
	r, err := New(briefbook.Theme, a.Site)
	if err != nil {
		t.Fatal(err)
	}
	pages := tracedPages(t, r, a)
	ch := Diff(a, b, nil)
	for _, tc := range want {
		x, ok := pages[tc.path]
		if !ok {
			t.Fatalf("no page %s", tc.path)
		}
		if got := ch.Touches(x.deps); got != tc.touched {
			t.Errorf("%s: touched by renaming the last brief: %v, want %v (deps %v)", tc.path, got, tc.touched, x.deps)
		}
	}
}
