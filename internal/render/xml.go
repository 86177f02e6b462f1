package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// feedSize is the number of briefs in feed.xml.
const feedSize = 20

// sitemapMaxURLs is the most URLs one sitemap file may list, by the
// sitemaps.org protocol; a book with more pages gets several sitemap files
// and a sitemap index. A variable so that tests can lower it.
var sitemapMaxURLs = 50000

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemapPages lists the n pages that listed gives, in order, in
// sitemap.xml; or, when there are more than sitemapMaxURLs of them, in
// sitemap-1.xml, sitemap-2.xml... of sitemapMaxURLs each, with sitemap.xml
// a sitemap index naming them (each with the latest lastmod it lists).
// The entries are made when a sitemap is written, not with the list of
// pages, which every generation of a book in memory makes.
func (r *Renderer) sitemapPages(n int, listed func() []listedPage) []*page {
	listed = sync.OnceValue(listed)
	urls := func(ps []listedPage) func(s *sitemapWriter) {
		return func(s *sitemapWriter) {
			for _, p := range ps {
				s.entry(p.url, p.modified())
			}
		}
	}
	if n <= sitemapMaxURLs {
		return []*page{r.sitemapPage("sitemap.xml", "urlset", "url", func(s *sitemapWriter) { urls(listed())(s) })}
	}
	chunk := func(k int) []listedPage { // sitemap-(k+1).xml's
		all := listed()
		return all[min(k*sitemapMaxURLs, len(all)):min((k+1)*sitemapMaxURLs, len(all))]
	}
	chunks := (n + sitemapMaxURLs - 1) / sitemapMaxURLs
	var out []*page
	for k := range chunks {
		out = append(out, r.sitemapPage(fmt.Sprintf("sitemap-%d.xml", k+1), "urlset", "url", func(s *sitemapWriter) { urls(chunk(k))(s) }))
	}
	return append(out, r.sitemapPage("sitemap.xml", "sitemapindex", "sitemap", func(s *sitemapWriter) {
		for k := range chunks {
			var latest time.Time
			for _, p := range chunk(k) {
				if m := p.modified(); m.After(latest) {
					latest = m
				}
			}
			s.entry(fmt.Sprintf("/sitemap-%d.xml", k+1), latest)
		}
	}))
}

// sitemapPage returns the page at path holding a sitemap (root "urlset",
// items "url") or a sitemap index ("sitemapindex", "sitemap") whose items
// entries writes when the page is written.
func (r *Renderer) sitemapPage(path, root, item string, entries func(s *sitemapWriter)) *page {
	return &page{Page: Page{
		Path: path,
		Write: func(w io.Writer) error {
			s := r.newSitemapWriter(w, root, item)
			entries(s)
			return s.finish(w)
		},
	}}
}

// sitemapWriter writes a sitemap or sitemap index, byte for byte as
// writeXML wrote it with encoding/xml from structs holding the namespace
// as an xmlns attribute and, in each item, the loc and (omitted when
// empty) the lastmod as elements, but without reflection: a sitemap lists
// every page of the book, and encoding/xml took about half of the 15 ms
// sitemap.xml cost at 10,000 briefs. Strings are escaped as encoding/xml
// escapes them (see appendXMLText); the loc of site path p is abs(p),
// written as escapeURL of the base and escapeURL of p, which is what
// escapeURL of their concatenation gives, as it encodes byte by byte.
// TestSitemapWriter compares it with encoding/xml.
type sitemapWriter struct {
	b          []byte
	base       string // abs's base (the absolute base URL, or the base path without one), escaped
	root, item string
}

// newSitemapWriter starts a document, to be written to w, whose root
// element is root and whose entries are item elements. When w is a
// *bytes.Buffer, the document is made in its free space (see finish),
// which a pooled buffer has from the pages written before.
func (r *Renderer) newSitemapWriter(w io.Writer, root, item string) *sitemapWriter {
	base := r.absBase
	if base == "" {
		base = r.base
	}
	s := &sitemapWriter{base: escapeURL(base), root: root, item: item}
	if buf, ok := w.(*bytes.Buffer); ok {
		s.b = buf.AvailableBuffer()
	}
	s.b = append(s.b, xml.Header...)
	s.b = append(s.b, '<')
	s.b = append(s.b, root...)
	s.b = append(s.b, ` xmlns="`...)
	s.b = appendXMLText(s.b, sitemapNS)
	s.b = append(s.b, `">`...)
	return s
}

// entry writes the item of site path p, with the date of its last change
// unless that is unknown (isoDate gives "").
func (s *sitemapWriter) entry(p string, modified time.Time) {
	s.b = append(s.b, '<')
	s.b = append(s.b, s.item...)
	s.b = append(s.b, "><loc>"...)
	s.b = appendXMLText(s.b, s.base)
	s.b = appendXMLText(s.b, escapeURL(strings.TrimPrefix(p, "/")))
	s.b = append(s.b, "</loc>"...)
	if d := isoDate(modified); d != "" {
		s.b = append(s.b, "<lastmod>"...)
		s.b = appendXMLText(s.b, d)
		s.b = append(s.b, "</lastmod>"...)
	}
	s.b = append(s.b, "</"...)
	s.b = append(s.b, s.item...)
	s.b = append(s.b, '>')
}

