package resolve

import (
	"hash/maphash"
	"slices"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// Each brief is resolved in two parts. What needs the order of the briefs
// (the first use of an implicit actor or domain, the first definition of
// an inline source) is done for every brief at every resolve, by
// briefDomains, addInlineSources and briefActors, which only look names up
// in maps: the slugs and keys they need are computed once per parse result
// (briefPre). The rest, the brief's own links, citations and references
// (resolveBrief), depends on the brief's parse result and on a few tables
// of the book, and is kept in the memo (briefResult) and reused while
// those stay the same:
//
//   - the tables every brief's links may read (tableHashes.core): each
//     actor's slug and name, each domain's slug and title, each source's id,
//     page URL and whether the bibliography defines it, and the published
//     files. A change to one of them (a new implicit actor, a source added)
//     resolves every brief again;
//   - the actor each of its [[actor:]] links names, found beforehand;
//   - the sources' titles (tableHashes.titles), for the briefs with a
//     [[source:id]] link;
//   - each brief or page a link looked up, by slug or path, found or not,
//     with what the link took from it (URL, title, heading ids): kept as
//     the brief's deps and checked one by one;
//   - for a brief with a link to a brief or page that does not exist, whose
//     "did you mean" depends on every slug, every brief's path, slug and
//     draft flag, and every profile's path (tableHashes.briefs).
//
// The tables are compared by a hash of their content (an order-independent
// sum of 64-bit hashes of their entries).
//
// So a brief whose parse result is the same value as in the previous
// resolve and whose tables and lookups give what they gave then gets its
// Links (shared with the previous book: nothing writes them after
// resolve), its References and LinksTo (remade with this book's values)
// and its diagnostics from the memo. resolveBrief is the one place that
// resolves what belongs to one brief alone; whatever is added to it must
// be recorded in briefResult and read only through tables the
// dependencies above cover.

// briefPre is what a brief's parse result alone gives the passes that run
// for every brief: never changed once made, shared between memos.
type briefPre struct {
	domainSlugs []string // slug.Make of each of Domains
	domainLoose []string // slug.Loose of each of Domains
	actorKeys   []string // slug.Key of each of Actors, then of each [[actor:]] target in order
	domainLine  int      // keyLine(b, "domain", "domains")
	actorLine   int      // keyLine(b, "actors")
	url         string   // the brief's URL, "/briefs/<slug>/"
	titleKey    string   // slug.Key(b.Title), by which book order sorts
}

// newBriefPre computes b's briefPre.
func newBriefPre(b *model.Brief) *briefPre {
	p := &briefPre{
		domainSlugs: make([]string, len(b.Domains)),
		domainLoose: make([]string, len(b.Domains)),
		actorKeys:   make([]string, len(b.Actors), len(b.Actors)+2),
		domainLine:  keyLine(b, "domain", "domains"),
		actorLine:   keyLine(b, "actors"),
		url:         "/briefs/" + b.Slug + "/",
		titleKey:    slug.Key(b.Title),
	}
	for i, v := range b.Domains {
		p.domainSlugs[i], p.domainLoose[i] = slug.Make(v), slug.Loose(v)
	}
	for i, name := range b.Actors {
		p.actorKeys[i] = slug.Key(name)
	}
	for k := range b.Refs {
		if ref := &b.Refs[k]; ref.Kind == model.RefActor {
			p.actorKeys = append(p.actorKeys, slug.Key(ref.Target))
		}
	}
	return p
}

// prepare finds the briefPre of every published brief in the previous
// memo, or computes it, and keeps what the memo has of each in
// r.prevBriefs.
func (r *resolver) prepare() {
	r.pre = make([]*briefPre, len(r.byPath))
	r.refActors = make([][]*model.Actor, len(r.byPath))
	if r.prev != nil {
		r.prevBriefs = make([]briefMemo, len(r.byPath))
	}
	for i, o := range r.origByPath {
		if r.prev != nil {
			if k := r.prevInput[r.inputOf[i]]; k >= 0 && int(k) < len(r.prev.briefs) && r.prev.briefs[k].pre != nil {
				m := r.prev.briefs[k]
				r.pre[i], r.prevBriefs[i] = m.pre, m
				r.byPath[i].URL = m.pre.url
				continue
			}
		}
		r.pre[i] = newBriefPre(o)
		r.byPath[i].URL = r.pre[i].url
	}
}

// briefMemo is what the memo keeps of one brief, by its parse result.
type briefMemo struct {
	pre      *briefPre // nil for a brief that was not published
	res      *briefResult
	mentions mentionMemo // see mentions.go
	rank     int32       // its index in Book.Briefs
	at       int32       // its index in byPath of the resolver that made the book (Memo.full)
}

// briefMemos returns what the memo keeps of every published brief, by
// index in the input (Memo.input), with mentions, the mentionMemo of
// each, by index in Book.Briefs.
func (r *resolver) briefMemos(mentions []mentionMemo) []briefMemo {
	m := make([]briefMemo, len(r.origInput))
	for i := range r.origByPath {
		rank := r.briefIndex[r.byPath[i]]
		m[r.inputOf[i]] = briefMemo{r.pre[i], r.results[i], mentions[rank], rank, int32(i)}
	}
	return m
}

// briefResult is the resolution of one brief's own links, sources and
// citations, and what it depended on.
type briefResult struct {
	links   []model.Link // the brief's Links
	refs    []refID      // its References
	linksTo []string     // the slugs of its LinksTo
	actors  []string     // the slug of the actor of each [[actor:]] link ("" for none)
	diags   []diag.Diagnostic

	core   uint64 // tableHashes.core it was resolved with
	titles uint64 // tableHashes.titles, when usesTitles
	briefs uint64 // tableHashes.briefs, when usesAll

	usesTitles bool
	usesAll    bool
	deps       []lookup
}

// refID is a Reference by its source's id.
type refID struct {
	id    string
	cited bool
}

// lookup is a brief or page looked up by slug (a wikilink) or path (a
// relative link), and what was found: found false when nothing was.
type lookup struct {
	key    string
	byPath bool
	found  bool
	url    string
	title  string
	heads  []model.Heading
}

// bySlug records that the brief resolved looked up the brief with slug
// s, and found b (or nil).
func (res *briefResult) bySlug(s string, b *model.Brief) {
	if res == nil {
		return
	}
	l := lookup{key: s}
	if b != nil {
		l.found, l.url, l.title, l.heads = true, b.URL, b.Title, b.Headings
	}
	res.deps = append(res.deps, l)
}

// byPath records that the brief resolved looked up the page made from
// the file at p, and found pg (or nil).
func (res *briefResult) byPath(p string, pg *page) {
	if res == nil {
		return
	}
	l := lookup{key: p, byPath: true}
	if pg != nil {
		l.found, l.url, l.title, l.heads = true, pg.url, pg.title(), pg.doc.Headings
	}
	res.deps = append(res.deps, l)
}

// needAll records that the brief resolved depends on every brief's slug
// and path (a failed lookup).
func (res *briefResult) needAll() {
	if res != nil {
		res.usesAll = true
	}
}

// sourceTitles records that the brief resolved shows a source's title.
func (res *briefResult) sourceTitles() {
	if res != nil {
		res.usesTitles = true
	}
}

// tableHashes are hashes of the tables briefs' links read; see above.
type tableHashes struct {
	core, titles uint64
	briefs       uint64 // 0 until needed
}

// resolveBriefs resolves every published brief's own links, sources and
// citations, or takes them from the previous memo where they cannot have
// changed.
func (r *resolver) resolveBriefs() {
	r.tables.core, r.tables.titles = r.coreHash(), r.titlesHash()
	r.results = make([]*briefResult, len(r.byPath))
	for i, b := range r.byPath {
		if r.prev != nil {
			if m := r.prevBriefs[i]; m.res != nil && r.valid(m.res, r.refActors[i]) {
				r.apply(b, m.res)
				r.results[i] = m.res
				r.reused++
				continue
			}
		}
		r.results[i] = r.resolveBrief(b, r.refActors[i])
	}
}

// resolveBrief resolves brief b's own sources list, links and citations
// (actors are the actors of its [[actor:]] links, in order) and returns
// what it found and depended on.
func (r *resolver) resolveBrief(b *model.Brief, actors []*model.Actor) *briefResult {
	res := &briefResult{core: r.tables.core, titles: r.tables.titles}
	d := r.d
	var local diag.List
	r.d, r.deps = &local, res
	r.cur.actors, r.cur.nextActor = actors, 0
	r.briefSources(b)
	r.resolveRefs(&b.Doc, b)
	r.numberReferences(b)
	r.d, r.deps = d, nil
	r.cur.actors = nil
	if local.Len() > 0 {
		res.diags = local.Sorted()
		for _, dg := range res.diags {
			r.out.Add(dg)
		}
	}
	if res.usesAll {
		res.briefs = r.briefsHash()
	}
	res.links = b.Links
	if len(b.References) > 0 {
		res.refs = make([]refID, len(b.References))
		for k, ref := range b.References {
			res.refs[k] = refID{ref.Source.ID, ref.Cited}
		}
	}
	if len(actors) > 0 {
		res.actors = make([]string, len(actors))
		for k, a := range actors {
			if a != nil {
				res.actors[k] = a.Slug
			}
		}
	}
	if len(b.LinksTo) > 0 {
		res.linksTo = make([]string, len(b.LinksTo))
		for k, t := range b.LinksTo {
			res.linksTo[k] = t.Slug
		}
	}
	return res
}

// valid reports whether res, resolved for the same parse result, is what
// resolving it now would give, actors being the actors of its [[actor:]]
// links now.
func (r *resolver) valid(res *briefResult, actors []*model.Actor) bool {
	if res.core != r.tables.core || res.usesTitles && res.titles != r.tables.titles {
		return false
	}
	for k, a := range actors {
		if a == nil && res.actors[k] != "" || a != nil && a.Slug != res.actors[k] {
			return false
		}
	}
	if res.usesAll && res.briefs != r.briefsHash() {
		return false
	}
	for k := range res.deps {
		l := &res.deps[k]
		var found bool
		var url, title string
		var heads []model.Heading
		if l.byPath {
			if pg := r.page(l.key); pg != nil {
				found, url, title, heads = true, pg.url, pg.title(), pg.doc.Headings
			}
		} else if r.slugsChanged != nil && !r.slugsChanged[l.key] {
			continue // the briefs with that slug are those prev had
		} else if b := r.book.BriefBySlug[l.key]; b != nil {
			found, url, title, heads = true, b.URL, b.Title, b.Headings
		}
		if found != l.found || url != l.url || title != l.title || !sameHeadings(heads, l.heads) {
			return false
		}
	}
	return true
}

// sameHeadings reports whether two lists of headings have the same ids,
// which is all links use of them.
func sameHeadings(a, b []model.Heading) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return slices.EqualFunc(a, b, func(x, y model.Heading) bool { return x.ID == y.ID })
}

