package resolve

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// The edit an author makes most, saving a brief whose body text changed,
// leaves the book's structure as it was: the same briefs in the same
// order, with the same slugs, titles, dates, domains, actors and sources,
// linking to the same briefs, citing the same sources and mentioning the
// same names. Then every index, list and order of the previous book is
// the new book's, and [ResolveFrom] makes the new book by copying the
// previous one (relocate.go) and replacing what the edited briefs hold
// of their own (their parse results' fields, their Links), instead of
// resolving every brief again.
//
// An edit is taken this way only when all of these hold, and otherwise
// the book is resolved as usual:
//
//   - the input other than the briefs is the previous input's (the same
//     parse results of profiles, sources, pages and home page, the same
//     published files, unparsed files, drafts flag and site title, which
//     may change when the home page has a title of its own);
//   - the briefs are the previous input's, in the same order, except at
//     most maxReuse, each replaced by a new parse result of the same file
//     whose previous one was published (reusable, below);
//   - each such brief has what the passes over the whole book read of it
//     unchanged (sameShape): path, slug, draft flag, sources list (with
//     its inline sources), the targets of its [[actor:]] links and its
//     heading ids, which other links check; its title may change
//     (retitle.go), and, when it is the only brief the save changed, its
//     actors (reactor.go), date (redate.go) or domains (redomain.go);
//   - the places of its frontmatter's keys and values and of its
//     [[actor:]] links (samePlaces) are unchanged too, unless its file
//     has no inline source and no problem found by the passes over the
//     whole book, nor named by one (Memo.fileNamed): only those read them;
//   - its own resolution, made now against the tables of the last full
//     resolve (with the titles of the edits since, retitle.go), links to
//     the same briefs in the same order (LinksTo) and has the same
//     references (sources, numbers, cited flags), unless it is the only
//     brief the save changed and has no inline source (resource.go).
//     When its body mentions other actors, domains or sources than
//     before, the brief is moved into or out of their Mentioned lists
//     (relocator.remention).
//
// A save of an actor or domain profile's own text (summary, kind,
// parameters, body) is taken the same way when its slug, name and
// aliases (a domain's title and order), heading ids and links stay and
// its file had no problem (Memo.actorEdit, domainEdit).
//
// The problems reported are the previous ones: the briefs' own, from the
// memo (the edited briefs' from their new resolution), and the others,
// whose line text is taken again from the edited files.

// maxReuse is the number of briefs an edit may change and still reuse the
// previous book.
const maxReuse = 16

// reuseMemo is what a Memo keeps for reusing its book.
type reuseMemo struct {
	book *model.Book
	// slab holds the briefs book.Briefs points into, by index in input;
	// actors, domains and sources hold the book's other entities (see
	// relocate.go), each in the array it was copied to when the book was
	// made by relocation (nil otherwise).
	slab     []model.Brief
	inline   []int32 // the numbers in slab of the book's briefs with inline sources
	entities entityLists
	given    givenInput        // the input other than the briefs
	global   []diag.Diagnostic // the problems not from the briefs' own resolutions, sorted
	// full is the resolver of the last resolve that was not a reuse,
	// emptied of what only that resolve needed: its tables are the book's
	// (which reuse never changes) and an edited brief is resolved against
	// them. names is its index of the book's names (mentions.go).
	full  *resolver
	names *nameIndex
	// otherDeps holds the briefs and pages the last full resolve's other
	// documents (profiles, home page, pages) looked up (retitle.go).
	otherDeps []lookup
	// otherUsesAll is set when one of those documents has a link to a
	// brief or page that does not exist, whose "did you mean" depends on
	// every brief's slug (rebrief.go).
	otherUsesAll bool
	// reusedBook is set when the memo's book was made by reuse; edited
	// lists the documents it changed. For tests and callers (Memo.Edited).
	reusedBook bool
	edited     []*model.Doc
	// patched is set when the reuse also changed other entities than the
	// edited documents' own (a brief's title, date, actors, domains,
	// references or mentions changed: book order, lists, backlinks of
	// others); Edited then says nothing.
	patched bool
}

