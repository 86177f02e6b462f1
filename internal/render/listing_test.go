package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// withBriefs returns a copy of book b whose Briefs are briefs.
func withBriefs(b *model.Book, briefs []*model.Brief) *model.Book {
	c := *b
	c.Briefs = briefs
	return &c
}

// renamed returns a copy of brief br with slug s.
func renamed(br *model.Brief, s string) *model.Brief {
	c := *br
	c.Slug, c.URL = s, "/briefs/"+s+"/"
	c.Title = "Brief " + s
	return &c
}

// TestListingAcrossBooks lists versions of a book through one renderer,
// which keeps the order of the briefs of the book it listed last (see
// briefOrder), and checks each list against a fresh renderer's and
// against the book itself: sorted by Path, each brief's page and preview
// at their paths written from that brief, the sitemap listing every page
// with a URL in order, drafts left out. The versions take each way
// through sortedRun: the same order, briefs moved in the book's order, a
// URL changed in place or out of place, briefs added, removed or moved
// (derived from the last run, see derivedRun), more added than can be
// derived, and URLs that are not a folder of /briefs/ or not unique,
// whose pages are sorted as the others are.
func TestListingAcrossBooks(t *testing.T) {
	base := bigBook(300)
	base.Briefs[7].Draft = true
	swapped := slices.Clone(base.Briefs)
	swapped[3], swapped[200] = swapped[200], swapped[3]
	inPlace := slices.Clone(base.Briefs)
	inPlace[10] = renamed(inPlace[10], inPlace[10].Slug+"a") // brief-00289a sorts where brief-00289 did
	moved := slices.Clone(base.Briefs)
	moved[10] = renamed(moved[10], "aaa")
	nested := slices.Clone(base.Briefs)
	nested[20] = renamed(nested[20], "x")
	nested[20].URL = "/briefs/x/y/"
	twice := slices.Clone(base.Briefs)
	twice[30] = renamed(twice[30], twice[31].Slug)
	added := slices.Insert(slices.Clone(base.Briefs), 50, renamed(base.Briefs[50], "new"))
	removed := slices.Delete(slices.Clone(base.Briefs), 60, 61)
	dated := slices.Insert(slices.Delete(slices.Clone(base.Briefs), 5, 6), 250, base.Briefs[5])
	many := slices.Clone(base.Briefs)
	for i := range 100 {
		br := renamed(base.Briefs[i], fmt.Sprintf("new-%03d", i))
		br.Draft = false
		many = slices.Insert(many, 2*i, br)
	}
	addedNested := slices.Insert(slices.Clone(base.Briefs), 40, renamed(base.Briefs[40], "z"))
	addedNested[40].URL = "/briefs/z/y/"
	shared, err := New(briefbook.Theme, base.Site)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name   string
		book   *model.Book
		unique bool
	}{
		{"first", base, true},
		{"same", base, true},
		{"swapped", withBriefs(base, swapped), true},
		{"back", base, true},
		{"renamed in place", withBriefs(base, inPlace), true},
		{"renamed and moved", withBriefs(base, moved), true},
		{"nested URL", withBriefs(base, nested), true},
		{"after nested", base, true},
		{"two of one URL", withBriefs(base, twice), false},
		{"after two of one URL", base, true},
		{"brief added", withBriefs(base, added), true},
		{"brief removed", withBriefs(base, removed), true},
		{"brief moved by its date", withBriefs(base, dated), true},
		{"a hundred briefs added", withBriefs(base, many), true},
		{"back again", base, true},
		{"brief added with a nested URL", withBriefs(base, addedNested), true},
		{"last", base, true},
	} {
		fresh, err := New(briefbook.Theme, base.Site)
		if err != nil {
			t.Fatal(err)
		}
		got, want := shared.Pages(v.book), fresh.Pages(v.book)
		if !slices.EqualFunc(got, want, func(a, b Page) bool { return a.Path == b.Path }) {
			t.Errorf("%s: paths differ from a fresh renderer's", v.name)
		}
		checkListing(t, v.name, v.book, got, v.unique)
	}
}

