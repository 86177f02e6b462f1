package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// Actor parses an actor profile, content/actors/<slug>.md. Its frontmatter
// is required and must have a name. It reports every problem to d and
// returns nil only when the file is unusable.
func Actor(path string, src []byte, dl *diag.List) *model.Actor {
	d := newReport(dl)
	defer d.close(path)
	m, ok := parseFrontmatter(path, src, "an actor profile", true, d)
	if !ok {
		return nil
	}
	f := frontmatterFields(path, src, m, d)
	a := &model.Actor{
		Slug:    fileSlug(path, src, d),
		Name:    f.requiredStr("name"),
		Aliases: f.strList("aliases"),
		Kind:    f.str("kind"),
		Summary: f.str("summary"),
		Profile: true,
		Params:  f.params(),
	}
	a.Doc = body(path, src, m.bodyStart, d)
	return a
}

// Domain parses a domain profile, content/domains/<slug>.md. Frontmatter
// is optional; the title defaults to the slug with hyphens as spaces and a
// capital first letter ("supply-chains" gives "Supply chains"). An empty
// file (nothing but white space) is an error, as an empty brief or actor
// profile is: it has neither frontmatter nor a body, so it is most likely
// a file saved by mistake, and a domain needs no profile to have a page.
// It returns nil only when the file is unusable.
func Domain(path string, src []byte, dl *diag.List) *model.Domain {
	d := newReport(dl)
	defer d.close(path)
	if isBlank(string(src)) {
		d.Errorf(path, src, 1, 1, 0, "empty file: a domain profile has frontmatter (--- for YAML, +++ for TOML), a body, or both; remove the file if the domain needs no profile")
		return nil
	}
	m, ok := parseFrontmatter(path, src, "a domain profile", false, d)
	if !ok {
		return nil
	}
	f := frontmatterFields(path, src, m, d)
	dom := &model.Domain{
		Slug:    fileSlug(path, src, d),
		Title:   f.str("title"),
		Summary: f.str("summary"),
		Order:   f.integer("order"),
		Profile: true,
		Params:  f.params(),
	}
	if isBlank(dom.Title) {
		dom.Title = titleFromSlug(dom.Slug)
	}
	dom.Doc = body(path, src, m.bodyStart, d)
	return dom
}

// Home parses the front page, content/_index.md. Frontmatter is optional.
// It returns nil only when the file is unusable.
func Home(path string, src []byte, dl *diag.List) *model.Home {
	d := newReport(dl)
	defer d.close(path)
	m, ok := parseFrontmatter(path, src, "the front page", false, d)
	if !ok {
		return nil
	}
	f := frontmatterFields(path, src, m, d)
	h := &model.Home{Title: f.str("title"), Params: f.params(), Start: f.strList("start"), StartPos: f.itemPositions("start")}
	h.Doc = body(path, src, m.bodyStart, d)
	return h
}

// Page parses a page of its own, content/<slug>.md (content/about.md).
// Frontmatter is optional; the title defaults to the slug as words, like a
// domain's. It returns nil only when the file is unusable.
func Page(path string, src []byte, dl *diag.List) *model.Page {
	d := newReport(dl)
	defer d.close(path)
	m, ok := parseFrontmatter(path, src, "a page", false, d)
	if !ok {
		return nil
	}
	f := frontmatterFields(path, src, m, d)
	pg := &model.Page{
		Slug:    fileSlug(path, src, d),
		Title:   f.str("title"),
		Summary: f.str("summary"),
		Order:   f.integer("order"),
		Params:  f.params(),
	}
	if isBlank(pg.Title) {
		pg.Title = titleFromSlug(pg.Slug)
	}
	pg.Doc = body(path, src, m.bodyStart, d)
	return pg
}

// titleFromSlug turns "supply-chains" into "Supply chains".
func titleFromSlug(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return ""
	}
	return string(unicode.ToTitle(r)) + s[n:]
}
