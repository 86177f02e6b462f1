package render

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

func TestPagerLinks(t *testing.T) {
	show := func(links []PagerLink) string {
		var parts []string
		for _, l := range links {
			switch {
			case l.Gap:
				parts = append(parts, "…")
			case l.Current:
				parts = append(parts, fmt.Sprintf("[%d]", l.Number))
			default:
				parts = append(parts, fmt.Sprint(l.Number))
			}
		}
		return strings.Join(parts, " ")
	}
	for _, c := range []struct {
		k, count int
		want     string
	}{
		{1, 1, "[1]"},
		{1, 2, "[1] 2"},
		{2, 2, "1 [2]"},
		{1, 7, "[1] 2 3 … 7"},
		{4, 7, "1 2 3 [4] 5 6 7"},
		{5, 7, "1 2 3 4 [5] 6 7"},   // a gap of one page is linked
		{1, 2000, "[1] 2 3 … 2000"}, // 100,000 briefs: still 5 links
		{1000, 2000, "1 … 998 999 [1000] 1001 1002 … 2000"},
		{2000, 2000, "1 … 1998 1999 [2000]"},
	} {
		if got := show(pagerLinks("/briefs/", c.k, c.count)); got != c.want {
			t.Errorf("page %d of %d: %s, want %s", c.k, c.count, got, c.want)
		}
	}
	if got := pagerLinks("/briefs/", 3, 9)[0].URL; got != "/briefs/" {
		t.Errorf("page 1 is at %q, want the list's own URL", got)
	}
	if got := pageURL("/domains/cyber/", 12); got != "/domains/cyber/page/12/" {
		t.Errorf("pageURL = %q", got)
	}
}

// bigBook returns a resolved book of n briefs, all in one domain, naming
// one actor and citing one source, spread evenly over the 2,000 days from
// 2015-01-01, newest first.
func bigBook(n int) *model.Book {
	dom := &model.Domain{Slug: "cyber", Title: "Cyber", URL: "/domains/cyber/"}
	act := &model.Actor{Slug: "japan", Name: "Japan", URL: "/actors/japan/"}
	src := &model.Source{ID: "s1", Slug: "s1", Title: "A report", PageURL: "/sources/s1/"}
	b := &model.Book{
		Site:         model.Site{Title: "Big", BaseURL: fixtureBaseURL, Language: "en"},
		BriefBySlug:  map[string]*model.Brief{},
		Domains:      []*model.Domain{dom},
		Actors:       []*model.Actor{act},
		Sources:      []*model.Source{src},
		DomainBySlug: map[string]*model.Domain{"cyber": dom},
		ActorBySlug:  map[string]*model.Actor{"japan": act},
		SourceByID:   map[string]*model.Source{"s1": src},
	}
	start := day("2015-01-01")
	for i := n - 1; i >= 0; i-- {
		slug := fmt.Sprintf("brief-%05d", i)
		br := &model.Brief{
			Doc:  model.Doc{Path: "content/briefs/" + slug + ".md", Body: []byte("<p>Text.</p>\n")},
			Slug: slug, Title: "Brief " + slug, Date: start.AddDate(0, 0, i*2000/n), URL: "/briefs/" + slug + "/",
			Summary: "What brief " + slug + " says.", DomainList: []*model.Domain{dom}, ActorList: []*model.Actor{act},
			References: []model.Reference{{N: 1, Source: src}},
		}
		b.Briefs = append(b.Briefs, br)
		b.BriefBySlug[slug] = br
		dom.Briefs = append(dom.Briefs, br)
		act.Briefs = append(act.Briefs, br)
		src.Briefs = append(src.Briefs, br)
	}
	return b
}

var (
	itemRE = regexp.MustCompile(`<a class="item-title" href="/book/briefs/([^/]+)/">`)
	relRE  = regexp.MustCompile(`<link rel="(prev|next)" href="([^"]+)">`)
)

