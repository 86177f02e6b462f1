package resolve

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// A save of a bibliography file (content/sources.yaml, .json or .bib)
// that keeps its entries' ids, and only changes what they say of their
// sources (title, authors, date, URL, publisher, note, short title,
// container, their places in the file), leaves the book's structure as it
// was: references, citation numbers, Briefs lists, related briefs, source
// pages and URLs, book order and every "did you mean" (which read ids
// only) stay. What reads an entry's fields is few things:
//
//   - the source itself, whose copy in the new book takes the new fields;
//   - the [[source:id]] links, whose text is the source's title: the briefs
//     whose kept resolution shows a retitled source's title are resolved
//     again, as an edited brief is (reuse.go), against tables holding the
//     new entries;
//   - the body mentions (mentions.go): a source's short title and title
//     are names, so the briefs whose body may hold the words of a name
//     added, removed or changed one after the other (their word filters,
//     which hold pairs of words too: a title of common words is in most
//     bodies' words, but in few of them as a run), or whose link texts
//     changed, are searched again with an index of the new names, and
//     moved into or out of the Mentioned lists of what they mention now
//     (a longer name may also hide an actor's or a domain's at its place);
//   - the problems of the passes over the whole book that quote an
//     entry's place or compare it with another definition.
//
// So rebibliography makes the new book by relocation (relocate.go), with
// those briefs as edits and the entries' copies given their new fields,
// and keeps the new tables as the memo's full resolver, so that a later
// edit is resolved against the entries of its own book.
//
// It falls back to the full resolve (returns nil) whenever:
//
//   - anything but the bibliography entries changed in the same update
//     (a brief, a profile, the home page, a page, the published or
//     unparsed files, the drafts flag, the site's title, whether a
//     bibliography file could not be read);
//   - the entries are not the previous ones, one for one, with the same
//     ids in the same order and in the same files: an id added, removed,
//     renamed or moved to another file, entries reordered;
//   - an entry whose fields changed has an empty id, or an id defined more
//     than once (in the bibliography files, or inline in a brief's
//     frontmatter, where the two definitions are compared);
//   - the last full resolve reported a problem in, or naming, a file
//     holding such an entry (a duplicate id, an id without a slug, a
//     definition that differs from another), whose text quotes places;
//   - an actor or domain profile, the home page or a page of its own has
//     a [[source:id]] link to a source whose title changed (its link text);
//   - a brief resolved again changes its references or LinksTo;
//   - an actor with no profile was brought in or dropped by a patch
//     (recast.go) since the last full resolve, whose tables the new name
//     index is made from.
func rebibliography(prev *Memo, in Input, d *diag.List) (*model.Book, *Memo) {
	if prev == nil || prev.full == nil || prev.drafts != in.Drafts || len(prev.briefs) != len(prev.input) ||
		len(in.Sources) != len(prev.given.sources) || !slices.Equal(in.Briefs, prev.input) {
		return nil, nil
	}
	given := givenOf(in)
	given.sources = prev.given.sources
	if actors, domains, ok := prev.given.same(given); !ok || len(actors) > 0 || len(domains) > 0 {
		return nil, nil
	}
	changed, ok := prev.entryEdits(in.Sources)
	if !ok {
		return nil, nil
	}
	r := *prev.full
	if !sameActors(prev.book.Actors, r.book.Actors) {
		// An actor with no profile brought in or dropped since the tables
		// were made (recast.go) is in prev's name index but not in the
		// tables the new name index would be made from.
		return nil, nil
	}
	r.in.Src, r.prev = in.Src, prev
	r.d, r.out = &diag.List{}, &diag.List{}
	retitled := r.rebibTables(changed)
	if prev.othersShow(retitled) {
		return nil, nil
	}
	x := r.newNameIndex()
	p2 := *prev
	p2.names = x // the briefs resolved again are searched with the new names
	edits, ok := r.titleLinkers(&p2, in, retitled)
	if !ok {
		return nil, nil
	}
	found, searched := prev.mentionEdits(x, edits)
	edits = append(edits, found...)
	book, m := relocate(prev, in, edits, nil, nil)
	if book == nil {
		return nil, nil
	}
	m.mentionsReused -= searched - len(found) // searched again, found the same
	for _, s := range changed {
		c := book.SourceByID[s.ID]
		if c == nil {
			return nil, nil
		}
		setEntry(c, s)
	}
	// When no brief changed, the entries' sources are all that did:
	// Edited names their files (no entry changed, as for a comment: none).
	m.full, m.patched = r.kept(), len(edits) > 0
	if !m.patched {
		for _, s := range changed {
			if !slices.ContainsFunc(m.edited, func(doc *model.Doc) bool { return doc.Path == s.Path }) {
				m.edited = append(m.edited, &model.Doc{Path: s.Path})
			}
		}
	}
	m.names, m.mentionNames = x, x.sigs
	p2.global = requote(prev.global, changed, in.Src)
	m.report(&p2, &r, nil, in.Src, d)
	return book, m
}

