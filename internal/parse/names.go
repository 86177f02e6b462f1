package parse

import (
	"path"
	"strconv"

	"github.com/briefbook/briefbook/internal/cite"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// itemPositions returns the position of each string of key's value (a
// string, or a list of items), in order: one for each string that
// strListOf returns.
func (f *fields) itemPositions(key string) []model.Pos {
	v := f.get(key)
	if v == nil {
		return nil
	}
	items := v.items
	switch v.kind {
	case kindString:
		items = []*value{v}
	case kindList:
	default:
		return nil
	}
	var out []model.Pos
	for _, it := range items {
		if it.kind == kindString {
			out = append(out, model.Pos{Line: it.line, Col: it.col, Len: it.width()})
		}
	}
	return out
}

// domainKey returns the key a brief's domains are under: "domains" when
// the frontmatter has it, "domain" otherwise.
func (f *fields) domainKey() string {
	if f.m.lookup("domains") != nil {
		return "domains"
	}
	return "domain"
}

// checkSegments reports, each at its position, every name of b that
// becomes a path segment of the output (its slug, its domains, its
// actors) and cannot be one: see [slug.Problem]. All are reported, so that
// one run finds them all.
func (f *fields) checkSegments(b *model.Brief) {
	if p := slug.Problem(b.Slug); b.Slug != "" && p != "" {
		if v := f.get("slug"); v != nil && v.kind == kindString {
			f.errorAt(v, "slug %s: %s", shorten(v.text), p)
		} else {
			f.d.Errorf(f.path, f.src, 0, 0, 0, "file name %s: %s", shorten(path.Base(f.path)), p)
		}
	}
	check := func(what string, names []string, pos []model.Pos) {
		for i, name := range names {
			p := slug.Problem(slug.Make(name))
			if p == "" {
				continue
			}
			var at model.Pos
			if i < len(pos) {
				at = pos[i]
			}
			f.d.Errorf(f.path, f.src, at.Line, at.Col, at.Len, "%s %s: %s", what, shorten(name), p)
		}
	}
	check("domain", b.Domains, b.DomainPos)
	check("actor", b.Actors, b.ActorPos)
}

// shorten quotes name, cut after 40 characters.
func shorten(name string) string {
	r := []rune(name)
	if len(r) <= 40 {
		return strconv.Quote(name)
	}
	return strconv.Quote(string(r[:40])) + "…"
}

// sourceNames returns the parts of the names of a sources.yaml source's
// authors (see [cite.ParseName]).
func sourceNames(authors []string) []model.Name {
	if len(authors) == 0 {
		return nil
	}
	out := make([]model.Name, len(authors))
	for i, a := range authors {
		out[i] = cite.ParseName(a)
	}
	return out
}