// apply gives brief b what res found.
func (r *resolver) apply(b *model.Brief, res *briefResult) {
	b.Links = res.links
	if len(res.refs) > 0 {
		refs := make([]model.Reference, len(res.refs))
		for k, x := range res.refs {
			refs[k] = model.Reference{N: k + 1, Source: r.book.SourceByID[x.id], Cited: x.cited}
		}
		b.References = refs
	}
	if len(res.linksTo) > 0 {
		b.LinksTo = make([]*model.Brief, len(res.linksTo))
		for k, s := range res.linksTo {
			b.LinksTo[k] = r.book.BriefBySlug[s]
		}
	}
	for _, dg := range res.diags {
		r.out.Add(dg)
	}
}

// tableHash sums the hashes of entries, so that the order in which they
// are added does not matter.
type tableHash struct {
	sum, n uint64
	h      maphash.Hash
}

// add adds an entry made of a kind byte and strings.
func (t *tableHash) add(kind byte, ss ...string) {
	t.h.SetSeed(listHashSeed)
	t.h.WriteByte(kind)
	for _, s := range ss {
		t.h.WriteString(s)
		t.h.WriteByte(0)
	}
	t.sum += t.h.Sum64()
	t.n++
}

func (t *tableHash) value() uint64 { return t.sum ^ t.n*0x9e3779b97f4a7c15 }

