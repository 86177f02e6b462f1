package render

import (
	"fmt"
	"github.com/briefbook/briefbook/internal/cite"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// page is a Page with what the sitemap needs to know about it.
type page struct {
	Page
	url     string    // site-relative URL; "" keeps the page out of the sitemap
	lastmod time.Time // noDate when unknown
}

// bookContext holds what every page of one book shares.
type bookContext struct {
	r         *Renderer
	b         *model.Book
	partials  *partialCache // the book's partials rendered once
	home      *model.Home
	siteTitle string
	newest    time.Time // latest date in the book
	walks     subWalks  // the walks from the book's entities, for fingerprints
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
	c.newest = newest(b.Briefs)
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
// data that mk builds when the page is written.
func (c *bookContext) htmlPage(kind, url string, lastmod time.Time, mk func() (*Data, error)) *page {
	r := c.r
	p := &page{
		Page: Page{
			Path: outputPath(url),
			Write: func(w io.Writer) error {
				d, err := mk()
				if err != nil {
					return fmt.Errorf("render %s: %w", url, err)
				}
				return r.execute(w, kind, d)
			},
		},
		url:     url,
		lastmod: lastmod,
	}
	if r.minify != nil {
		p.Expand = c.partials.expand
	}
	if root := r.reach[kind]; root != nil {
		p.Fingerprint = func() (Fingerprint, error) {
			d, err := mk()
			if err != nil {
				return Fingerprint{}, err
			}
			return fingerprint(root, d, r.derived, &c.walks)
		}
	}
	return p
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
	return c.htmlPage("page", url, noDate, func() (*Data, error) {
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
	return c.listPages("briefs", "/briefs/", "Briefs", "Every brief of "+c.siteTitle+", newest first.", c.newest, c.b.Briefs,
		func(d *Data) error {
			d.Briefs = d.Pager.Briefs
			return nil
		})
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
	p := c.htmlPage("404", "/404.html", noDate, func() (*Data, error) {
		return c.data("404", "/404.html", "Page not found", "There is no page at this address in "+c.siteTitle+"."), nil
	})
	p.url = ""
	return p
}

func (r *Renderer) briefPage(c *bookContext, br *model.Brief) *page {
	url := orURL(br.URL, "briefs", br.Slug)
	p := c.htmlPage("brief", url, lastmod(br), func() (*Data, error) {
		title := br.Title
		if br.Draft {
			title = "Draft: " + title // in <title>, so that a draft is plain in a tab or a bookmark too
		}
		d := c.data("brief", url, title, "")
		d.Description = briefDescription(br, r.base)
		// The generated brief page writes the body itself, see builtin.go.
		var err error
		if d.Brief, err = r.briefData(br, r.genBrief == nil); err != nil {
			return nil, err
		}
		return d, nil
	})
	if br.Draft {
		p.url = "" // drafts (built with --drafts) stay out of the sitemap
	}
	return p
}

func (r *Renderer) domainPages(c *bookContext, dom *model.Domain) []*page {
	url := orURL(dom.URL, "domains", dom.Slug)
	desc := or(dom.Summary, "Briefs of "+c.siteTitle+" on "+dom.Title+", newest first.")
	top := sync.OnceValue(func() *Chart { return domainActors(dom) }) // the same on each page of the list
	return c.listPages("domain", url, dom.Title, desc, newestOf(dom.Briefs, dom.Mentioned), dom.Briefs, func(d *Data) error {
		d.Domain = dom
		d.TopActors = top()
		var err error
		d.Content, err = Body(&dom.Doc, r.base)
		return err
	})
}

func (r *Renderer) actorPages(c *bookContext, a *model.Actor) []*page {
	url := orURL(a.URL, "actors", a.Slug)
	desc := or(a.Summary, "Briefs of "+c.siteTitle+" naming "+a.Name+", newest first.")
	chart := sync.OnceValue(func() *Chart { return timeline(a) }) // the same on each page of the list
	return c.listPages("actor", url, a.Name, desc, newestOf(a.Briefs, a.Mentioned), a.Briefs, func(d *Data) error {
		d.Actor = a
		d.Timeline = chart()
		var err error
		d.Content, err = Body(&a.Doc, r.base)
		return err
	})
}

func (r *Renderer) sourcePages(c *bookContext, s *model.Source) []*page {
	url := orURL(s.PageURL, "sources", s.Slug)
	title := s.Title
	if title == "" {
		title = cite.Untitled // the id is internal
	}
	desc := or(s.Note, "Briefs of "+c.siteTitle+" citing "+title+", newest first.")
	return c.listPages("source", url, title, desc, newestOf(s.Briefs, s.Mentioned), s.Briefs, func(d *Data) error {
		d.Source = s
		return nil
	})
}

// facetPages returns the pages of the briefs of one domain naming one
// actor, which the overviews link to.
func (r *Renderer) facetPages(c *bookContext, f facet) []*page {
	title := f.domain.Title + " · " + f.actor.Name
	desc := "Briefs on " + f.domain.Title + " naming " + f.actor.Name + "."
	return c.listPages("facet", f.url, title, desc, newest(f.briefs), f.briefs, func(d *Data) error {
		d.Domain, d.Actor = f.domain, f.actor
		return nil
	})
}