// givenInput is the part of an Input that a reuse requires unchanged:
// parse results by identity.
type givenInput struct {
	title     string
	home      *model.Home
	actors    []*model.Actor
	domains   []*model.Domain
	sources   []*model.Source
	pages     []*model.Page
	files     map[string]string
	unparsed  []string
	brokenBib bool
}

// givenOf returns what in gives besides its briefs.
func givenOf(in Input) givenInput {
	return givenInput{in.Site.Title, in.Home, in.Actors, in.Domains, in.Sources, in.Pages, in.Files, in.Unparsed, in.BrokenBibliography}
}

// same reports whether g and o are the same parse results, but for the
// actor and domain profiles, of which it returns the indexes where o has
// another parse result of the same file.
func (g *givenInput) same(o givenInput) (actors, domains []int, ok bool) {
	if g.title != o.title || g.home != o.home || g.brokenBib != o.brokenBib || !slices.Equal(g.sources, o.sources) ||
		!slices.Equal(g.pages, o.pages) || !maps.Equal(g.files, o.files) || !slices.Equal(g.unparsed, o.unparsed) {
		return nil, nil, false
	}
	actors, ok = changedAt(g.actors, o.actors, func(a *model.Actor) string { return a.Path })
	if ok {
		domains, ok = changedAt(g.domains, o.domains, func(dm *model.Domain) string { return dm.Path })
	}
	return actors, domains, ok
}

// changedAt returns the indexes where b holds another value than a, of
// the same path, and false when the lists differ otherwise or in more
// than maxReuse places.
func changedAt[T any](a, b []*T, path func(*T) string) ([]int, bool) {
	if len(a) != len(b) {
		return nil, false
	}
	var at []int
	for i, x := range a {
		if y := b[i]; x != y {
			if x == nil || y == nil || path(x) != path(y) || len(at) == maxReuse {
				return nil, false
			}
			at = append(at, i)
		}
	}
	return at, true
}

// Edited returns the documents of m's book that the edit since the
// previous resolve changed, and true, when m's book was made from the
// previous book by an edit that changed nothing but those documents'
// own content and Links: same briefs, profiles, pages, URLs, titles,
// dates, lists and mentions. After a save of the bibliography that
// changed only its entries' sources (rebib.go), the documents are one
// with only a Path for each file holding such an entry: the sources
// defined there are what changed. Otherwise (a full resolve, or a reuse that
// patched other entities, see Reused) it returns nil, false. Callers may
// then compare only the entities made from those documents.
func (m *Memo) Edited() ([]*model.Doc, bool) {
	if m == nil || !m.reusedBook || m.patched {
		return nil, false
	}
	return m.edited, true
}

// Reused reports whether m's book was made from the previous book (a
// relocating copy, patched where the edit changed its structure) rather
// than by a full resolve.
func (m *Memo) Reused() bool { return m != nil && m.reusedBook }

// finish reports the problems found outside the briefs' own resolutions
// to the caller's list, and keeps in the memo what a later reuse needs:
// the book, the input, those problems and the resolver emptied of what
// only this resolve needed. given is the input as the caller gave it.
func (r *resolver) finish(given givenInput) {
	global := r.d.Sorted()
	for _, dg := range global {
		r.out.Add(dg)
	}
	m := r.memo
	if m == nil || m.names == nil {
		return
	}
	m.book, m.slab, m.given, m.global = r.book, r.slab, given, global
	m.entities, m.inline = newEntityLists(r.book), inlineSources(r.book, r.slab)
	full := *r
	full.d, full.out, full.slab, full.memo, full.prev = nil, nil, nil, nil, nil
	full.byPath, full.origByPath, full.origInput, full.pre, full.prevBriefs, full.results = nil, nil, nil, nil, nil, nil
	full.prevInput, full.inputOf, full.briefIndex, full.slugsChanged = nil, nil, nil, nil
	full.cur, full.suggested, full.listHash, full.lines = state{}, nil, nil, nil
	m.full = &full
}

