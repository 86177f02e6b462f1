package parse

import (
	"path"
	"slices"
	"strings"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/markup"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// Brief parses a brief. It reports every problem to d and returns nil only
// when the file is unusable: no frontmatter, or frontmatter that cannot be
// decoded. A brief with bad fields is returned with those fields left zero,
// so that later stages can still check the rest of it.
func Brief(path string, src []byte, dl *diag.List) *model.Brief {
	d := newReport(dl)
	defer d.close(path)
	m, ok := parseFrontmatter(path, src, "a brief", true, d)
	if !ok {
		return nil
	}
	b := briefMeta(path, src, m, d)
	b.Doc = body(path, src, m.bodyStart, d)
	return b
}

// briefMeta reads a brief's frontmatter fields.
func briefMeta(path string, src []byte, m *meta, d *report) *model.Brief {
	f := frontmatterFields(path, src, m, d)
	draft := f.boolean("draft")
	b := &model.Brief{
		Title:   f.requiredStr("title"),
		Date:    f.date("date", true),
		Summary: f.str("summary"),
		Authors: f.names("authors"),
		Domains: f.domains(draft),
		Actors:  f.strList("actors"),
		Sources: f.sources(),
		Updated: f.date("updated", false),
		Draft:   draft,
		Lang:    f.language("lang"),
		Slug:    f.slugField("slug"),
		Params:  f.params(),
		Line:    keyLines(m.root),
	}
	if b.Slug == "" {
		b.Slug = fileSlug(path, src, d)
	}
	b.DomainPos = sharePos(f.itemPositions(f.domainKey()))
	b.ActorPos = sharePos(f.itemPositions("actors"))
	f.checkSegments(b)
	warnKeyTypos(f, briefKeys, ".Brief.Params")
	if _, ok := b.Line["domain"]; !ok {
		if l, ok := b.Line["domains"]; ok {
			b.Line["domain"] = l
		}
	}
	b.Line = shareLines(b.Line)
	return b
}

// frontmatterFields reads the keys of m, reporting missing keys at the
// opening delimiter.
func frontmatterFields(path string, src []byte, m *meta, d *report) *fields {
	f := newFields(path, src, m.root, d)
	f.line, f.col = m.open, 1
	return f
}

// domains reads "domain", or its synonym "domains": a string or a list of
// strings, at least one, each with a letter or digit. A draft may have
// none yet: that is a warning, as a draft is work in progress (with
// --drafts it is published in the chapter of briefs without a domain).
func (f *fields) domains(draft bool) []string {
	key := "domain"
	if one, many := f.m.lookup("domain"), f.m.lookup("domains"); many != nil {
		if one != nil {
			f.d.Errorf(f.path, f.src, many.line, many.col, len("domains"), "use either \"domain\" or \"domains\", not both")
			return nil
		}
		key = "domains"
	}
	v := f.get(key)
	if v == nil || v.kind == kindList && len(v.items) == 0 {
		if draft {
			line, col, n := f.line, f.col, 0
			if fl := f.m.lookup(key); fl != nil { // present, but empty
				line, col, n = fl.line, fl.col, len(key)
			}
			f.d.Warnf(f.path, f.src, line, col, n, "draft has no %q yet: give it one before publishing it", key)
			return nil
		}
		f.missing(key)
		return nil
	}
	list := f.strListOf(key, v)
	items := v.items
	if v.kind == kindString {
		items = []*value{v}
	}
	for _, it := range items {
		if it.kind == kindString && slug.Make(it.text) == "" {
			f.errorAt(it, "domain %q has no letters or digits", it.text)
		}
	}
	return list
}

// names returns key's list of strings, as strList does, reporting each
// blank item (empty or only white space): a blank author would be shown
// as an empty name ("Authors: and", <name/> in the feed).
func (f *fields) names(key string) []string {
	v := f.get(key)
	if v == nil {
		return nil
	}
	items := v.items
	if v.kind == kindString {
		items = []*value{v}
	}
	list := f.strListOf(key, v)
	blank := false
	for i, it := range items {
		if it.kind == kindString && strings.TrimSpace(it.text) == "" {
			f.errorAt(it, "item %d of field %q is blank: give a name or remove it", i+1, key)
			blank = true
		}
	}
	if blank {
		list = slices.DeleteFunc(list, func(s string) bool { return strings.TrimSpace(s) == "" })
		if len(list) == 0 {
			list = nil
		}
	}
	return list
}

// fileSlug returns the slug of a file's name without ".md".
func fileSlug(p string, src []byte, d *report) string {
	name := strings.TrimSuffix(path.Base(p), ".md")
	s := slug.Make(name)
	if s == "" {
		d.Errorf(p, src, 0, 0, 0, "file name %q has no letters or digits to make a slug of: rename the file or set slug in the frontmatter", path.Base(p))
	}
	return s
}

// body renders the body of a markdown file.
func body(path string, src []byte, bodyStart int, d *report) model.Doc {
	doc := markup.Convert(path, src, bodyStart, d.list) // the body's diagnostics are markup's
	doc.Path = path
	return doc
}