// finish ends the document, on a line of its own as writeXML does, and
// writes it to w (in place when it was made in w's free space).
func (s *sitemapWriter) finish(w io.Writer) error {
	s.b = append(s.b, "</"...)
	s.b = append(s.b, s.root...)
	s.b = append(s.b, ">\n"...)
	_, err := w.Write(s.b)
	return err
}

// appendXMLText appends s to b escaped as encoding/xml's encoder escapes
// text and attribute values, which is what [xml.EscapeText] does. Printable
// ASCII holding no quote, '&', '<' or '>' (URLs, which escapeURL leaves in
// ASCII, and dates mostly are) is left as it is by both and appended so;
// anything else goes through EscapeText.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
			var buf bytes.Buffer
			xml.EscapeText(&buf, []byte(s)) // a bytes.Buffer never fails a write
			return append(b, buf.Bytes()...)
		}
	}
	return append(b, s...)
}

// xmlPage returns the page at path holding v as an XML document.
func xmlPage(path string, v any) *page {
	return &page{Page: Page{
		Path:  path,
		Write: func(w io.Writer) error { return writeXML(w, v) },
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
	Lang       string         `xml:"xml:lang,attr,omitempty"` // the brief's, for its title, summary and content
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
	Content    *atomContent   `xml:"content"`
}

// atomContent is an entry's content: HTML as escaped text (RFC 4287,
// 4.1.3), with the URL its relative links resolve against.
type atomContent struct {
	Type string `xml:"type,attr"`
	Base string `xml:"xml:base,attr,omitempty"`
	Text string `xml:",chardata"`
}

// feedShown returns the briefs feed.xml shows: the newest feedSize that
// are not drafts.
func feedShown(b *model.Book) []*model.Brief {
	var shown []*model.Brief
	for _, br := range b.Briefs {
		if len(shown) == feedSize {
			break
		}
		if !br.Draft {
			shown = append(shown, br)
		}
	}
	return shown
}

// feedPage returns feed.xml: an Atom feed of the newest briefs, drafts left
// out. Its updated date is the latest change among the entries it shows
// (RFC 4287: the last time the feed changed), so that a reader never sees
// a change it cannot find; ids are absolute URLs, or tag: URIs (RFC 4151)
// when the site has no absolute base URL, since an Atom id must be an
// absolute IRI.
func (r *Renderer) feedPage(c *bookContext) *page {
	shown := feedShown(c.b)
	f := atomFeed{
		Lang:    r.site.Language,
		Title:   c.siteTitle,
		Sub:     r.site.Description,
		ID:      r.feedID(c, "/"),
		Updated: atomTime(newest(shown)),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.abs("/feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: r.abs("/")},
		},
		Author: atomPerson{Name: c.siteTitle},
		Gen:    "briefbook",
	}
	return &page{Page: Page{
		Path: "feed.xml",
		Write: func(w io.Writer) error {
			f := f
			f.Entries = make([]atomEntry, 0, len(shown))
			for _, b := range shown {
				e, err := r.feedEntry(c, b)
				if err != nil {
					return fmt.Errorf("render feed.xml: %w", err)
				}
				f.Entries = append(f.Entries, e)
			}
			return writeXML(w, f)
		},
	}}
}

// feedEntry returns the entry of brief b: its summary, its whole body as
// HTML (links and images absolute when the site's base URL has a host,
// fragments resolved against the entry's URL by xml:base) and one author
// element per author.
func (r *Renderer) feedEntry(c *bookContext, b *model.Brief) (atomEntry, error) {
	u := orURL(b.URL, "briefs", b.Slug)
	base := r.absBase
	if base == "" {
		base = r.base
	}
	body, err := Body(&b.Doc, base)
	if err != nil {
		return atomEntry{}, err
	}
	e := atomEntry{
		Lang:      b.Lang,
		Content:   &atomContent{Type: "html", Base: r.abs(u), Text: string(body)},
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
	return e, nil
}

// feedID returns the Atom id of site URL u: its absolute URL, or without an
// absolute base URL (none, or only a path) a tag: URI made of the site
// title and u.
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

// writeXML writes v as an XML document, its XML declaration on the first
// line and the rest on the second, without white space between elements:
// XML files are not minified (see package minify), and a 100,000-brief
// sitemap is then about a tenth smaller than indented.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// robotsPage returns robots.txt: everything allowed, and the sitemap's
// absolute URL when the site has an absolute base URL (the Sitemap line
// must hold an absolute URL). Crawlers read robots.txt only at a host's
// root, so under a base URL with a path the file only helps if it is
// copied there.
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
