package render

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/briefbook/briefbook/internal/cite"
	"github.com/briefbook/briefbook/internal/model"
)

// BriefCitation is how to cite a brief, shown on its page ("Cite this brief")
// and printed at its foot: the parts of a Chicago author-date reference
// (The Chicago Manual of Style, 17th ed., 15.9: Authors. Year. "Title."
// Container. URL.) and a BibTeX entry.
type BriefCitation struct {
	Authors string // "A", "A and B", "A, B, and C" (serial comma); the book's title when the brief names none
	Year    string // year of the brief's date, "n.d." without one
	Title   string // the brief's title
	Book    string // the book's title, the container
	URL     string // the brief's absolute URL as text (see iri), root-relative without a host
	Text    string // the whole reference as plain text
	Key     string // BibTeX key, from the slug
	BibTeX  string // a @misc entry, fields aligned, ending in a newline
}

// cite returns the citation of the brief page d.
func (r *Renderer) citeBrief(d *Data) BriefCitation {
	b := d.Brief.Brief
	c := BriefCitation{
		Authors: cite.AuthorList(b.Authors, parseNames(b.Authors)),
		Year:    "n.d.",
		Title:   b.Title,
		Book:    d.SiteTitle,
		URL:     r.iri(d.URL),
		Key:     bibKey(b),
	}
	if c.Authors == "" {
		c.Authors = d.SiteTitle
	}
	if knownDate(b.Date) {
		c.Year = strconv.Itoa(b.Date.Year())
	}
	c.Text = endSentence(c.Authors) + " " + c.Year + ". “" + endSentence(c.Title) + "” " + endSentence(c.Book) + " " + c.URL + "."
	var bib strings.Builder
	bib.WriteString("@misc{" + c.Key + ",\n")
	field := func(name, value string) {
		if value != "" {
			bib.WriteString("  " + name + strings.Repeat(" ", 12-len(name)) + " = {" + value + "},\n")
		}
	}
	field("author", strings.Join(bibNames(b.Authors), " and "))
	field("title", "{"+bibText(b.Title)+"}")
	field("howpublished", bibText(d.SiteTitle))
	if knownDate(b.Date) {
		field("year", c.Year)
		field("date", isoDate(b.Date))
	}
	field("url", c.URL)
	bib.WriteString("}\n")
	c.BibTeX = bib.String()
	return c
}

// parseNames returns the parts of each name (cite.ParseName).
func parseNames(names []string) []model.Name {
	out := make([]model.Name, len(names))
	for i, n := range names {
		out[i] = cite.ParseName(n)
	}
	return out
}

// endSentence returns s ending in a full stop, unless it already ends in
// punctuation that ends a sentence.
func endSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".?!") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}

// bibNames returns names for BibTeX's author field, escaped as bibText
// does: a person as "von Last, Jr, First" (BibTeX's own form, so that it
// finds the family name), an organisation braced whole so that BibTeX
// does not take its last word for a family name.
func bibNames(names []string) []string {
	out := make([]string, len(names))
	for i, raw := range names {
		n := cite.ParseName(raw)
		if n.Literal != "" || n.Family == "" {
			out[i] = "{" + bibText(strings.TrimSpace(raw)) + "}"
			continue
		}
		s := bibText(strings.TrimSpace(n.Particle + " " + n.Family))
		if n.Suffix != "" {
			s += ", " + bibText(n.Suffix)
		}
		if g := strings.TrimSpace(n.Given + " " + n.Dropping); g != "" {
			s += ", " + bibText(g)
		}
		out[i] = s
	}
	return out
}

// bibText escapes the characters BibTeX and LaTeX give a meaning to, so
// that any title is read as written (Unicode stays as it is: biber and
// modern BibTeX read UTF-8).
var bibText = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `%`, `\%`, `&`, `\&`,
	`#`, `\#`, `$`, `\$`, `_`, `\_`, `^`, `\textasciicircum{}`, `~`, `\textasciitilde{}`,
).Replace

// bibKey is the BibTeX key of brief b: its slug with every character
// BibTeX keys cannot hold left out, or "brief" when none is left, and the
// year: "gsomia2021". A slug that lost characters gets 4 hex digits of its
// hash before the year, so that "한일-협력" and "한미-협력" get two keys.
func bibKey(b *model.Brief) string {
	var k strings.Builder
	for _, c := range b.Slug {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.') {
			k.WriteRune(c)
		}
	}
	key := strings.Trim(k.String(), "-_:.")
	if key == "" {
		key = "brief"
	}
	if len(key) < len(b.Slug) { // letters were left out: keep keys apart
		h := fnv.New32a()
		h.Write([]byte(b.Slug))
		key += fmt.Sprintf("-%04x", h.Sum32()&0xffff)
	}
	if knownDate(b.Date) {
		key += strconv.Itoa(b.Date.Year())
	}
	return key
}
