package render

import (
	"strconv"
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

// pagers splits briefs (newest first) into pages of PageSize for the list
// at base. An empty list has one empty page.
func pagers(base string, briefs []*model.Brief) []*Pager {
	count := max(1, (len(briefs)+PageSize-1)/PageSize)
	years := yearLinks(base, briefs)
	out := make([]*Pager, count)
	for k := 1; k <= count; k++ {
		p := &Pager{Number: k, Count: count, Total: len(briefs), Years: years}
		p.Briefs = briefs[(k-1)*PageSize : min(k*PageSize, len(briefs))]
		if k > 1 {
			p.Prev = pageURL(base, k-1)
		}
		if k < count {
			p.Next = pageURL(base, k+1)
		}
		p.Links = pagerLinks(base, k, count)
		out[k-1] = p
	}
	return out
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

// listPages returns the pages of the paginated list at url: page 1 with
// title and lastmod as given (the whole list's), page k titled "title,
// page k" with its own briefs' lastmod. mk builds a page's data from the
// Data every page starts from and its Pager.
func (c *bookContext) listPages(kind, url, title, desc string, lastmod time.Time, briefs []*model.Brief, mk func(d *Data) error) []*page {
	ps := pagers(url, briefs)
	out := make([]*page, len(ps))
	for i, p := range ps {
		u, t, lm := pageURL(url, p.Number), title, lastmod
		if p.Number > 1 {
			t = title + ", page " + strconv.Itoa(p.Number)
			lm = newest(p.Briefs)
		}
		out[i] = c.htmlPage(kind, u, lm, func() (*Data, error) {
			d := c.data(kind, u, t, desc)
			d.Pager = p
			if err := mk(d); err != nil {
				return nil, err
			}
			return d, nil
		})
	}
	return out
}