// coreHash hashes the tables every brief's links may read: actors (slug
// and name), domains (slug and title), sources (id, page URL, and whether
// the bibliography defines it) and published files.
func (r *resolver) coreHash() uint64 {
	var t tableHash
	for s, a := range r.book.ActorBySlug {
		t.add('a', s, a.Name)
	}
	for s, dm := range r.book.DomainBySlug {
		t.add('d', s, dm.Title)
	}
	for id, s := range r.book.SourceByID {
		bib := "0"
		if r.bibliography[id] != nil {
			bib = "1"
		}
		t.add('s', id, s.PageURL, bib)
	}
	for p, u := range r.in.Files {
		t.add('f', p, u)
	}
	return t.value()
}

// titlesHash hashes every source's title.
func (r *resolver) titlesHash() uint64 {
	var t tableHash
	for id, s := range r.book.SourceByID {
		t.add('t', id, s.Title)
	}
	return t.value()
}

// briefsHash hashes what a failed lookup of a brief or page depends on:
// every brief's path, slug and draft flag, whether drafts are published,
// the paths of the files that could not be parsed, and the paths of the
// profiles and home page.
func (r *resolver) briefsHash() uint64 {
	if r.tables.briefs != 0 {
		return r.tables.briefs
	}
	var t tableHash
	for _, b := range r.in.Briefs {
		if b != nil && b.Slug != "" {
			draft := "0"
			if b.Draft {
				draft = "1"
			}
			t.add('b', b.Path, b.Slug, draft)
		}
	}
	for _, p := range r.in.Unparsed {
		t.add('u', p)
	}
	for _, a := range r.in.Actors {
		if a != nil {
			t.add('a', a.Path, a.Slug)
		}
	}
	for _, dm := range r.in.Domains {
		if dm != nil {
			t.add('d', dm.Path, dm.Slug)
		}
	}
	if r.in.Home != nil {
		t.add('h', r.in.Home.Path)
	}
	if r.in.Drafts {
		t.add('D')
	}
	r.tables.briefs = t.value() | 1
	return r.tables.briefs
}

