package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/briefbook/briefbook/internal/model"
)

// What <head> says about a page beyond its title: the meta description,
// Open Graph and Twitter card tags (templates/partials/head.html, template
// "meta") and schema.org JSON-LD (the template func jsonld).

// maxDescription is the length, in characters, past which a meta
// description is cut at a word boundary: search engines show about 160.
const maxDescription = 160

// describe returns s as a meta description: white space collapsed and, when
// longer than maxDescription characters, cut at the last word boundary
// before it with "…" added.
func describe(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxDescription {
		return s
	}
	end, n, cut := 0, 0, 0 // end: byte index of the character maxDescription
	for i, c := range s {
		if n == maxDescription-1 {
			end = i
			break
		}
		if unicode.IsSpace(c) {
			cut = i
		}
		n++
	}
	if cut == 0 { // one long word, or a script written without spaces
		cut = end
	}
	return strings.TrimRight(s[:cut], " ,;:—–-") + "…"
}

// firstParagraph returns the text of the first paragraph of a rendered
// body (markers already replaced), citations left out: what a brief's meta
// description says when it has no summary.
func firstParagraph(body template.HTML) string {
	z := html.NewTokenizer(strings.NewReader(string(body)))
	var b strings.Builder
	inP, skip := false, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			switch {
			case string(name) == "p" && !inP:
				inP = true
			case string(name) == "sup" || skip > 0:
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch {
			case skip > 0:
				skip--
			case string(name) == "p" && inP:
				if s := strings.TrimSpace(b.String()); s != "" {
					return s
				}
				inP = false
				b.Reset()
			}
		case html.TextToken:
			if inP && skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// briefDescription is the meta description of brief b: its summary, or
// the first paragraph of its body.
func briefDescription(b *model.Brief, base string) string {
	if b.Summary != "" {
		return describe(b.Summary)
	}
	body, err := Body(&b.Doc, base)
	if err != nil {
		return ""
	}
	return describe(firstParagraph(body))
}

// ogLocale returns a BCP 47 language tag as Open Graph writes locales:
// "en-GB" gives "en_GB", "ko" gives "ko"; an empty tag gives "en".
func ogLocale(tag string) string {
	if tag == "" {
		return "en"
	}
	return strings.ReplaceAll(tag, "-", "_")
}

// hasHost reports whether the site has a base URL with a host, so that
// abs gives absolute URLs (og:url needs one).
func (r *Renderer) hasHost() bool { return r.absBase != "" }

// ldThing is a schema.org value in JSON-LD; fields left empty are omitted.
type ldThing struct {
	Context       string     `json:"@context,omitempty"`
	Type          string     `json:"@type"`
	ID            string     `json:"@id,omitempty"`
	Name          string     `json:"name,omitempty"`
	Headline      string     `json:"headline,omitempty"`
	Description   string     `json:"description,omitempty"`
	URL           string     `json:"url,omitempty"`
	InLanguage    string     `json:"inLanguage,omitempty"`
	Author        []ldThing  `json:"author,omitempty"`
	Publisher     string     `json:"publisher,omitempty"`
	DatePublished string     `json:"datePublished,omitempty"`
	DateModified  string     `json:"dateModified,omitempty"`
	IsPartOf      *ldThing   `json:"isPartOf,omitempty"`
	Citation      []ldThing  `json:"citation,omitempty"`
	Keywords      []string   `json:"keywords,omitempty"`
	Items         []ldListEl `json:"itemListElement,omitempty"`
}

// ldListEl is an item of a schema.org BreadcrumbList.
type ldListEl struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item,omitempty"`
}

// jsonld returns the page's schema.org data as <script
// type="application/ld+json"> elements: on a brief, an Article (headline,
// authors, dates, the sources it cites, the book it is part of); on pages
// below a section (brief, domain, actor, source, facet), a BreadcrumbList
// from the home page through the section to the page. URLs are absolute
// when the site has a base URL with a host, root-relative otherwise.
// encoding/json escapes '<', '>' and '&', so no text can end the script.
func (r *Renderer) jsonld(d *Data) (template.HTML, error) {
	var out bytes.Buffer
	add := func(v ldThing) error {
		js, err := json.Marshal(v)
		if err != nil {
			return err
		}
		out.WriteString(`<script type="application/ld+json">`)
		out.Write(js)
		out.WriteString("</script>\n")
		return nil
	}
	if d.Brief != nil {
		if err := add(r.article(d)); err != nil {
			return "", err
		}
	}
	if bc := r.breadcrumbs(d); bc != nil {
		if err := add(*bc); err != nil {
			return "", err
		}
	}
	return template.HTML(strings.TrimSuffix(out.String(), "\n")), nil
}

// article is the schema.org Article of a brief page.
func (r *Renderer) article(d *Data) ldThing {
	b := d.Brief.Brief
	a := ldThing{
		Context:       "https://schema.org",
		Type:          "Article",
		ID:            r.abs(d.URL),
		Headline:      b.Title,
		Description:   d.Description,
		URL:           r.abs(d.URL),
		InLanguage:    or(b.Lang, or(r.site.Language, "en")),
		DatePublished: isoDate(b.Date),
		IsPartOf:      &ldThing{Type: "Book", Name: d.SiteTitle, URL: r.abs("/")},
	}
	if m := lastmod(b); m.After(b.Date) {
		a.DateModified = isoDate(m)
	} else {
		a.DateModified = a.DatePublished
	}
	for _, name := range b.Authors {
		a.Author = append(a.Author, ldThing{Type: "Person", Name: name})
	}
	for _, dom := range b.DomainList {
		a.Keywords = append(a.Keywords, dom.Title)
	}
	for _, ref := range b.References {
		s := ref.Source
		if s == nil {
			continue
		}
		c := ldThing{Type: "CreativeWork", Name: or(s.Title, s.ID), Publisher: s.Publisher, URL: s.URL}
		if s.Date != "" {
			c.DatePublished = s.Date
		}
		for _, name := range s.Authors {
			c.Author = append(c.Author, ldThing{Type: "Person", Name: name})
		}
		a.Citation = append(a.Citation, c)
	}
	return a
}

// breadcrumbs is the BreadcrumbList of a page below a section, or nil.
func (r *Renderer) breadcrumbs(d *Data) *ldThing {
	var sec *Section
	for i := range sections {
		if sections[i].Item == d.Kind && d.Kind != "" {
			sec = &sections[i]
		}
	}
	if d.Kind == "facet" {
		sec = &sections[1] // a facet is a view of a domain
	}
	if sec == nil {
		return nil
	}
	items := []ldListEl{
		{Type: "ListItem", Position: 1, Name: d.SiteTitle, Item: r.abs("/")},
		{Type: "ListItem", Position: 2, Name: sec.Name, Item: r.abs(sec.URL)},
	}
	if d.Kind == "facet" && d.Domain != nil {
		items = append(items, ldListEl{Type: "ListItem", Position: 3, Name: d.Domain.Title, Item: r.abs(orURL(d.Domain.URL, "domains", d.Domain.Slug))})
	}
	items = append(items, ldListEl{Type: "ListItem", Position: len(items) + 1, Name: strings.TrimPrefix(d.Title, "Draft: ")})
	return &ldThing{Context: "https://schema.org", Type: "BreadcrumbList", Items: items}
}
