package render

import (
	"encoding/xml"
	"io"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// feedSize is the number of briefs in feed.xml.
const feedSize = 20

type sitemapXML struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// sitemapPage lists every page of pages that has a URL, in order.
func (r *Renderer) sitemapPage(c *bookContext, pages []*page) *page {
	sm := sitemapXML{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range pages {
		if p.url == "" {
			continue
		}
		sm.URLs = append(sm.URLs, sitemapURL{Loc: r.abs(p.url), Lastmod: isoDate(p.lastmod)})
	}
	return &page{Page: Page{
		Path:  "sitemap.xml",
		Write: func(w io.Writer) error { return writeXML(w, sm) },
	}}
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle,omitempty"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
}

// feedPage returns feed.xml: an Atom feed of the newest briefs. Its updated
// date is the latest date in the book; ids are absolute URLs, or tag: URIs
// when the site has no base URL.
func (r *Renderer) feedPage(c *bookContext) *page {
	f := atomFeed{
		Lang:    r.site.Language,
		Title:   c.siteTitle,
		Sub:     r.site.Description,
		ID:      r.feedID(c, "/"),
		Updated: atomTime(c.newest),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.abs("/feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: r.abs("/")},
		},
		Author: atomPerson{Name: c.siteTitle},
		Gen:    "briefbook",
	}
	for _, b := range take(feedSize, c.b.Briefs) {
		f.Entries = append(f.Entries, r.feedEntry(c, b))
	}
	return &page{Page: Page{
		Path:  "feed.xml",
		Write: func(w io.Writer) error { return writeXML(w, f) },
	}}
}

func (r *Renderer) feedEntry(c *bookContext, b *model.Brief) atomEntry {
	u := orURL(b.URL, "briefs", b.Slug)
	e := atomEntry{
		Title:     b.Title,
		ID:        r.feedID(c, u),
		Link:      atomLink{Rel: "alternate", Type: "text/html", Href: r.abs(u)},
		Published: atomTime(b.Date),
		Updated:   atomTime(lastmod(b)),
		Summary:   b.Summary,
	}
	for _, a := range b.Authors {
		e.Authors = append(e.Authors, atomPerson{Name: a})
	}
	for _, d := range b.DomainList {
		e.Categories = append(e.Categories, atomCategory{Term: d.Slug, Label: d.Title})
	}
	return e
}

// feedID returns the Atom id of site URL u: its absolute URL, or without a
// base URL a tag: URI made of the site title and u.
func (r *Renderer) feedID(c *bookContext, u string) string {
	if r.absBase != "" {
		return r.abs(u)
	}
	name := slug.Make(c.siteTitle)
	if name == "" {
		name = "book"
	}
	return escapeURL("tag:briefbook,2000:" + name + u)
}

// atomTime formats t as an RFC 3339 date-time; noDate gives the Unix
// epoch, so that an empty book still has a valid feed.
func atomTime(t time.Time) string {
	if !knownDate(t) {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

// writeXML writes v as an indented XML document.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// robotsPage returns robots.txt: everything allowed, and the sitemap's
// absolute URL when the site has a base URL.
func (r *Renderer) robotsPage() *page {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if r.absBase != "" {
		b.WriteString("\nSitemap: " + r.abs("/sitemap.xml") + "\n")
	}
	txt := b.String()
	return &page{Page: Page{
		Path:  "robots.txt",
		Write: func(w io.Writer) error { _, err := io.WriteString(w, txt); return err },
	}}
}