// entryEdits returns the entries of sources (the bibliography entries of
// the new input) whose fields differ from those of prev's input at the
// same place, and false when the two lists differ otherwise or an edited
// entry cannot be patched (see rebibliography).
func (prev *Memo) entryEdits(sources []*model.Source) ([]*model.Source, bool) {
	var changed, was []*model.Source
	for k, s := range sources {
		o := prev.given.sources[k]
		if s == o {
			continue
		}
		if s == nil || o == nil || s.ID != o.ID || s.Path != o.Path {
			return nil, false
		}
		if sameSource(s, o) && s.Line == o.Line && s.Col == o.Col {
			continue
		}
		if s.ID == "" {
			return nil, false
		}
		changed, was = append(changed, s), append(was, o)
	}
	if len(changed) == 0 {
		return nil, true
	}
	count := make(map[string]int, len(sources))
	for _, s := range sources {
		if s != nil {
			count[s.ID]++
		}
	}
	for _, k := range prev.inline {
		for _, ref := range prev.slab[k].Sources {
			if ref.Inline != nil {
				count[ref.ID]++
			}
		}
	}
	for _, s := range changed {
		if count[s.ID] != 1 || prev.full.bibliography[s.ID] == nil {
			return nil, false
		}
	}
	if prev.entriesNamed(changed, was) {
		return nil, false
	}
	return changed, true
}

// entriesNamed reports whether a problem of the last full resolve outside
// the briefs' own resolutions quotes the id of one of the entries changed
// (now, and was before), or lies at its place before or after: such a
// problem compares the entry with another definition, or quotes where it
// is. The briefs' own problems read only ids.
func (prev *Memo) entriesNamed(changed, was []*model.Source) bool {
	for k, s := range changed {
		q := strconv.Quote(s.ID)
		if slices.ContainsFunc(prev.global, func(dg diag.Diagnostic) bool {
			return dg.Path == s.Path && (dg.Line == s.Line || dg.Line == was[k].Line) || strings.Contains(dg.Message, q) ||
				slices.ContainsFunc(dg.Notes, func(n string) bool { return strings.Contains(n, q) })
		}) {
			return true
		}
	}
	return false
}

// requote returns global with the line text of the problems in the files
// of changed taken from their content now: the problems are the same, at
// the same places (see entriesNamed), but a line may read differently.
func requote(global []diag.Diagnostic, changed []*model.Source, src func(string) []byte) []diag.Diagnostic {
	var out []diag.Diagnostic
	for i, dg := range global {
		if dg.Path == "" || !slices.ContainsFunc(changed, func(s *model.Source) bool { return s.Path == dg.Path }) {
			continue
		}
		if out == nil {
			out = slices.Clone(global)
		}
		var text []byte
		if src != nil {
			text = src(dg.Path)
		}
		out[i].LineText = ""
		if text != nil && dg.Line > 0 {
			out[i].LineText = diag.Quote(text, dg.Line)
		}
	}
	if out == nil {
		return global
	}
	return out
}

// setEntry gives c, a source of a book, the fields of the bibliography
// entry s, keeping what resolve set.
func setEntry(c, s *model.Source) {
	was := *c
	*c = *s
	c.Slug, c.PageURL, c.Briefs, c.Mentioned = was.Slug, was.PageURL, was.Briefs, was.Mentioned
}