// checkListing checks pages, the list of book b, as TestListingAcrossBooks
// says.
func checkListing(t *testing.T, name string, b *model.Book, pages []Page, unique bool) {
	t.Helper()
	byPath := map[string]Page{}
	var listed []string
	for i, p := range pages {
		if i > 0 && (p.Path < pages[i-1].Path || unique && p.Path == pages[i-1].Path) {
			t.Errorf("%s: %s after %s", name, p.Path, pages[i-1].Path)
		}
		byPath[p.Path] = p
		if strings.HasSuffix(p.Path, "index.html") {
			listed = append(listed, "https://example.org/book/"+strings.TrimSuffix(p.Path, "index.html"))
		}
	}
	drafts := 0
	for _, br := range b.Briefs {
		dir := strings.TrimPrefix(br.URL, "/")
		if br.Draft {
			listed = slices.DeleteFunc(listed, func(u string) bool { return u == "https://example.org/book/"+dir })
			drafts++
		}
		if !unique {
			continue
		}
		var buf bytes.Buffer
		if err := byPath[dir+"index.html"].Write(&buf); err != nil {
			t.Fatalf("%s: %s: %v", name, dir, err)
		}
		if !strings.Contains(buf.String(), "<h1>"+br.Title) && !strings.Contains(buf.String(), ">"+br.Title+"<") {
			t.Errorf("%s: %sindex.html is not the page of %s", name, dir, br.Title)
		}
		buf.Reset()
		var pv Preview
		if err := byPath[dir+"preview.json"].Write(&buf); err != nil || json.Unmarshal(buf.Bytes(), &pv) != nil || pv.Title != br.Title {
			t.Errorf("%s: %spreview.json is not the preview of %s: %s", name, dir, br.Title, buf.String())
		}
	}
	if drafts != 1 {
		t.Fatalf("%s: %d drafts, want 1", name, drafts)
	}
	var buf bytes.Buffer
	if err := byPath["sitemap.xml"].Write(&buf); err != nil {
		t.Fatal(err)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &sm); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc)
	}
	listed = slices.DeleteFunc(listed, func(u string) bool { return strings.HasSuffix(u, "/404.html") })
	if !slices.Equal(locs, listed) {
		t.Errorf("%s: the sitemap lists %d URLs, want the %d pages in order", name, len(locs), len(listed))
	}
}

// TestCountFromLists checks that the most named actors counted from the
// actors' and domains' lists of briefs are those mostNamed counts from
// every brief, in a book made by resolve, and that a book whose lists
// cannot be trusted for it is counted by mostNamed.
func TestCountFromLists(t *testing.T) {
	b := benchBook(t, 300)
	got, want := countFromLists(b), countByBriefs(b)
	if got == nil {
		t.Fatal("countFromLists refused a resolved book")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("countFromLists = %v, want %v", got, want)
	}
	if len(want.top) == 0 || len(want.domTop) == 0 || len(want.domTop[0]) == 0 {
		t.Fatal("the book names no actor: the test proves nothing")
	}
	for _, f := range facets(b) {
		if n := len(f.briefs()); n != f.n {
			t.Errorf("facet %s: %d briefs, counted %d", f.url, n, f.n)
		}
	}

	// Two actors of one name: mostNamed orders them by their first brief.
	twin := *b.Actors[1]
	twin.Name = b.Actors[0].Name
	twins := *b
	twins.Actors = append([]*model.Actor{b.Actors[0], &twin}, b.Actors[2:]...)
	if countFromLists(&twins) != nil {
		t.Error("countFromLists counted a book with two actors of one name")
	}
	// An actor's list short of a brief naming it.
	short := *b.Actors[0]
	short.Briefs = short.Briefs[1:]
	shorter := *b
	shorter.Actors = append([]*model.Actor{&short}, b.Actors[1:]...)
	if countFromLists(&shorter) != nil {
		t.Error("countFromLists counted a book whose lists disagree with its briefs")
	}
}

