package render

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/briefbook/briefbook/internal/cite"
	"github.com/briefbook/briefbook/internal/model"
)

// page is a Page with what the sitemap needs to know about it. Its last
// change is worked out when the sitemap is written, not when the page is
// listed (see modified).
type page struct {
	Page
	url     string           // site-relative URL; "" keeps the page out of the sitemap
	brief   *model.Brief     // a brief's page: the brief's last change is the page's
	list    *list            // page number k of a paginated list (pager.go)
	k       int              // with list
	lastmod func() time.Time // other pages; nil: noDate
}

// modified returns the page's last change, for the sitemap: noDate when
// unknown.
func (p *page) modified() time.Time {
	switch {
	case p.brief != nil:
		return lastmod(p.brief)
	case p.list != nil:
		return p.list.modified(p.k)
	case p.lastmod != nil:
		return p.lastmod()
	}
	return noDate
}

// bookContext holds what every page of one book shares. What many pages
// read is computed once per book, when a page first needs it, not when
// the pages are listed: a book in memory is listed at every edit, and
// only a few of its pages are then written (see package site).
type bookContext struct {
	r         *Renderer
	b         *model.Book
	partials  *partialCache // the book's partials rendered once
	home      *model.Home
	siteTitle string
	expand    func(dst *bytes.Buffer, minified []byte) // partials.expand when the renderer minifies fragments, or nil
	newest    func() time.Time                         // the latest date in the book, computed once
	walks     subWalks                                 // the walks from the book's entities, for fingerprints
}

func newBookContext(r *Renderer, b *model.Book) *bookContext {
	c := &bookContext{r: r, b: b, partials: r.partials, home: b.Home, siteTitle: r.site.Title}
	if c.home == nil {
		c.home = &model.Home{Title: r.site.Title}
	}
	if c.siteTitle == "" {
		c.siteTitle = c.home.Title
	}
	if c.siteTitle == "" {
		c.siteTitle = "Briefing book"
	}
	if r.minify != nil {
		c.expand = c.partials.expand
	}
	c.newest = sync.OnceValue(func() time.Time { return newest(b.Briefs) })
	return c
}

// data returns the Data every page kind starts from.
func (c *bookContext) data(kind, url, title, desc string) *Data {
	return &Data{
		Site: c.r.site, Book: c.b, SiteTitle: c.siteTitle,
		Kind: kind, URL: url, Title: title, Description: describe(desc),
	}
}

// htmlPage returns a page written by executing kind's template with the
// data that mk builds when the page is written (or fingerprinted); its
// last change is lastmod's (nil: unknown).
func (c *bookContext) htmlPage(kind, url string, lastmod func() time.Time, mk func() (*Data, error)) *page {
	p := &page{Page: Page{Path: outputPath(url), Expand: c.expand}, url: url, lastmod: lastmod}
	c.bind(&p.Page, kind, url, mk)
	return p
}

// bind sets the Write and Fingerprint of pg, a page of kind at url whose
// data mk builds.
func (c *bookContext) bind(pg *Page, kind, url string, mk func() (*Data, error)) {
	pg.Write = func(w io.Writer) error { return c.write(w, kind, url, mk) }
	if root := c.r.reach[kind]; root != nil {
		pg.Fingerprint = func() (Fingerprint, error) { return c.fingerprint(root, mk) }
		pg.Traced = func() (Fingerprint, Deps, error) { return c.tracedPage(root, mk) }
	}
}

// write renders the page of kind at url, with the data mk builds, to w.
func (c *bookContext) write(w io.Writer, kind, url string, mk func() (*Data, error)) error {
	d, err := mk()
	if err != nil {
		return fmt.Errorf("render %s: %w", url, err)
	}
	return c.r.execute(w, kind, d)
}

// fingerprint hashes what the paths at root read of the data mk builds.
func (c *bookContext) fingerprint(root *pathNode, mk func() (*Data, error)) (Fingerprint, error) {
	d, err := mk()
	if err != nil {
		return Fingerprint{}, err
	}
	return fingerprint(root, d, c.r.derived, &c.walks)
}

