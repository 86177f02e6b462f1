package parse

import (
	"fmt"
	neturl "net/url"
	"strings"

	"github.com/briefbook/briefbook/internal/model"
)

// sourceKeys are the fields of a source, in a bibliography or inline.
var sourceKeys = map[string]bool{
	"id": true, "title": true, "short": true, "authors": true, "container": true, "publisher": true,
	"date": true, "url": true, "note": true,
}

const sourceKeyList = "title, short, authors, container, publisher, date, url, note"

// sources reads a brief's "sources": a list (or a single item) whose items
// are bibliography ids or maps defining a source inline. A map holding
// only an id names a bibliography entry, like a plain id.
func (f *fields) sources() []model.SourceRef {
	v := f.get("sources")
	if v == nil {
		return nil
	}
	items := v.items
	switch v.kind {
	case kindList:
	case kindString, kindMap:
		items = []*value{v}
	default:
		f.typeError("sources", "a list of source ids or sources", v)
		return nil
	}
	var out []model.SourceRef
	for i, it := range items {
		switch it.kind {
		case kindString:
			if isBlank(it.text) {
				f.errorAt(it, "item %d of field \"sources\" is an empty id", i+1)
				continue
			}
			out = append(out, model.SourceRef{ID: it.text, Line: it.line, Col: it.col})
		case kindMap:
			if ref, ok := f.inlineSource(i, it); ok {
				out = append(out, ref)
			}
		default:
			f.errorAt(it, "item %d of field \"sources\" must be a source id or a map, not %s", i+1, describe(it))
		}
	}
	return out
}

// inlineSource reads a map item of "sources".
func (f *fields) inlineSource(i int, it *value) (model.SourceRef, bool) {
	g := newFields(f.path, f.src, it, f.d)
	id := g.get("id")
	if id == nil || id.kind == kindString && isBlank(id.text) {
		f.errorAt(it, "item %d of field \"sources\" has no \"id\"", i+1)
		return model.SourceRef{}, false
	}
	if id.kind != kindString {
		g.typeError("id", "a string", id)
		return model.SourceRef{}, false
	}
	ref := model.SourceRef{ID: id.text, Line: it.line, Col: it.col}
	if len(it.fields) > 1 {
		ref.Inline = g.source(id.text)
	}
	return ref, true
}

// source reads the fields of a source (the map f was made for), warning
// about unknown keys.
func (f *fields) source(id string) *model.Source {
	for _, fl := range f.m.fields {
		if !sourceKeys[fl.key] {
			f.d.Warnf(f.path, f.src, fl.line, fl.col, len([]rune(fl.key)),
				"unknown field %q in source %q; known fields: %s", fl.key, id, sourceKeyList)
		}
	}
	s := &model.Source{
		ID:        id,
		Title:     f.str("title"),
		Short:     f.str("short"),
		Authors:   f.names("authors"),
		Container: f.str("container"),
		Publisher: f.str("publisher"),
		URL:       f.url("url"),
		Note:      f.str("note"),
		Path:      f.path,
		Line:      f.m.line,
	}
	s.Names = sourceNames(s.Authors)
	if v := f.get("date"); v != nil {
		if v.kind == kindList || v.kind == kindMap {
			f.typeError("date", "a date", v)
		} else if msg := checkSourceDate(v.text); msg != "" {
			f.errorAt(v, "%s", msg)
		} else {
			s.Date = v.text
		}
	}
	return s
}

// checkSourceDate returns what is wrong with a source's date, or "": a
// work may be dated by its year (YYYY), month (YYYY-MM) or day
// (YYYY-MM-DD, checked as a brief's date is), the forms a bibliography
// shows.
func checkSourceDate(s string) string {
	digits := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return t != ""
	}
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		_, msg := parseDate(s)
		return msg
	case len(s) != 4 && (len(s) != 7 || s[4] != '-' || !digits(s[5:])), !digits(s[:4]):
		return fmt.Sprintf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	case s[:4] == "0000":
		return fmt.Sprintf("invalid date %q: the year must be from 0001 to 9999", s)
	case len(s) == 7 && (s[5:] < "01" || s[5:] > "12"):
		return fmt.Sprintf("invalid date %q: there is no month %s", s, s[5:])
	}
	return ""
}

// url returns the string value of key, which must be an absolute http or
// https URL: a source's link is followed by readers, so "javascript:" and
// the like are refused here rather than quietly neutralised in the page.
func (f *fields) url(key string) string {
	s := f.str(key)
	if s == "" {
		return ""
	}
	u, err := neturl.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v := f.get(key)
		f.d.Errorf(f.path, f.src, v.line, v.col, v.width(),
			"field %q must be an http or https URL, not %q", key, s)
		return ""
	}
	return u.String()
}
