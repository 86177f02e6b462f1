package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// renderBook renders every page of b except the brief pages, which the
// tests here do not read, and returns them by path.
func renderBook(t *testing.T, b *model.Book) map[string][]byte {
	t.Helper()
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range r.Pages(b) {
		if strings.HasPrefix(p.Path, "briefs/") && p.Path != "briefs/index.html" {
			out[p.Path] = nil
			continue
		}
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		out[p.Path] = buf.Bytes()
	}
	return out
}

// manyBriefs returns a book of n briefs, newest first, dated one day apart
// back from 2024-01-01.
func manyBriefs(n int, baseURL string) *model.Book {
	b := &model.Book{Site: model.Site{Title: "Many", BaseURL: baseURL, Language: "en"}}
	start := day("2024-01-01")
	for i := range n {
		slug := fmt.Sprintf("b%d", i)
		b.Briefs = append(b.Briefs, &model.Brief{Slug: slug, Title: slug, URL: "/briefs/" + slug + "/", Date: start.AddDate(0, 0, -i)})
	}
	return b
}

// sitemapEntry is a url of a sitemap or a sitemap of an index.
type sitemapEntry struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod"`
}

// parseSitemap parses a sitemap or a sitemap index strictly, checking the
// root element, its namespace and the protocol's limits and rules: at most
// 50,000 entries, each loc an absolute http(s) URL of at most 2,048
// characters, each lastmod a W3C date.
func parseSitemap(t *testing.T, name string, doc []byte, root string) []sitemapEntry {
	t.Helper()
	var v struct {
		XMLName xml.Name
		URLs    []sitemapEntry `xml:"url"`
		Maps    []sitemapEntry `xml:"sitemap"`
	}
	if err := xml.Unmarshal(doc, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if v.XMLName.Local != root || v.XMLName.Space != sitemapNS {
		t.Fatalf("%s: root element %v, want %s in %s", name, v.XMLName, root, sitemapNS)
	}
	entries := append(v.URLs, v.Maps...)
	if len(entries) > 50000 {
		t.Errorf("%s: %d entries, the protocol allows 50,000", name, len(entries))
	}
	for _, e := range entries {
		u, err := url.Parse(e.Loc)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(e.Loc) > 2048 {
			t.Errorf("%s: loc %q is not an absolute http(s) URL", name, e.Loc)
		}
		if _, err := time.Parse(time.DateOnly, e.Lastmod); e.Lastmod != "" && err != nil {
			t.Errorf("%s: lastmod %q is not a date", name, e.Lastmod)
		}
	}
	return entries
}

// TestSitemapSplit checks issue 10's first case: a book with more pages
// than one sitemap may list gets sitemap files of at most 50,000 URLs and
// a sitemap index, which together list every page once.
func TestSitemapSplit(t *testing.T) {
	const briefs = 50001
	total := pageURLs(briefs) // 51,007
	b := manyBriefs(briefs, "https://example.org/book/")
	out := renderBook(t, b)
	index := parseSitemap(t, "sitemap.xml", out["sitemap.xml"], "sitemapindex")
	want := []sitemapEntry{
		{"https://example.org/book/sitemap-1.xml", "2024-01-01"},
		{"https://example.org/book/sitemap-2.xml", "2024-01-01"}, // the home and index pages come last, sorted by path
	}
	if !slices.Equal(index, want) {
		t.Fatalf("sitemap index = %v, want %v", index, want)
	}
	seen := map[string]bool{}
	for i, n := range []int{50000, total - 50000} {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		urls := parseSitemap(t, name, out[name], "urlset")
		if len(urls) != n {
			t.Errorf("%s has %d URLs, want %d", name, len(urls), n)
		}
		for _, u := range urls {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != total {
		t.Errorf("the sitemaps list %d URLs, want %d", len(seen), total)
	}
	if _, ok := out["sitemap-3.xml"]; ok {
		t.Error("a third sitemap file was written")
	}
}

// pageURLs returns the number of pages of a book of manyBriefs with n
// briefs: each brief, the home page, the contents, the four indexes, the search and book pages, and
// the pages after the first of the paginated briefs index.
func pageURLs(n int) int {
	return n + 8 + (n+PageSize-1)/PageSize - 1
}

// TestSitemapNotSplit checks that a book of 50,000 URLs or fewer keeps a
// single sitemap.xml, a urlset.
func TestSitemapNotSplit(t *testing.T) {
	n := 50000
	for pageURLs(n) > 50000 {
		n--
	}
	if pageURLs(n) != 50000 {
		t.Fatalf("no book of manyBriefs has exactly 50,000 URLs (%d briefs: %d)", n, pageURLs(n))
	}
	out := renderBook(t, manyBriefs(n, "https://example.org/"))
	if n := len(parseSitemap(t, "sitemap.xml", out["sitemap.xml"], "urlset")); n != 50000 {
		t.Errorf("sitemap.xml has %d URLs, want 50000", n)
	}
	if _, ok := out["sitemap-1.xml"]; ok {
		t.Error("sitemap-1.xml written for a book of 50,000 URLs")
	}
}

// atomFeedOf parses a feed as an Atom document, checking that every id is
// an absolute IRI (RFC 4287 section 4.2.6) and every date RFC 3339.
func atomFeedOf(t *testing.T, doc []byte) (updated string, entries []atomEntryOut) {
	t.Helper()
	var f struct {
		XMLName xml.Name
		ID      string         `xml:"id"`
		Updated string         `xml:"updated"`
		Entries []atomEntryOut `xml:"entry"`
	}
	if err := xml.Unmarshal(doc, &f); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
		t.Fatalf("feed.xml: root element %v", f.XMLName)
	}
	ids := []string{f.ID}
	dates := []string{f.Updated}
	for _, e := range f.Entries {
		ids = append(ids, e.ID)
		dates = append(dates, e.Updated, e.Published)
		for _, a := range e.Authors {
			if strings.TrimSpace(a) == "" {
				t.Errorf("entry %s has a blank author name", e.ID)
			}
		}
	}
	for _, id := range ids {
		if u, err := url.Parse(id); err != nil || u.Scheme == "" {
			t.Errorf("feed id %q is not an absolute IRI", id)
		}
	}
	for _, d := range dates {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			t.Errorf("feed date %q is not RFC 3339", d)
		}
	}
	return f.Updated, f.Entries
}

type atomEntryOut struct {
	ID        string   `xml:"id"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Authors   []string `xml:"author>name"`
}

// TestPathOnlyBaseURL checks issue 10's path-only base URL: Atom ids are
// tag: URIs, robots.txt names no sitemap, and links keep the path.
func TestPathOnlyBaseURL(t *testing.T) {
	b := manyBriefs(2, "/book/")
	b.Briefs[0].Slug, b.Briefs[0].URL = "only", "/briefs/only/"
	out := renderBook(t, b)
	_, entries := atomFeedOf(t, out["feed.xml"])
	if len(entries) != 2 || entries[0].ID != "tag:briefbook,2000:many/briefs/only/" {
		t.Errorf("feed entries = %+v, want tag: ids", entries)
	}
	if robots := string(out["robots.txt"]); robots != "User-agent: *\nAllow: /\n" {
		t.Errorf("robots.txt = %q, want no Sitemap line", robots)
	}
	if !bytes.Contains(out["index.html"], []byte(`href="/book/briefs/only/"`)) {
		t.Errorf("home page links do not carry the base path")
	}
}

// TestFeedUpdated checks that the feed's updated date is the latest change
// among the entries it shows (issue 10: an old brief updated recently, not
// among the entries, set it), and that drafts stay out of it.
func TestFeedUpdated(t *testing.T) {
	b := manyBriefs(feedSize+1, "https://example.org/")
	b.Briefs[feedSize].Updated = day("2030-01-01") // the oldest, not shown
	b.Briefs[3].Updated = day("2024-02-01")
	updated, entries := atomFeedOf(t, renderBook(t, b)["feed.xml"])
	if updated != "2024-02-01T00:00:00Z" {
		t.Errorf("feed updated = %s, want 2024-02-01, the latest change among its entries", updated)
	}
	if len(entries) != feedSize {
		t.Errorf("%d entries, want %d", len(entries), feedSize)
	}

	b.Briefs[0].Draft = true
	b.Briefs[3].Draft = true
	out := renderBook(t, b)
	updated, entries = atomFeedOf(t, out["feed.xml"])
	for _, e := range entries {
		if e.ID == "https://example.org/briefs/b0/" || e.ID == "https://example.org/briefs/b3/" {
			t.Errorf("draft %s is in the feed", e.ID)
		}
	}
	if len(entries) != feedSize-1 || updated != "2030-01-01T00:00:00Z" {
		t.Errorf("with two drafts: %d entries, updated %s; want %d, 2030-01-01", len(entries), updated, feedSize-1)
	}
	for _, u := range parseSitemap(t, "sitemap.xml", out["sitemap.xml"], "urlset") {
		if strings.HasSuffix(u.Loc, "/b0/") || strings.HasSuffix(u.Loc, "/b3/") {
			t.Errorf("draft %s is in the sitemap", u.Loc)
		}
	}
}

// TestDraftMarked checks issue 10's --drafts: a draft's page says so in a
// banner and in its title, and asks not to be indexed; a final brief's
// page does neither. Both the generated and the template brief page are
// checked.
func TestDraftMarked(t *testing.T) {
	b := manyBriefs(2, "https://example.org/")
	b.Briefs[0].Draft = true
	for _, generated := range []bool{true, false} {
		r, err := New(briefbook.Theme, b.Site)
		if err != nil {
			t.Fatal(err)
		}
		if !generated {
			delete(r.genPages, "brief")
		}
		out := map[string]string{}
		for _, p := range r.Pages(b) {
			var buf bytes.Buffer
			if err := p.Write(&buf); err != nil {
				t.Fatal(err)
			}
			out[p.Path] = buf.String()
		}
		draft, final := out["briefs/b0/index.html"], out["briefs/b1/index.html"]
		for _, want := range []string{
			`<title>Draft: b0 · Many</title>`,
			`<meta name="robots" content="noindex">`,
			`<p class="draft-banner" role="note"><strong>Draft</strong>`,
		} {
			if !strings.Contains(draft, want) {
				t.Errorf("generated=%v: the draft's page lacks %s", generated, want)
			}
		}
		for _, not := range []string{"Draft", "noindex"} {
			if strings.Contains(final, not) {
				t.Errorf("generated=%v: a final brief's page holds %q", generated, not)
			}
		}
	}
}
