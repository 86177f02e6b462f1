package resolve

import (
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// addBibliography adds the entries of the bibliography files
// (content/sources.yaml, sources.json, sources.bib), in order of path and
// line; an id defined twice in them is an error at the second definition.
func (r *resolver) addBibliography(sources []*model.Source) {
	all := make([]*model.Source, 0, len(sources))
	for _, s := range sources {
		if s != nil && s.ID != "" {
			all = append(all, s)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Path != all[j].Path {
			return all[i].Path < all[j].Path
		}
		return all[i].Line < all[j].Line
	})
	for _, s := range all {
		if first := r.bibliography[s.ID]; first != nil {
			// Two entries of the bibliography files (sources.yaml,
			// sources.json, sources.bib) with one id: which one a
			// citation means would depend on the order of the files.
			r.errorf(s.Path, s.Line, s.Col, 0, "source %q is already defined at %s: an id may be defined once in the bibliography files", s.ID, whereCol(first))
			continue
		}
		if r.defineSource(s.ID, s, s.Path, s.Line, 0) {
			r.bibliography[s.ID] = s
		}
	}
}

// addInlineSources adds the sources b defines in its frontmatter.
func (r *resolver) addInlineSources(b *model.Brief) {
	for i := range b.Sources {
		ref := &b.Sources[i]
		s := ref.Inline
		if s == nil {
			continue
		}
		if ref.ID == "" {
			ref.ID = s.ID
		}
		if s.ID == "" {
			s.ID = ref.ID
		}
		if s.Path == "" {
			s.Path, s.Line = b.Path, ref.Line
		}
		if s.ID == "" {
			continue // the parse stage reports inline sources without an id
		}
		r.defineSource(s.ID, s, b.Path, ref.Line, ref.Col)
	}
}

// defineSource makes s the source with the given id, unless a source with
// that id exists: the same definition again is accepted, a different one is
// reported at path:line:col. It reports whether s was added.
func (r *resolver) defineSource(id string, s *model.Source, path string, line, col int) bool {
	first := r.book.SourceByID[id]
	if first == nil {
		r.book.SourceByID[id] = s
		return true
	}
	if first != s && !sameSource(first, s) {
		r.errorf(path, line, col, 0, "source %q is defined differently at %s", id, where(first))
	}
	return false
}

// where returns "path:line" of a source's definition.
func where(s *model.Source) string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d", s.Path, s.Line)
	}
	return s.Path
}

// whereCol returns "path:line:col" of a source's definition, or less when
// the column or line is not known.
func whereCol(s *model.Source) string {
	if s.Col > 0 && s.Line > 0 {
		return fmt.Sprintf("%s:%d:%d", s.Path, s.Line, s.Col)
	}
	return where(s)
}

// sameSource reports whether two definitions describe the same source.
func sameSource(a, b *model.Source) bool {
	return a.Title == b.Title && slices.Equal(a.Authors, b.Authors) &&
		a.Publisher == b.Publisher && a.Date == b.Date && a.URL == b.URL && a.Note == b.Note &&
		a.Short == b.Short && a.Container == b.Container && slices.Equal(a.Names, b.Names)
}

// publishSources gives every source its page URL and lists them by id.
func (r *resolver) publishSources() {
	bySlug := map[string]*model.Source{}
	for _, id := range sortedKeys(r.book.SourceByID) {
		s := r.book.SourceByID[id]
		sl := slug.Make(id)
		if sl == "" {
			r.errorf(s.Path, s.Line, 0, 0, "source id %q has no letters or digits", id)
			continue
		}
		if p := slug.Problem(sl); p != "" {
			r.errorf(s.Path, s.Line, 0, 0, "source id %q: %s", id, p)
			continue
		}
		if first := bySlug[sl]; first != nil {
			r.errorf(s.Path, s.Line, 0, 0, "duplicate URL /sources/%s/: also produced by source %q (%s)",
				sl, first.ID, where(first))
			continue
		}
		bySlug[sl] = s
		s.Slug = sl
		s.PageURL = "/sources/" + sl + "/"
		r.book.Sources = append(r.book.Sources, s)
	}
}

// briefSources resolves the ids of b's sources list, starting the work on
// b's sources and citations.
func (r *resolver) briefSources(b *model.Brief) {
	st := &r.cur
	st.ids, st.listed, st.cited = st.ids[:0], st.listed[:0], st.cited[:0]
	for _, ref := range b.Sources {
		id := ref.ID
		if _, seen := st.lookup(id); seen || id == "" {
			continue
		}
		s := r.book.SourceByID[id]
		st.ids = append(st.ids, id)
		st.listed = append(st.listed, s)
		if s == nil && !r.in.BrokenBibliography {
			r.unknownf(b.Path, ref.Line, ref.Col, utf8.RuneCountInString(id), id, sortedKeys(r.book.SourceByID),
				"unknown source id %q", id)
		}
	}
}

// citeSource returns the source a citation in the current brief names: one
// of its sources list, or else a bibliography entry. known is false when
// the id is neither there nor in the sources list (where an unknown id was
// already reported).
func (r *resolver) citeSource(id string) (s *model.Source, known bool) {
	if s, ok := r.cur.lookup(id); ok {
		return s, true
	}
	if s := r.bibliography[id]; s != nil {
		return s, true
	}
	return nil, false
}

// citationCandidates returns the ids a citation in the current brief may
// name, sorted.
func (r *resolver) citationCandidates() []string {
	ids := sortedKeys(r.bibliography)
	for i, id := range r.cur.ids {
		if r.cur.listed[i] != nil && r.bibliography[id] == nil {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// referenceNumber returns the number of s in the current brief's
// References, numbering it now if this is its first citation.
func (r *resolver) referenceNumber(s *model.Source) int {
	st := &r.cur
	for i, x := range st.cited {
		if x == s {
			return i + 1
		}
	}
	st.cited = append(st.cited, s)
	return len(st.cited)
}

// numberReferences fills in b.References: cited sources in order of first
// citation, then listed sources never cited.
func (r *resolver) numberReferences(b *model.Brief) {
	st := &r.cur
	refs := make([]model.Reference, 0, len(st.cited)+len(st.listed))
	for i, s := range st.cited {
		refs = append(refs, model.Reference{N: i + 1, Source: s, Cited: true})
	}
	for _, s := range st.listed {
		if s != nil && !slices.Contains(st.cited, s) {
			refs = append(refs, model.Reference{N: len(refs) + 1, Source: s})
		}
	}
	if len(refs) > 0 {
		b.References = refs
	}
}