// matchInputs walks prev and cur, the briefs of two resolves' inputs
// (parse results, drafts included, nil entries skipped), in path order.
// It returns, for each brief of cur, the index in prev of the same parse
// result (-1 when prev has none), and the slugs of the briefs that are in
// only one of them. Which brief a lookup by slug finds, and its URL,
// title and headings, depend only on the briefs having that slug (and on
// the drafts flag): a lookup of any other slug finds what it found in the
// resolve that had prev as its input. When either list is not sorted by
// path (never so from the site), slugs is nil and the indexes come from a
// map.
func matchInputs(prev, cur []*model.Brief) (at []int32, slugs map[string]bool) {
	at = make([]int32, len(cur))
	for j := range at {
		at[j] = -1
	}
	slugs = map[string]bool{}
	next := func(list []*model.Brief, i int) int {
		for i < len(list) && list[i] == nil {
			i++
		}
		return i
	}
	sorted := func(list []*model.Brief, i int, last string) bool {
		return i >= len(list) || last < list[i].Path
	}
	i, j := next(prev, 0), next(cur, 0)
	for i < len(prev) || j < len(cur) {
		var p, c *model.Brief
		switch {
		case j == len(cur) || i < len(prev) && prev[i] != cur[j] && prev[i].Path < cur[j].Path:
			p = prev[i]
		case i == len(prev) || prev[i] != cur[j] && cur[j].Path < prev[i].Path:
			c = cur[j]
		default:
			p, c = prev[i], cur[j]
		}
		if p == c {
			at[j] = int32(i)
		} else {
			if p != nil {
				slugs[p.Slug] = true
			}
			if c != nil {
				slugs[c.Slug] = true
			}
		}
		if p != nil {
			if i = next(prev, i+1); !sorted(prev, i, p.Path) {
				return matchByMap(prev, cur, at), nil
			}
		}
		if c != nil {
			if j = next(cur, j+1); !sorted(cur, j, c.Path) {
				return matchByMap(prev, cur, at), nil
			}
		}
	}
	return at, slugs
}

// matchByMap sets at[j] to the index in prev of cur[j], or -1, and
// returns at.
func matchByMap(prev, cur []*model.Brief, at []int32) []int32 {
	index := make(map[*model.Brief]int32, len(prev))
	for i, b := range prev {
		if b != nil {
			index[b] = int32(i)
		}
	}
	for j, b := range cur {
		if i, ok := index[b]; ok && b != nil {
			at[j] = i
		} else {
			at[j] = -1
		}
	}
	return at
}