// TestDerivedRun derives the run of a book from the run of another
// version of it (derivedRun) and checks that it is the run sorting
// gives, with the same paths, for each small difference between two
// versions: briefs added (one, two together, first, last), removed,
// renamed, moved by their date, swapped; and that it declines when the
// versions differ by more than maxMoved briefs or the new run is not one
// sortedRun accepts.
func TestDerivedRun(t *testing.T) {
	base := bigBook(300).Briefs
	edit := func(f func(b []*model.Brief) []*model.Brief) []*model.Brief { return f(slices.Clone(base)) }
	add := func(at int, slug string) func([]*model.Brief) []*model.Brief {
		return func(b []*model.Brief) []*model.Brief { return slices.Insert(b, at, renamed(base[at%len(base)], slug)) }
	}
	for _, c := range []struct {
		name   string
		briefs []*model.Brief
		ok     bool
	}{
		{"one added", edit(add(50, "new")), true},
		{"one added first", edit(add(0, "aaa")), true},
		{"one added last", edit(add(300, "zzz")), true},
		{"two added together", edit(func(b []*model.Brief) []*model.Brief {
			return add(51, "new2")(add(50, "new1")(b))
		}), true},
		{"ten added together", edit(func(b []*model.Brief) []*model.Brief {
			for i := range 10 {
				b = add(50+i, fmt.Sprintf("new%d", i))(b)
			}
			return b
		}), true},
		{"one removed", edit(func(b []*model.Brief) []*model.Brief { return slices.Delete(b, 60, 61) }), true},
		{"first and last removed", edit(func(b []*model.Brief) []*model.Brief { return b[1 : len(b)-1] }), true},
		{"ten removed together", edit(func(b []*model.Brief) []*model.Brief { return slices.Delete(b, 60, 70) }), true},
		{"renamed", edit(func(b []*model.Brief) []*model.Brief { b[70] = renamed(b[70], "renamed"); return b }), true},
		{"moved later by its date", edit(func(b []*model.Brief) []*model.Brief {
			return slices.Insert(slices.Delete(b, 5, 6), 250, base[5])
		}), true},
		{"moved earlier by its date", edit(func(b []*model.Brief) []*model.Brief {
			return slices.Insert(slices.Delete(b, 250, 251), 5, base[250])
		}), true},
		{"swapped", edit(func(b []*model.Brief) []*model.Brief { b[3], b[200] = b[200], b[3]; return b }), true},
		{"renamed, added and removed", edit(func(b []*model.Brief) []*model.Brief {
			b[10] = renamed(b[10], "r")
			return slices.Delete(add(100, "n")(b), 200, 201)
		}), true},
		{"too many added", edit(func(b []*model.Brief) []*model.Brief {
			for i := range maxMoved + 1 {
				b = add(2*i, fmt.Sprintf("many%03d", i))(b)
			}
			return b
		}), false},
		{"all removed", nil, false},
		{"one of an URL taken", edit(func(b []*model.Brief) []*model.Brief { return add(50, base[10].Slug)(b) }), false},
		{"nested URL added", edit(func(b []*model.Brief) []*model.Brief {
			b = add(50, "z")(b)
			b[50].URL = "/briefs/z/y/"
			return b
		}), false},
	} {
		var o briefOrder
		last, ok := o.sortRun(base)
		if !ok {
			t.Fatal("the base book's run is not in order")
		}
		got, perm, ok := derivedRun(last, o.perm, c.briefs)
		if ok != c.ok {
			t.Errorf("%s: derived %v, want %v", c.name, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		var fresh briefOrder
		want, _ := fresh.sortRun(c.briefs)
		if !slices.Equal(got.briefs, want.briefs) || !slices.Equal(got.urls, want.urls) || !slices.Equal(got.paths, want.paths) {
			t.Errorf("%s: derived run differs from the sorted one", c.name)
		}
		if !slices.Equal(perm, fresh.perm) {
			t.Errorf("%s: derived perm differs from the sorted one", c.name)
		}
	}
}