// briefEdit is a brief an edit changed, resolved anew.
type briefEdit struct {
	at       int          // its index in the input
	brief    *model.Brief // its new parse result
	res      *briefResult
	mentions mentionMemo
	pre      *briefPre // its briefPre, when it differs from the previous one's (a new title); nil otherwise
	// wasMentioning holds the targets its body mentioned before (see
	// mentionMemo); relocate moves it into and out of their Mentioned
	// lists when they differ.
	wasMentioning []string
	// refsChanged is set when its references differ from the previous
	// ones (resource.go).
	refsChanged bool
}

// reuse returns the book of in made from prev's and its memo, when every
// change since prev's input preserves the book's structure (see above),
// reporting the book's problems to d; otherwise nil, nil, having reported
// nothing.
func reuse(prev *Memo, in Input, d *diag.List) (*model.Book, *Memo) {
	if prev == nil || prev.full == nil || prev.drafts != in.Drafts || len(in.Briefs) != len(prev.input) ||
		len(prev.briefs) != len(prev.input) {
		return nil, nil
	}
	profiles, ok := prev.profileEdits(in)
	if !ok {
		return nil, nil
	}
	sc, ok := changedBriefs(prev, in, len(profiles))
	if !ok {
		return nil, nil
	}
	r := *prev.full
	r.in.Src, r.prev = in.Src, prev
	r.d, r.out = &diag.List{}, &diag.List{} // the edited briefs' problems come from their results
	if !r.allow(prev, in, &sc) {
		return nil, nil
	}
	prev = sc.view // without the warnings of actors the save drops (recast.go)
	edits := make([]briefEdit, 0, len(sc.changed))
	for _, j := range sc.changed {
		e, ok := r.edit(prev, j, in.Briefs[j])
		if !ok {
			return nil, nil
		}
		edits = append(edits, e)
	}
	if len(sc.titled) > 0 {
		deps, ok := r.dependents(prev, in, sc.urls, sc.changed)
		if !ok {
			return nil, nil
		}
		edits = append(edits, deps...)
	}
	if slices.ContainsFunc(edits, func(e briefEdit) bool { return e.refsChanged }) {
		// One brief's references alone (resource.go).
		e := edits[0]
		if len(edits) > 1 || len(profiles) > 0 || sc.shapes() > 0 ||
			hasInline(e.brief.Sources) || hasInline(prev.input[e.at].Sources) || prev.fileNamed(e.brief.Path) {
			return nil, nil
		}
	}
	book, m := relocate(prev, in, edits, profiles, nil)
	if book == nil || !m.patch(prev, &r, &sc, edits) {
		return nil, nil
	}
	m.patched = sc.shapes() > 0 || slices.ContainsFunc(edits, func(e briefEdit) bool {
		return e.refsChanged || !slices.Equal(e.wasMentioning, e.mentions.targets)
	})
	m.report(prev, &r, edits, in.Src, d)
	return book, m
}

// profileEdits returns the profiles in changed since prev's input, when
// the input other than the briefs keeps the book's structure (see above).
func (prev *Memo) profileEdits(in Input) ([]profileEdit, bool) {
	given := givenOf(in)
	if h := in.Home; h != nil && h == prev.given.home && h.Title != "" {
		// The home page's own title hides the site's, the only field of
		// the configuration resolve reads; the book takes in.Site whole.
		given.title = prev.given.title
	}
	actors, domains, ok := prev.given.same(given)
	if !ok {
		return nil, false
	}
	var profiles []profileEdit
	for _, k := range actors {
		e, ok := prev.actorEdit(prev.given.actors[k], in.Actors[k])
		if !ok {
			return nil, false
		}
		profiles = append(profiles, e)
	}
	for _, k := range domains {
		e, ok := prev.domainEdit(prev.given.domains[k], in.Domains[k])
		if !ok {
			return nil, false
		}
		profiles = append(profiles, e)
	}
	return profiles, true
}

// shapeChanges are the briefs a save changed (indexes in the input), and
// those of them whose title, actors, date or domains changed, with what
// the reuse of the book needs to patch those (see allow).
type shapeChanges struct {
	changed, titled, recast, dated, domained []int
	actorSlugs, domainSlugs                  []string  // the actors and domains of the brief at recast[0], domained[0]
	urls                                     []string  // the URLs of the briefs at titled
	cast                                     *castPlan // the implicit actors the brief at recast[0] makes or drops (recast.go)
	view                                     *Memo     // the previous memo as the reuse sees it (recast.go)
}

