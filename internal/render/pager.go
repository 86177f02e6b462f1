package render

import (
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// PageSize is the number of briefs on one page of a brief list: the
// briefs index and every domain, actor and source page. Page 1 of a list is
// at the list's URL, page k at URL + "page/k/" ("/briefs/page/2/"), as
// Hugo paginates.
const PageSize = 50

// pagerWidth is the number of page links shown on either side of the
// current page; the first and last pages are always linked, and the runs
// left out are shown as gaps, so a page links to at most 2*pagerWidth+5
// pages however long the list.
const pagerWidth = 2

// Pager is one page of a paginated brief list.
type Pager struct {
	Number int            // this page, from 1
	Count  int            // number of pages, at least 1
	Total  int            // briefs in the whole list
	Briefs []*model.Brief // this page's briefs, newest first
	Prev   string         // site-relative URL of the previous (newer) page, "" on page 1
	Next   string         // site-relative URL of the next (older) page, "" on the last
	Links  []PagerLink    // the numbered links, with gaps
	Years  []YearLink     // the by-year archive, newest year first
}

// PagerLink is one item of a pager's numbered links.
type PagerLink struct {
	Number  int    // page number; 0 for a gap
	URL     string // site-relative URL of the page
	Current bool   // the page being shown
	Gap     bool   // a run of pages left out
}

// YearLink is one year of the by-year archive: how many briefs of the list
// are dated in it, and the page where they start.
type YearLink struct {
	Year  int
	Count int
	URL   string
}

// pageURL returns the site-relative URL of page k of the list at base.
func pageURL(base string, k int) string {
	if k <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(k) + "/"
}

// pageCount returns the number of pages of a list of n briefs: an empty
// list has one empty page.
func pageCount(n int) int {
	return max(1, (n+PageSize-1)/PageSize)
}

// pager returns page k of the list at base of briefs (newest first), which
// has count pages, with the list's by-year archive years.
func pager(base string, briefs []*model.Brief, years []YearLink, k, count int) *Pager {
	p := &Pager{Number: k, Count: count, Total: len(briefs), Years: years}
	p.Briefs = briefs[min((k-1)*PageSize, len(briefs)):min(k*PageSize, len(briefs))]
	if k > 1 {
		p.Prev = pageURL(base, k-1)
	}
	if k < count {
		p.Next = pageURL(base, k+1)
	}
	p.Links = pagerLinks(base, k, count)
	return p
}

// pagerLinks returns the numbered links of page k of count: the first and
// last pages, pagerWidth pages either side of k, and a gap for each run
// left out (a run of one page is linked rather than hidden).
func pagerLinks(base string, k, count int) []PagerLink {
	var shown []int
	for n := 1; n <= count; n++ {
		if n == 1 || n == count || (n >= k-pagerWidth && n <= k+pagerWidth) {
			shown = append(shown, n)
		}
	}
	var links []PagerLink
	link := func(n int) {
		links = append(links, PagerLink{Number: n, URL: pageURL(base, n), Current: n == k})
	}
	for i, n := range shown {
		if i > 0 {
			switch gap := n - shown[i-1]; {
			case gap == 2:
				link(n - 1)
			case gap > 2:
				links = append(links, PagerLink{Gap: true})
			}
		}
		link(n)
	}
	return links
}

// yearLinks returns the by-year archive of briefs (newest first): each
// year with its number of briefs and the page where its first brief is.
func yearLinks(base string, briefs []*model.Brief) []YearLink {
	var years []YearLink
	for i, b := range briefs {
		y := b.Date.Year()
		if n := len(years); n > 0 && years[n-1].Year == y {
			years[n-1].Count++
			continue
		}
		years = append(years, YearLink{Year: y, Count: 1, URL: pageURL(base, i/PageSize+1)})
	}
	return years
}

// list is a paginated brief list: the briefs index, or the briefs of a
// domain, an actor, a source or a facet. Which pages it has follows from
// its URL and its length, known when it is listed; its briefs (when they
// must be picked out), its by-year archive and its last change are made
// when one of its pages first needs them, once for all of them.
type list struct {
	c           *bookContext
	kind, url   string
	title, desc string // page 1's; page k is titled "title, page k"
	n           int    // briefs in the list
	// briefs is the list, newest first; or nil and find gives it.
	briefs []*model.Brief
	find   func() []*model.Brief
	// whole returns the last change of the whole list, page 1's lastmod;
	// nil: that of its briefs.
	whole func() time.Time
	// mk fills in the fields of the kind's data besides the pager.
	mk func(d *Data) error

	once  sync.Once
	years []YearLink
}

// load makes what the list's pages share: its briefs, when they must be
// picked out, and its by-year archive.
func (l *list) load() {
	l.once.Do(func() {
		if l.find != nil {
			l.briefs = l.find()
		}
		l.years = yearLinks(l.url, l.briefs)
	})
}

// data returns the data of page k of the list.
func (l *list) data(k int) (*Data, error) {
	l.load()
	u, t := pageURL(l.url, k), l.title
	if k > 1 {
		t = l.title + ", page " + strconv.Itoa(k)
	}
	d := l.c.data(l.kind, u, t, l.desc)
	d.Pager = pager(l.url, l.briefs, l.years, k, pageCount(l.n))
	if err := l.mk(d); err != nil {
		return nil, err
	}
	return d, nil
}

// modified returns the last change of page k of the list: the whole
// list's on page 1, that of the page's own briefs on the others.
func (l *list) modified(k int) time.Time {
	if k == 1 && l.whole != nil {
		return l.whole()
	}
	l.load()
	if k == 1 {
		return newest(l.briefs)
	}
	return newest(l.briefs[min((k-1)*PageSize, len(l.briefs)):min(k*PageSize, len(l.briefs))])
}

// listPages returns the pages of the paginated list l: page 1 at its URL,
// page k at URL + "page/k/". Nothing of the list is read but its length
// until a page is written.
func (c *bookContext) listPages(l *list) []*page {
	l.c = c
	count := pageCount(l.n)
	out := make([]*page, count)
	ps := make([]page, count)
	lps := make([]listPage, count)
	fingerprints := c.r.reach[l.kind] != nil
	for i := range ps {
		lp := &lps[i]
		*lp = listPage{l: l, k: i + 1, url: pageURL(l.url, i+1)}
		p := &ps[i]
		*p = page{Page: Page{Path: outputPath(lp.url), Write: lp.write, Expand: c.expand}, url: lp.url, list: l, k: lp.k}
		if fingerprints {
			p.Fingerprint = lp.fingerprint
			p.Traced = lp.traced
		}
		out[i] = p
	}
	return out
}

// listPage is page k of list l, at url.
type listPage struct {
	l   *list
	k   int
	url string
}

func (p *listPage) data() (*Data, error) { return p.l.data(p.k) }

func (p *listPage) write(w io.Writer) error { return p.l.c.write(w, p.l.kind, p.url, p.data) }

func (p *listPage) fingerprint() (Fingerprint, error) {
	return p.l.c.fingerprint(p.l.c.r.reach[p.l.kind], p.data)
}

func (p *listPage) traced() (Fingerprint, Deps, error) {
	return p.l.c.tracedPage(p.l.c.r.reach[p.l.kind], p.data)
}
