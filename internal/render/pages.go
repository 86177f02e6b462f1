package render

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// page is a Page with what the sitemap needs to know about it.
type page struct {
	Page
	url     string    // site-relative URL; "" keeps the page out of the sitemap
	lastmod time.Time // zero when unknown
}

// bookContext holds what every page of one book shares.
type bookContext struct {
	r         *Renderer
	b         *model.Book
	partials  *partialCache // the book's partials rendered once
	home      *model.Home
	siteTitle string
	titleDeps []string  // files the site title comes from
	newest    time.Time // latest date in the book
}

func newBookContext(r *Renderer, b *model.Book) *bookContext {
	c := &bookContext{r: r, b: b, partials: r.partials, home: b.Home, siteTitle: r.site.Title}
	if c.home == nil {
		c.home = &model.Home{Title: r.site.Title}
	}
	if c.siteTitle == "" {
		c.siteTitle = c.home.Title
		c.titleDeps = []string{c.home.Path}
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
		Kind: kind, URL: url, Title: title, Description: desc,
	}
}

// htmlPage returns a page written by executing kind's template with the
// data that mk builds when the page is written.
func (c *bookContext) htmlPage(kind, url string, lastmod time.Time, deps func() []string, mk func() (*Data, error)) *page {
	r := c.r
	p := &page{
		Page: Page{
			Path: outputPath(url),
			Deps: c.depsFunc(deps),
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
	return p
}

// depsFunc returns a Page.Deps that calls deps and finishes its list; nil
// deps means none.
func (c *bookContext) depsFunc(deps func() []string) func() []string {
	return func() []string {
		var list []string
		if deps != nil {
			list = deps()
		}
		return c.finishDeps(list)
	}
}

// finishDeps adds the files every page depends on, drops empty paths, and
// sorts deps, each once.
func (c *bookContext) finishDeps(deps []string) []string {
	deps = append(deps, c.titleDeps...)
	out := deps[:0]
	for _, d := range deps {
		if d != "" {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	uniq := out[:0]
	for i, d := range out {
		if i == 0 || d != out[i-1] {
			uniq = append(uniq, d)
		}
	}
	return uniq
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
	deps := func() []string {
		deps := []string{c.home.Path}
		deps = append(deps, domainDeps(b.Domains)...)
		deps = append(deps, briefPaths(take(10, b.Briefs))...)
		for _, d := range b.Domains {
			deps = append(deps, briefPaths(take(3, d.Briefs))...)
		}
		return deps
	}
	return c.htmlPage("home", "/", c.newest, deps, func() (*Data, error) {
		title := c.home.Title
		if title == "" {
			title = c.siteTitle
		}
		d := c.data("home", "/", title, r.site.Description)
		var err error
		if d.Content, err = Body(&c.home.Doc, r.base); err != nil {
			return nil, err
		}
		d.Domains = domainData(b)
		d.Briefs = take(10, b.Briefs)
		return d, nil
	})
}

func (r *Renderer) briefIndexPage(c *bookContext) *page {
	return c.htmlPage("briefs", "/briefs/", c.newest, func() []string { return briefPaths(c.b.Briefs) }, func() (*Data, error) {
		d := c.data("briefs", "/briefs/", "Briefs", "Every brief of "+c.siteTitle+", newest first.")
		d.Briefs = c.b.Briefs
		return d, nil
	})
}

func (r *Renderer) domainIndexPage(c *bookContext) *page {
	return c.htmlPage("domains", "/domains/", c.newest, func() []string { return domainDeps(c.b.Domains) }, func() (*Data, error) {
		d := c.data("domains", "/domains/", "Domains", "The domains "+c.siteTitle+" covers.")
		d.Domains = domainData(c.b)
		return d, nil
	})
}

func (r *Renderer) actorIndexPage(c *bookContext) *page {
	deps := func() []string {
		var deps []string
		for _, a := range c.b.Actors {
			deps = append(deps, actorDep(a))
		}
		return deps
	}
	return c.htmlPage("actors", "/actors/", c.newest, deps, func() (*Data, error) {
		d := c.data("actors", "/actors/", "Actors", "The states, organizations, companies and people "+c.siteTitle+" discusses.")
		d.Groups = actorGroups(c.b)
		return d, nil
	})
}

func (r *Renderer) sourceIndexPage(c *bookContext) *page {
	deps := func() []string {
		var deps []string
		for _, s := range c.b.Sources {
			deps = append(deps, s.Path)
		}
		return deps
	}
	return c.htmlPage("sources", "/sources/", c.newest, deps, func() (*Data, error) {
		return c.data("sources", "/sources/", "Sources", "Every source cited in "+c.siteTitle+"."), nil
	})
}

func (r *Renderer) notFoundPage(c *bookContext) *page {
	p := c.htmlPage("404", "/404.html", time.Time{}, nil, func() (*Data, error) {
		return c.data("404", "/404.html", "Page not found", ""), nil
	})
	p.url = ""
	return p
}

func (r *Renderer) briefPage(c *bookContext, br *model.Brief) *page {
	url := orURL(br.URL, "briefs", br.Slug)
	return c.htmlPage("brief", url, lastmod(br), func() []string { return briefDeps(c.b, br) }, func() (*Data, error) {
		d := c.data("brief", url, br.Title, br.Summary)
		// The generated brief page writes the body itself, see builtin.go.
		var err error
		if d.Brief, err = r.briefData(br, r.genBrief == nil); err != nil {
			return nil, err
		}
		return d, nil
	})
}

func (r *Renderer) domainPage(c *bookContext, dom *model.Domain) *page {
	url := orURL(dom.URL, "domains", dom.Slug)
	deps := func() []string { return append([]string{domainDep(dom)}, briefPaths(dom.Briefs)...) }
	return c.htmlPage("domain", url, newest(dom.Briefs), deps, func() (*Data, error) {
		d := c.data("domain", url, dom.Title, dom.Summary)
		d.Domain = dom
		var err error
		if d.Content, err = Body(&dom.Doc, r.base); err != nil {
			return nil, err
		}
		return d, nil
	})
}

func (r *Renderer) actorPage(c *bookContext, a *model.Actor) *page {
	url := orURL(a.URL, "actors", a.Slug)
	deps := func() []string {
		deps := append([]string{actorDep(a)}, briefPaths(a.Briefs)...)
		for _, co := range a.CoActors {
			deps = append(deps, actorDep(co.Actor))
		}
		return deps
	}
	return c.htmlPage("actor", url, newest(a.Briefs), deps, func() (*Data, error) {
		d := c.data("actor", url, a.Name, a.Summary)
		d.Actor = a
		var err error
		if d.Content, err = Body(&a.Doc, r.base); err != nil {
			return nil, err
		}
		return d, nil
	})
}

func (r *Renderer) sourcePage(c *bookContext, s *model.Source) *page {
	url := orURL(s.PageURL, "sources", s.Slug)
	deps := func() []string { return append([]string{s.Path}, briefPaths(s.Briefs)...) }
	title := s.Title
	if title == "" {
		title = s.ID
	}
	return c.htmlPage("source", url, newest(s.Briefs), deps, func() (*Data, error) {
		d := c.data("source", url, title, s.Note)
		d.Source = s
		return d, nil
	})
}

// briefDeps returns the files brief br's page shows, see [Renderer.Pages].
func briefDeps(b *model.Book, br *model.Brief) []string {
	deps := []string{br.Path}
	for _, list := range [][]*model.Brief{br.LinksTo, br.LinkedFrom, br.Related} {
		deps = append(deps, briefPaths(list)...)
	}
	deps = append(deps, domainDeps(br.DomainList)...)
	for _, a := range br.ActorList {
		deps = append(deps, actorDep(a))
	}
	for _, ref := range br.References {
		if ref.Source != nil {
			deps = append(deps, ref.Source.Path)
		}
	}
	for i, ref := range br.Refs {
		l := link(&br.Doc, i)
		if !l.OK {
			continue
		}
		switch ref.Kind {
		case model.RefActor:
			if a := b.ActorBySlug[lastSegment(l.Href)]; a != nil {
				deps = append(deps, actorDep(a))
			}
		case model.RefDomain:
			if d := b.DomainBySlug[lastSegment(l.Href)]; d != nil {
				deps = append(deps, domainDep(d))
			}
		case model.RefSource:
			if s := b.SourceByID[ref.Target]; s != nil {
				deps = append(deps, s.Path)
			}
		}
	}
	return deps
}

// lastSegment returns the slug in a URL such as "/actors/korea/#x".
func lastSegment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimSuffix(u, "/")
	return u[strings.LastIndexByte(u, '/')+1:]
}

func briefPaths(list []*model.Brief) []string {
	out := make([]string, len(list))
	for i, b := range list {
		out[i] = b.Path
	}
	return out
}

func domainDeps(list []*model.Domain) []string {
	var out []string
	for _, d := range list {
		out = append(out, domainDep(d))
	}
	return out
}

// domainDep returns a domain's profile path, or "" when it has none.
func domainDep(d *model.Domain) string {
	if d.Profile {
		return d.Path
	}
	return ""
}

// actorDep returns an actor's profile path, or "" when it has none.
func actorDep(a *model.Actor) string {
	if a.Profile {
		return a.Path
	}
	return ""
}