// shapes returns the number of changes of title, actors, date or domains.
func (sc *shapeChanges) shapes() int {
	return len(sc.titled) + len(sc.recast) + len(sc.dated) + len(sc.domained)
}

// changedBriefs returns the briefs of in that differ from prev's input,
// and false when one is not another parse result of the same file, there
// are more than maxReuse, or a change of date or domains comes with
// another change (profiles is the number of profiles changed).
func changedBriefs(prev *Memo, in Input, profiles int) (shapeChanges, bool) {
	var sc shapeChanges
	for j, c := range in.Briefs {
		o := prev.input[j]
		if c == o {
			continue
		}
		if c == nil || o == nil || c.Path != o.Path || len(sc.changed) == maxReuse {
			return sc, false
		}
		sc.changed = append(sc.changed, j)
		if c.Title != o.Title {
			sc.titled = append(sc.titled, j)
		}
		if !slices.Equal(c.Actors, o.Actors) {
			sc.recast = append(sc.recast, j)
		}
		if !c.Date.Equal(o.Date) {
			sc.dated = append(sc.dated, j)
		}
		if !slices.Equal(c.Domains, o.Domains) {
			sc.domained = append(sc.domained, j)
		}
	}
	alone := len(sc.changed) == 1 && profiles == 0
	if len(sc.domained) > 0 && (!alone || sc.shapes() > 1) {
		return sc, false // one brief's domains alone (redomain.go)
	}
	if (len(sc.dated) > 0 || len(sc.recast) > 0) && !alone {
		return sc, false // one brief's date (redate.go) or actors (reactor.go)
	}
	if len(sc.recast) > 0 && len(sc.titled) > 0 {
		return sc, false
	}
	return sc, true
}

// allow finds what the patches of the book after relocation need (the
// slugs of a brief's new actors, with the implicit actors it makes or
// drops, recast.go; of its new domains, which must all have profiles;
// the retitled tables, retitle.go), and reports whether they can be
// made: the brief's file has no problem of the passes over the whole
// book (but the warnings of the actors it drops).
func (r *resolver) allow(prev *Memo, in Input, sc *shapeChanges) bool {
	var ok bool
	sc.view = prev
	if len(sc.recast) > 0 {
		j := sc.recast[0]
		if sc.actorSlugs, sc.cast, sc.view, ok = r.castActors(prev, j, in.Briefs[j]); !ok {
			return false
		}
	}
	if len(sc.domained) > 0 {
		c := in.Briefs[sc.domained[0]]
		if prev.fileNamed(c.Path) {
			return false
		}
		if sc.domainSlugs, ok = r.profileDomains(c.Domains); !ok {
			return false
		}
	}
	if len(sc.titled) > 0 {
		if sc.urls, ok = r.retitle(prev, in, sc.titled); !ok {
			return false
		}
	}
	return true
}

// patch patches m's book, made by relocation from prev's, for the
// changes of sc and edits (see retitle.go, reactor.go, redate.go,
// redomain.go, resource.go); r holds the tables the edits were resolved
// against. It returns false when a patch cannot be made.
func (m *Memo) patch(prev *Memo, r *resolver, sc *shapeChanges, edits []briefEdit) bool {
	if len(sc.titled) > 0 {
		m.reorder(sc.titled)
		m.full = r.kept()
	}
	if len(sc.recast) > 0 && !m.recast(sc.recast[0], sc.actorSlugs, sc.cast) {
		return false
	}
	if len(sc.dated) > 0 && !m.redate(sc.dated[0], prev) {
		return false
	}
	if len(sc.domained) > 0 && !m.redomain(sc.domained[0], sc.domainSlugs) {
		return false
	}
	if len(edits) > 0 && edits[0].refsChanged && !m.resource(edits[0].at, edits[0].res.refs) {
		return false
	}
	return true
}