// TestPagination renders a book of 120 briefs and checks that the briefs
// index and the domain, actor and source pages are split into pages of
// PageSize, that together they list every brief once, newest first, that
// their links (numbered, previous and next, by year, in the head) lead to
// pages that exist under the base path, and that every page is in the
// sitemap.
func TestPagination(t *testing.T) {
	book := bigBook(120)
	r, err := New(briefbook.Theme, book.Site)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range r.Pages(book) {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		out[p.Path] = buf.Bytes()
	}
	sitemap := string(out["sitemap.xml"])
	for _, list := range []string{"briefs/", "domains/cyber/", "actors/japan/", "sources/s1/"} {
		var got []string
		for k := 1; k <= 3; k++ {
			path := list + "index.html"
			if k > 1 {
				path = fmt.Sprintf("%spage/%d/index.html", list, k)
			}
			page, ok := out[path]
			if !ok {
				t.Fatalf("no page %s", path)
			}
			for _, m := range itemRE.FindAllStringSubmatch(string(page), -1) {
				got = append(got, m[1])
			}
			url := "https://example.org/book/" + strings.TrimSuffix(path, "index.html")
			if !strings.Contains(sitemap, "<loc>"+url+"</loc>") {
				t.Errorf("sitemap lacks %s", url)
			}
			rels := relRE.FindAllStringSubmatch(string(page), -1)
			if want := map[int]int{1: 1, 2: 2, 3: 1}[k]; len(rels) != want {
				t.Errorf("%s: %d rel=prev/next links, want %d", path, len(rels), want)
			}
			for _, m := range hrefRE.FindAllStringSubmatch(string(page), -1) {
				checkLink(t, path, html.UnescapeString(m[1]), out, nil)
			}
			if k == 2 && !strings.Contains(string(page), `<span aria-current="page">2</span>`) {
				t.Errorf("%s does not mark page 2 as current", path)
			}
		}
		if _, ok := out[list+"page/4/index.html"]; ok {
			t.Errorf("%s has a fourth page for 120 briefs", list)
		}
		if len(got) != 120 || got[0] != "brief-00119" || got[119] != "brief-00000" {
			t.Errorf("%s lists %d briefs (%v … ), want 120, newest first", list, len(got), got[:min(3, len(got))])
		}
		seen := map[string]bool{}
		for _, s := range got {
			if seen[s] {
				t.Errorf("%s lists %s twice", list, s)
			}
			seen[s] = true
		}
	}
	// 120 briefs over 2,000 days from 2015: 2020 is on page 1 (its 10
	// briefs are the newest); 2015 starts on page 2 (brief 99 of 120).
	for _, want := range []string{
		`<li><a href="/book/briefs/">2020</a> <span class="count">10</span></li>`,
		`<li><a href="/book/briefs/page/2/">2015</a> <span class="count">22</span></li>`,
	} {
		if !strings.Contains(string(out["briefs/page/2/index.html"]), want) {
			t.Errorf("the by-year archive lacks %s", want)
		}
	}
}

// TestListPageSizeBounded checks that list pages do not grow with the book:
// the largest page of the briefs index of a 20,000-brief book is at most
// a few percent larger than that of a 1,000-brief book.
func TestListPageSizeBounded(t *testing.T) {
	largest := func(n int) int {
		book := bigBook(n)
		r, err := New(briefbook.Theme, book.Site)
		if err != nil {
			t.Fatal(err)
		}
		most := 0
		for _, p := range r.Pages(book) {
			if !strings.HasPrefix(p.Path, "briefs/index") && !strings.HasPrefix(p.Path, "briefs/page/") &&
				!strings.HasPrefix(p.Path, "domains/cyber/") {
				continue
			}
			var buf bytes.Buffer
			if err := p.Write(&buf); err != nil {
				t.Fatal(err)
			}
			most = max(most, buf.Len())
		}
		return most
	}
	small, big := largest(1000), largest(20000)
	if big > small*11/10 || big > 200<<10 {
		t.Errorf("largest list page: %d bytes at 1,000 briefs, %d at 20,000", small, big)
	}
}