// rebibTables replaces, in copies of r's tables (never in the book they
// came from), the sources of the entries changed by copies with their
// new fields, and returns the ids of those whose title changed.
func (r *resolver) rebibTables(changed []*model.Source) []string {
	book := *r.book
	book.SourceByID = maps.Clone(r.book.SourceByID)
	book.Sources = slices.Clone(r.book.Sources)
	bib := maps.Clone(r.bibliography)
	var retitled []string
	for _, s := range changed {
		old := bib[s.ID]
		c := *old
		setEntry(&c, s)
		bib[s.ID], book.SourceByID[s.ID] = &c, &c
		if k := slices.Index(book.Sources, old); k >= 0 {
			book.Sources[k] = &c
		}
		if old.Title != c.Title {
			retitled = append(retitled, s.ID)
		}
	}
	r.book, r.bibliography = &book, bib
	r.tables.titles = r.titlesHash()
	return retitled
}

// othersShow reports whether a document other than a brief (a profile,
// the home page, a page) has a [[source:id]] link to one of ids.
func (prev *Memo) othersShow(ids []string) bool {
	if len(ids) == 0 {
		return false
	}
	links := func(doc *model.Doc) bool {
		return slices.ContainsFunc(doc.Refs, func(ref model.Ref) bool {
			return ref.Kind == model.RefSource && slices.Contains(ids, ref.Target)
		})
	}
	g := &prev.given
	return slices.ContainsFunc(g.actors, func(a *model.Actor) bool { return a != nil && links(&a.Doc) }) ||
		slices.ContainsFunc(g.domains, func(dm *model.Domain) bool { return dm != nil && links(&dm.Doc) }) ||
		slices.ContainsFunc(g.pages, func(pg *model.Page) bool { return pg != nil && links(&pg.Doc) }) ||
		g.home != nil && links(&g.home.Doc)
}

// titleLinkers resolves again, against r's tables, every published brief
// whose kept resolution shows the title of one of the sources retitled
// (a [[source:id]] link to it), and returns them as edits, their
// mentions found with prev's names; false when one of them changes its
// references or LinksTo.
func (r *resolver) titleLinkers(prev *Memo, in Input, retitled []string) ([]briefEdit, bool) {
	if len(retitled) == 0 {
		return nil, true
	}
	var out []briefEdit
	for j := range prev.briefs {
		bm := &prev.briefs[j]
		if bm.res == nil || !bm.res.usesTitles || !slices.ContainsFunc(prev.input[j].Refs, func(ref model.Ref) bool {
			return ref.Kind == model.RefSource && slices.Contains(retitled, ref.Target)
		}) {
			continue
		}
		e, ok := r.edit(prev, j, in.Briefs[j])
		if !ok || e.refsChanged {
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}

// mentionEdits searches again, with x (the index of the new names), the
// bodies of the published briefs not among edits that may hold the words
// of a name added, removed or changed since prev's names, one after the
// other (their word filters), and returns those whose mentions changed as
// edits that keep their resolution, and the number of bodies searched.
func (prev *Memo) mentionEdits(x *nameIndex, edits []briefEdit) ([]briefEdit, int) {
	changed := changedNames(prev.mentionNames, x.sigs)
	if len(changed) == 0 {
		return nil, 0
	}
	var cand []int
	for j := range prev.briefs {
		bm := &prev.briefs[j]
		if bm.res == nil || bm.pre == nil || slices.ContainsFunc(edits, func(e briefEdit) bool { return e.at == j }) {
			continue
		}
		if slices.ContainsFunc(changed, func(c changedName) bool { return c.mayChange(&bm.mentions) }) {
			cand = append(cand, j)
		}
	}
	found := make([]*briefEdit, len(cand))
	par.Do(len(cand), 16, func(_, k int) {
		j := cand[k]
		bm := &prev.briefs[j]
		m, words := x.briefMentions(prev.book.Briefs[bm.rank])
		if targets := m.keys(); !slices.Equal(targets, bm.mentions.targets) {
			found[k] = &briefEdit{at: j, brief: prev.input[j], res: bm.res,
				mentions: mentionMemo{sum: bm.mentions.sum, words: words, targets: targets}, wasMentioning: bm.mentions.targets}
		}
	})
	var out []briefEdit
	for _, e := range found {
		if e != nil {
			out = append(out, *e)
		}
	}
	return out, len(cand)
}

// sameActors reports whether two books list the actors of the same pages,
// in the same order.
func sameActors(a, b []*model.Actor) bool {
	return slices.EqualFunc(a, b, func(x, y *model.Actor) bool { return x.URL == y.URL })
}