// report keeps in m the "did you mean"s r found and the problems of the
// book, and reports those to d (see above).
func (m *Memo) report(prev *Memo, r *resolver, edits []briefEdit, src func(string) []byte, d *diag.List) {
	if len(r.suggested) > 0 {
		m.suggested = maps.Clone(prev.suggested)
		if m.suggested == nil {
			m.suggested = map[suggestKey]string{}
		}
		maps.Copy(m.suggested, r.suggested)
	}
	m.global = relined(m.global, edits, src)
	for _, bm := range m.briefs {
		if bm.res != nil {
			for _, dg := range bm.res.diags {
				d.Add(dg)
			}
		}
	}
	for _, dg := range m.global {
		d.Add(dg)
	}
}

// edit resolves c, the new parse result of the brief at index j of the
// input, against the tables of the last full resolve, and reports
// whether the book keeps its structure with it (see above).
func (r *resolver) edit(prev *Memo, j int, c *model.Brief) (briefEdit, bool) {
	bm, o := prev.briefs[j], prev.input[j]
	if bm.pre == nil || bm.res == nil || int(bm.rank) >= len(prev.book.Briefs) || !sameShape(o, c) || !r.titleOK(o, c) ||
		!samePlaces(o, c) && (hasInline(c.Sources) || prev.fileNamed(c.Path)) {
		return briefEdit{}, false
	}
	old := prev.book.Briefs[bm.rank]
	if old.Path != c.Path {
		return briefEdit{}, false
	}
	tmp := *c
	tmp.URL, tmp.Sources = old.URL, old.Sources // its inline sources as addInlineSources completed them
	r.self = nil
	if pg := r.pages[c.Path]; pg != nil {
		r.self = pg.brief // what its links to itself find, in the tables
	}
	res := r.resolveBrief(&tmp, r.refActors[bm.at])
	if !slices.Equal(res.linksTo, bm.res.linksTo) || !slices.Equal(res.actors, bm.res.actors) {
		return briefEdit{}, false
	}
	found, words := prev.names.briefMentions(&tmp)
	e := briefEdit{at: j, brief: c, res: res, mentions: mentionMemo{sum: mentionSum(&tmp), words: words, targets: found.keys()}}
	e.wasMentioning = bm.mentions.targets
	e.refsChanged = !slices.Equal(res.refs, bm.res.refs)
	if o != c {
		e.pre = newBriefPre(c) // its title key and the lines of its keys may differ
	}
	return e, true
}

// sameShape reports whether the parse results o and c of one file give
// the passes over the whole book the same values, but for the places in
// the file of its frontmatter's values and [[actor:]] links (samePlaces):
// everything of a brief they read, but its body, its links other than
// [[actor:]], and its title, date, actors and domains, which reuse
// checks and patches on their own (retitle.go, redate.go, reactor.go,
// redomain.go).
func sameShape(o, c *model.Brief) bool {
	return o.Path == c.Path && o.Slug == c.Slug && o.Draft == c.Draft &&
		(sameSourceRefs(o.Sources, c.Sources, false) || !hasInline(o.Sources) && !hasInline(c.Sources)) &&
		sameActorRefs(o.Refs, c.Refs, false) &&
		sameHeadings(o.Headings, c.Headings)
}

// samePlaces reports whether the parse results o and c of one file, of
// the same shape, have their frontmatter's keys and values and their
// [[actor:]] links at the same places. Only the problems the passes over
// the whole book report, and inline sources (whose definitions the book
// shows with their places), read those: a save that moves them (a key
// set anew, as the last of the frontmatter) keeps the book's structure
// when the file has no such problem (Memo.fileNamed) and no inline
// source.
func samePlaces(o, c *model.Brief) bool {
	return slices.Equal(o.DomainPos, c.DomainPos) && slices.Equal(o.ActorPos, c.ActorPos) &&
		maps.Equal(o.Line, c.Line) && sameSourceRefs(o.Sources, c.Sources, true) && sameActorRefs(o.Refs, c.Refs, true)
}

// fileNamed reports whether a problem of the last full resolve outside
// the briefs' own resolutions is in the file at path, or names it.
func (m *Memo) fileNamed(path string) bool {
	return slices.ContainsFunc(m.global, func(dg diag.Diagnostic) bool {
		return dg.Path == path || strings.Contains(dg.Message, path) ||
			slices.ContainsFunc(dg.Notes, func(n string) bool { return strings.Contains(n, path) })
	})
}

