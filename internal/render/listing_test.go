package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
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
// URL changed in place or out of place, and URLs that are not a folder of
// /briefs/ or not unique, whose pages are sorted as the others are.
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