// outputPath returns the file written for site URL u: "/briefs/x/" gives
// "briefs/x/index.html", "/404.html" gives "404.html".
func outputPath(u string) string {
	p := strings.TrimPrefix(u, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// orURL returns u, or "/"+section+"/"+slug+"/" when u is empty.
func orURL(u, section, slug string) string {
	if u != "" {
		return u
	}
	return "/" + section + "/" + slug + "/"
}

func (r *Renderer) homePage(c *bookContext) *page {
	b := c.b
	return c.htmlPage("home", "/", c.newest, func() (*Data, error) {
		title := c.home.Title
		if title == "" {
			title = c.siteTitle
		}
		d := c.data("home", "/", title, or(r.site.Description, "Briefs of "+c.siteTitle+", by domain and actor."))
		var err error
		if d.Content, err = Body(&c.home.Doc, r.base); err != nil {
			return nil, err
		}
		d.Domains = domainData(b)
		d.Start = c.home.StartBriefs
		d.Briefs = take(homeLatest, notIn(b.Briefs, d.Start))
		return d, nil
	})
}

// homeLatest is how many of the newest briefs the home page lists, besides
// those to start with.
const homeLatest = 5

// notIn returns the briefs of list that are not in drop, in order;
// list itself when drop is empty.
func notIn(list, drop []*model.Brief) []*model.Brief {
	if len(drop) == 0 {
		return list
	}
	out := make([]*model.Brief, 0, len(list))
	for _, b := range list {
		if !slices.Contains(drop, b) {
			out = append(out, b)
		}
	}
	return out
}

// ownPage is a page of its own, content/<slug>.md.
func (r *Renderer) ownPage(c *bookContext, pg *model.Page) *page {
	url := pg.URL
	if url == "" {
		url = "/" + pg.Slug + "/"
	}
	return c.htmlPage("page", url, nil, func() (*Data, error) {
		d := c.data("page", url, pg.Title, pg.Summary)
		d.Page = pg
		var err error
		if d.Content, err = Body(&pg.Doc, r.base); err != nil {
			return nil, err
		}
		return d, nil
	})
}

func (r *Renderer) briefIndexPages(c *bookContext) []*page {
	return c.listPages(&list{kind: "briefs", url: "/briefs/", title: "Briefs", desc: "Every brief of " + c.siteTitle + ", newest first.",
		n: len(c.b.Briefs), briefs: c.b.Briefs, whole: c.newest,
		mk: func(d *Data) error {
			d.Briefs = d.Pager.Briefs
			return nil
		}})
}

func (r *Renderer) domainIndexPage(c *bookContext) *page {
	return c.htmlPage("domains", "/domains/", c.newest, func() (*Data, error) {
		d := c.data("domains", "/domains/", "Domains", "The domains "+c.siteTitle+" covers.")
		d.Domains = domainData(c.b)
		d.Matrix = matrix(c.b)
		return d, nil
	})
}

func (r *Renderer) actorIndexPage(c *bookContext) *page {
	return c.htmlPage("actors", "/actors/", c.newest, func() (*Data, error) {
		d := c.data("actors", "/actors/", "Actors", "The states, organizations, companies and people "+c.siteTitle+" discusses.")
		d.Groups = actorGroups(c.b)
		return d, nil
	})
}

func (r *Renderer) sourceIndexPage(c *bookContext) *page {
	return c.htmlPage("sources", "/sources/", c.newest, func() (*Data, error) {
		d := c.data("sources", "/sources/", "Sources", "Every source cited in "+c.siteTitle+".")
		d.Bibliography = bibliography(c.b)
		return d, nil
	})
}

// searchPage is /search/: the search form, answered in the browser by
// static/search.js from the index package search writes; without
// JavaScript, the form and links to the indexes.
func (r *Renderer) searchPage(c *bookContext) *page {
	return c.htmlPage("search", "/search/", c.newest, func() (*Data, error) {
		return c.data("search", "/search/", "Search", "Search the briefs of "+c.siteTitle+"."), nil
	})
}

func (r *Renderer) notFoundPage(c *bookContext) *page {
	p := c.htmlPage("404", "/404.html", nil, func() (*Data, error) {
		return c.data("404", "/404.html", "Page not found", "There is no page at this address in "+c.siteTitle+"."), nil
	})
	p.url = ""
	return p
}

// briefData returns the data of brief br's page, at url.
func (c *bookContext) briefPageData(br *model.Brief, url string) (*Data, error) {
	r := c.r
	title := br.Title
	if br.Draft {
		title = "Draft: " + title // in <title>, so that a draft is plain in a tab or a bookmark too
	}
	d := c.data("brief", url, title, "")
	d.Description = briefDescription(br, r.base)
	// The generated brief page writes the body itself, see builtin.go.
	var err error
	if d.Brief, err = r.briefData(br, r.genPages["brief"] == nil); err != nil {
		return nil, err
	}
	return d, nil
}

func (r *Renderer) domainPages(c *bookContext, dom *model.Domain) []*page {
	top := sync.OnceValue(func() *Chart { return domainActors(dom) }) // the same on each page of the list
	return c.listPages(&list{kind: "domain", url: orURL(dom.URL, "domains", dom.Slug), title: dom.Title,
		desc: or(dom.Summary, "Briefs of "+c.siteTitle+" on "+dom.Title+", newest first."),
		n:    len(dom.Briefs), briefs: dom.Briefs,
		whole: func() time.Time { return newestOf(dom.Briefs, dom.Mentioned) },
		mk: func(d *Data) error {
			d.Domain = dom
			d.TopActors = top()
			var err error
			d.Content, err = Body(&dom.Doc, r.base)
			return err
		}})
}

func (r *Renderer) actorPages(c *bookContext, a *model.Actor) []*page {
	chart := sync.OnceValue(func() *Chart { return timeline(a) }) // the same on each page of the list
	return c.listPages(&list{kind: "actor", url: orURL(a.URL, "actors", a.Slug), title: a.Name,
		desc: or(a.Summary, "Briefs of "+c.siteTitle+" naming "+a.Name+", newest first."),
		n:    len(a.Briefs), briefs: a.Briefs,
		whole: func() time.Time { return newestOf(a.Briefs, a.Mentioned) },
		mk: func(d *Data) error {
			d.Actor = a
			d.Timeline = chart()
			var err error
			d.Content, err = Body(&a.Doc, r.base)
			return err
		}})
}

func (r *Renderer) sourcePages(c *bookContext, s *model.Source) []*page {
	title := s.Title
	if title == "" {
		title = cite.Untitled // the id is internal
	}
	return c.listPages(&list{kind: "source", url: orURL(s.PageURL, "sources", s.Slug), title: title,
		desc: or(s.Note, "Briefs of "+c.siteTitle+" citing "+title+", newest first."),
		n:    len(s.Briefs), briefs: s.Briefs,
		whole: func() time.Time { return newestOf(s.Briefs, s.Mentioned) },
		mk: func(d *Data) error {
			d.Source = s
			return nil
		}})
}

// facetPages returns the pages of the briefs of one domain naming one
// actor, which the overviews link to; the briefs are picked out of the
// domain's when a page is first written.
func (r *Renderer) facetPages(c *bookContext, f facet) []*page {
	return c.listPages(&list{kind: "facet", url: f.url, title: f.domain.Title + " · " + f.actor.Name,
		desc: "Briefs on " + f.domain.Title + " naming " + f.actor.Name + ".",
		n:    f.n, find: f.briefs,
		mk: func(d *Data) error {
			d.Domain, d.Actor = f.domain, f.actor
			return nil
		}})
}
