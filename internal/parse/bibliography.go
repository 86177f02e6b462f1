package parse

import (
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// Bibliography parses a bibliography file, by its extension:
// content/sources.yaml, a YAML map from source id to the source's fields
// (title, short, authors, container, publisher, date, url, note);
// content/sources.json, a
// CSL-JSON export (see cslJSON); content/sources.bib, a BibTeX database
// (see bibTeX). It returns the entries in the order written, each with the
// line of its id, and reports every problem to d. An entry that cannot be
// read is left out; a field with a problem is left empty.
func Bibliography(path string, src []byte, dl *diag.List) []*model.Source {
	d := newReport(dl)
	defer d.close(path)
	if parse := bibliographyFormat(path); parse != nil {
		return parse(path, src, d)
	}
	root := yamlDoc(path, src, 0, src, d)
	if root == nil || root.kind == kindNull {
		return nil
	}
	if root.kind != kindMap {
		d.Errorf(path, src, root.line, root.col, 1, "the bibliography must be a map from source id to source, not %s", describe(root))
		return nil
	}
	var out []*model.Source
	for _, e := range root.fields {
		if s := bibEntry(path, src, e, d); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// bibEntry reads one entry of the bibliography, or returns nil.
func bibEntry(path string, src []byte, e *field, d *report) *model.Source {
	if isBlank(e.key) {
		d.Errorf(path, src, e.line, e.col, 1, "empty source id")
		return nil
	}
	if e.val.kind != kindMap {
		d.Errorf(path, src, e.val.line, e.val.col, e.val.width(), "source %q must be a map of fields (%s), not %s", e.key, sourceKeyList, describe(e.val))
		return nil
	}
	f := newFields(path, src, e.val, d)
	f.line, f.col = e.line, e.col
	if v := f.get("id"); v != nil && (v.kind != kindString || v.text != e.key) {
		f.errorAt(v, "field \"id\" of source %q differs from its key; leave it out", e.key)
	}
	s := f.source(e.key)
	s.Line, s.Col = e.line, e.col
	return s
}