// sameSourceRefs reports whether two sources lists are the same, inline
// sources compared by value, and with places when places is set.
func sameSourceRefs(a, b []model.SourceRef, places bool) bool {
	return slices.EqualFunc(a, b, func(x, y model.SourceRef) bool {
		if x.ID != y.ID || places && (x.Line != y.Line || x.Col != y.Col) || (x.Inline == nil) != (y.Inline == nil) {
			return false
		}
		return x.Inline == nil || reflect.DeepEqual(*x.Inline, *y.Inline)
	})
}

// sameActorRefs reports whether two lists of refs have the same
// [[actor:]] links, at the same places when places is set.
func sameActorRefs(a, b []model.Ref, places bool) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i].Kind != model.RefActor {
			i++
		}
		for j < len(b) && b[j].Kind != model.RefActor {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		x, y := &a[i], &b[j]
		if x.Target != y.Target || places && (x.Line != y.Line || x.Col != y.Col || x.Len != y.Len) {
			return false
		}
		i, j = i+1, j+1
	}
}

// relined returns global with the line text of the problems in the
// edited briefs' files taken from their content now: the problems are
// the same, at the same places (see sameShape), but a line may read
// differently.
func relined(global []diag.Diagnostic, edits []briefEdit, src func(string) []byte) []diag.Diagnostic {
	var out []diag.Diagnostic
	lines := diag.NewSources(src)
	for i, dg := range global {
		if !slices.ContainsFunc(edits, func(e briefEdit) bool { return e.brief.Path == dg.Path }) {
			continue
		}
		if out == nil {
			out = slices.Clone(global)
		}
		out[i].LineText = lines.Quote(dg.Path, dg.Line)
	}
	if out == nil {
		return global
	}
	return out
}

// profileEdit is an actor or domain profile an edit changed: the new
// parse result (one of actor and domain is set) and the previous book's
// entity of its file.
type profileEdit struct {
	actor, oldActor   *model.Actor
	domain, oldDomain *model.Domain
}

// actorEdit reports whether c, the new parse result of the actor profile
// whose previous one is o, keeps the book's structure: the same file,
// slug, name and aliases (which briefs name it by and mentions find),
// heading ids (which links check) and links, but for their places in the
// file, which is published and has no problems (whose places and lines
// may have moved). Its kind, summary, parameters and body may differ.
func (m *Memo) actorEdit(o, c *model.Actor) (profileEdit, bool) {
	old := m.book.ActorBySlug[c.Slug]
	if old == nil || !old.Profile || old.Path != c.Path || o.Slug != c.Slug || o.Name != c.Name ||
		!slices.Equal(o.Aliases, c.Aliases) || !m.profileSame(&o.Doc, &c.Doc) {
		return profileEdit{}, false
	}
	return profileEdit{actor: c, oldActor: old}, true
}

// domainEdit is actorEdit for a domain profile, whose slug, title and
// order (which sort the domains and the book's chapters) must stay.
func (m *Memo) domainEdit(o, c *model.Domain) (profileEdit, bool) {
	old := m.book.DomainBySlug[c.Slug]
	_, had := o.Params["order"]
	_, has := c.Params["order"]
	if old == nil || !old.Profile || old.Path != c.Path || o.Slug != c.Slug || o.Title != c.Title ||
		o.Order != c.Order || had != has || !m.profileSame(&o.Doc, &c.Doc) {
		return profileEdit{}, false
	}
	return profileEdit{domain: c, oldDomain: old}, true
}

// profileSame reports whether the documents o and c of a profile have
// the same heading ids and links, but for their places, and the
// previous resolve reported no problem in the file.
func (m *Memo) profileSame(o, c *model.Doc) bool {
	if o.Path != c.Path || !sameHeadings(o.Headings, c.Headings) || slices.ContainsFunc(m.global, func(dg diag.Diagnostic) bool { return dg.Path == c.Path }) {
		return false
	}
	return slices.EqualFunc(o.Refs, c.Refs, func(x, y model.Ref) bool {
		return x.Kind == y.Kind && x.Target == y.Target && x.Fragment == y.Fragment && x.Label == y.Label && slices.Equal(x.Cites, y.Cites)
	})
}
