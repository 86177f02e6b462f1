package render

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/briefbook/briefbook/internal/model"
)

// What a page read, so that the next version of the book need not walk
// every page to find the ones an edit changed (see package site): a
// page's Traced fingerprint also returns its dependencies, the fields of
// the book's entities the walk read (fingerprint.go, recorded as it
// steps into a field of an entity) and those the Go code that made the
// page's data read (goDeps), by stable keys (a brief's source path, an
// actor's, domain's or source's slug...). Diff (diff.go) lists the
// fields that differ between two versions of a book; a page none of
// whose dependencies is among them reads what it read before, so its
// bytes are the same.

// DepKind says what a [DepRef] names.
type DepKind uint8

const (
	// DepBrief, DepActor, DepDomain, DepSource, DepHome and DepPage name one
	// entity of the book by its key (see entityKey); DepBook the book's own
	// fields (model.Book: its lists, book order, maps by slug).
	DepBrief DepKind = iota + 1
	DepActor
	DepDomain
	DepSource
	DepHome
	DepPage
	DepBook
	// DepEvery is a field of any entity of a kind (Key names the kind:
	// "brief", "actor"...), or with MembersBit the list of them in the
	// book (which entities, in which order).
	DepEvery
	// DepMembers is a field of any brief listed by one domain, actor or
	// source (Key is the owner's DepKind as a byte, then its key): what a
	// list's year links, charts and facets read of its briefs.
	DepMembers
	// DepBriefsPage is what a page of the briefs index (kind "briefs")
	// shows of the book's list of briefs besides the briefs it lists:
	// with Key "", the list's length and its by-year archive (yearLinks),
	// on every page; with Key k (decimal), which briefs are at the
	// positions of page k. A brief renamed, added or removed changes the
	// pages whose positions it shifts, not the others (see Diff).
	DepBriefsPage
	// DepListPage is, for a page of the list of one domain, actor or
	// source (Key is the owner's DepKind as a byte, then its key, then a
	// NUL byte), what DepBriefsPage is for the briefs index: with nothing
	// after the NUL, the list's length and by-year archive and the chart
	// made of it (a domain's top actors, an actor's timeline), on every
	// page; with k (decimal) after it, which briefs are at the positions
	// of page k. A brief renamed, added to or removed from the list
	// changes the pages whose positions it shifts and, when they change,
	// the length, archive and chart, not the rest (see Diff).
	DepListPage
)

// MembersBit is the bit of a field mask that stands for the membership
// and order of a list (DepEvery), not a field.
const MembersBit = uint64(1) << 63

// AllFields is the mask of every field.
const AllFields = ^uint64(0)

// A DepRef names a thing a page can depend on.
type DepRef struct {
	Kind DepKind
	Key  string
}

// A Dep is a page's dependency: the fields of Ref it read, as a mask of
// the bits of their indexes in the entity's struct (model.Brief's
// fields, model.Book's...).
type Dep struct {
	Ref    DepRef
	Fields uint64
}

// Deps is what a page read. Always is set when the page read something
// the recording cannot name: the page must be compared at every change.
type Deps struct {
	List   []Dep // sorted by Ref, one Dep per Ref
	Always bool
}

// depSet collects a page's dependencies.
type depSet struct {
	m      map[DepRef]uint64
	always bool
}

func (s *depSet) add(r DepRef, fields uint64) {
	if s == nil {
		return
	}
	if s.m == nil {
		s.m = map[DepRef]uint64{}
	}
	s.m[r] |= fields
}

func (s *depSet) addAll(ds []Dep) {
	for _, d := range ds {
		s.add(d.Ref, d.Fields)
	}
}

// list returns the dependencies, sorted.
func (s *depSet) list() []Dep {
	out := make([]Dep, 0, len(s.m))
	for r, f := range s.m {
		out = append(out, Dep{r, f})
	}
	slices.SortFunc(out, func(a, b Dep) int {
		if a.Ref.Kind != b.Ref.Kind {
			return int(a.Ref.Kind) - int(b.Ref.Kind)
		}
		switch {
		case a.Ref.Key < b.Ref.Key:
			return -1
		case a.Ref.Key > b.Ref.Key:
			return 1
		}
		return 0
	})
	return out
}

var (
	briefType  = reflect.TypeOf(model.Brief{})
	actorType  = reflect.TypeOf(model.Actor{})
	domainType = reflect.TypeOf(model.Domain{})
	sourceType = reflect.TypeOf(model.Source{})
	homeType   = reflect.TypeOf(model.Home{})
	mpageType  = reflect.TypeOf(model.Page{})
	bookType   = reflect.TypeOf(model.Book{})
)

// depKindOf returns the DepKind of entity struct type t, or 0.
func depKindOf(t reflect.Type) DepKind {
	switch t {
	case briefType:
		return DepBrief
	case actorType:
		return DepActor
	case domainType:
		return DepDomain
	case sourceType:
		return DepSource
	case homeType:
		return DepHome
	case mpageType:
		return DepPage
	case bookType:
		return DepBook
	}
	return 0
}

// everyKey is the Key of DepEvery for each kind.
var everyKey = map[DepKind]string{DepBrief: "brief", DepActor: "actor", DepDomain: "domain", DepSource: "source", DepPage: "page"}

// entityKey returns the key of an entity, stable across versions of the
// book: a brief's or page's source path, an actor's or domain's slug, a
// source's id and where it is defined.
func entityKey(p any) DepRef {
	switch e := p.(type) {
	case *model.Brief:
		return DepRef{DepBrief, e.Path}
	case *model.Actor:
		return DepRef{DepActor, e.Slug}
	case *model.Domain:
		return DepRef{DepDomain, e.Slug}
	case *model.Source:
		return DepRef{DepSource, e.ID + "\x00" + e.Path}
	case *model.Home:
		return DepRef{DepHome, ""}
	case *model.Page:
		return DepRef{DepPage, e.Path}
	case *model.Book:
		return DepRef{DepBook, ""}
	}
	return DepRef{}
}

// fieldBit returns the mask bit of the field at index i of an entity.
func fieldBit(i int) uint64 {
	if i >= 63 {
		return AllFields &^ MembersBit // more fields than bits: any of the last
	}
	return 1 << i
}

// fieldBits caches the bits of fields by type and name.
var fieldBits sync.Map // fieldKey → uint64

// bitOf returns the mask bit of the field name of entity type t (0 when
// it has none).
func bitOf(t reflect.Type, name string) uint64 {
	k := fieldKey{t, name}
	if x, ok := fieldBits.Load(k); ok {
		return x.(uint64)
	}
	var bit uint64
	if f, ok := t.FieldByName(name); ok {
		bit = fieldBit(f.Index[0])
	}
	fieldBits.Store(k, bit)
	return bit
}

// bits returns the mask of the fields names of entity type t.
func bits(t reflect.Type, names ...string) uint64 {
	var m uint64
	for _, n := range names {
		b := bitOf(t, n)
		if b == 0 {
			panic("render: no field " + n + " in " + t.Name()) // a model field renamed: fix goDeps
		}
		m |= b
	}
	return m
}

// traceIndex records the fields of entities met on the way along the
// field index idx from struct v (a field promoted through an embedded
// entity records that entity's field).
func (s *depSet) traceIndex(v reflect.Value, idx []int) {
	if s == nil {
		return
	}
	for j, i := range idx {
		if k := depKindOf(v.Type()); k != 0 {
			if !v.CanAddr() {
				s.always = true // an entity not reached through a pointer: no key
				return
			}
			s.add(entityKey(v.Addr().Interface()), fieldBit(i))
		}
		if j == len(idx)-1 {
			return
		}
		v = indirect(v.Field(i))
		if !v.IsValid() || v.Kind() != reflect.Struct {
			return
		}
	}
}

// traceEntities records every field of each entity v is or holds by
// embedding (a method of it, or of a value made of it, can read any).
// A value holding no entity is recorded as unknown: the page is always
// compared.
func (s *depSet) traceEntities(v reflect.Value) {
	if s == nil {
		return
	}
	v = indirect(v)
	if !v.IsValid() {
		return
	}
	if v.Kind() != reflect.Struct {
		s.always = true
		return
	}
	if k := depKindOf(v.Type()); k != 0 {
		if v.CanAddr() {
			s.add(entityKey(v.Addr().Interface()), AllFields)
		} else {
			s.always = true
		}
		return
	}
	found := false
	t := v.Type()
	for i := range t.NumField() {
		if t.Field(i).Anonymous {
			s.traceEntities(v.Field(i))
			found = true
		}
	}
	if !found {
		s.always = true
	}
}

// traceDerived records what the derived func name (see derivedFuncs)
// reads in Go of its argument v.
func (s *depSet) traceDerived(name string, v reflect.Value) {
	if s == nil {
		return
	}
	switch x := indirect(v); {
	case x.IsValid() && x.Type() == reflect.TypeOf(Data{}):
		d := x.Addr().Interface().(*Data)
		s.dataEntities(d, AllFields&^listedBits[d.Kind]) // jsonld reads no list of a list page's owner
		s.add(DepRef{DepHome, ""}, AllFields)
	case x.IsValid() && x.Type() == sourceType:
		s.add(entityKey(x.Addr().Interface()), sourceCited)
	default:
		s.always = true
	}
}

// domainNamed is what Go code reads of a brief's domains: their titles
// (jsonld's keywords, a preview's domains). The lists of a domain's
// briefs, which change whenever one of them is added, removed or
// renamed, are not among them.
var domainNamed = bits(domainType, "Title")

// sourceCited is what Go code reads of a source it cites (jsonld's
// citations, the cite and citeLinked funcs, package cite): every field
// but the lists of the briefs citing or mentioning it, which no citation
// reads.
var sourceCited = AllFields &^ bits(sourceType, "Briefs", "Mentioned")

// dataEntities records the fields own of the domain, actor and source d
// points to and every field of its other entities, and what a brief
// page's Go code reads through its brief: the titles of its domains and
// the sources of its references but for their lists of briefs (jsonld,
// citeBrief, the description; the templates' reads are the walk's).
func (s *depSet) dataEntities(d *Data, own uint64) {
	if d.Brief != nil && d.Brief.Brief != nil {
		br := d.Brief.Brief
		s.add(entityKey(br), AllFields)
		for _, dom := range br.DomainList {
			s.add(entityKey(dom), domainNamed)
		}
		for _, ref := range br.References {
			if ref.Source != nil {
				s.add(entityKey(ref.Source), sourceCited)
			}
		}
	}
	if d.Domain != nil {
		s.add(entityKey(d.Domain), own)
	}
	if d.Actor != nil {
		s.add(entityKey(d.Actor), own)
	}
	if d.Source != nil {
		s.add(entityKey(d.Source), own)
	}
	if d.Page != nil {
		s.add(entityKey(d.Page), AllFields)
	}
}

// every returns the ref of DepEvery for entities of kind k.
func every(k DepKind) DepRef { return DepRef{DepEvery, everyKey[k]} }

// membersOf returns the ref of DepMembers for the lists of owner.
func membersOf(owner any) DepRef {
	r := entityKey(owner)
	return DepRef{DepMembers, string(rune('0'+r.Kind)) + r.Key}
}

// listedBits are, by the kind of the pages of the list of one domain,
// actor or source, the owner's fields Briefs and Mentioned: those pages
// read the list through DepListPage rather than through these fields
// (page 1's templates read Mentioned, which the walk records).
var listedBits = map[string]uint64{
	"domain": bits(domainType, "Briefs", "Mentioned"),
	"actor":  bits(actorType, "Briefs", "Mentioned"),
	"source": bits(sourceType, "Briefs", "Mentioned"),
}

// listRef returns the ref of DepListPage for owner's list: the whole
// list's with key "", page k's with key k (decimal).
func listRef(owner any, key string) DepRef {
	return DepRef{DepListPage, membersOf(owner).Key + "\x00" + key}
}

// listPage records what page p of owner's list reads of the list: its
// length, by-year archive and chart, and which briefs are at its
// positions (see DepListPage).
func (s *depSet) listPage(owner any, p *Pager) {
	s.add(listRef(owner, ""), AllFields)
	if p != nil {
		s.add(listRef(owner, strconv.Itoa(p.Number)), AllFields)
	}
}

// goDeps records what the Go code that made d, the data of a page of
// d.Kind, read of the book besides what the templates read of d (which
// the walk records): the entities the page is about, whole but for the
// lists of a domain's, actor's or source's page's owner, which it reads
// through DepListPage (the briefs index's pages through DepBriefsPage);
// for a facet, the dates and actors of its domain's briefs; for the
// pages made from the whole book (home, indexes, book),
// the lists of entities they are made of. Every page's SiteTitle may be
// the home page's title.
func (s *depSet) goDeps(d *Data) {
	s.add(DepRef{DepHome, ""}, bits(homeType, "Title"))
	s.dataEntities(d, AllFields&^listedBits[d.Kind])
	date := bits(briefType, "Date", "Updated", "Draft")
	switch d.Kind {
	case "home":
		s.add(DepRef{DepHome, ""}, AllFields)
		s.add(every(DepBrief), MembersBit)
		s.add(every(DepDomain), AllFields)
	case "briefs":
		s.add(DepRef{DepBriefsPage, ""}, AllFields)
		if d.Pager != nil {
			s.add(DepRef{DepBriefsPage, strconv.Itoa(d.Pager.Number)}, AllFields)
		}
	case "domain":
		if d.Domain != nil {
			s.listPage(d.Domain, d.Pager)
		}
		s.add(every(DepActor), bits(actorType, "Name", "Slug", "URL"))
	case "actor":
		if d.Actor != nil {
			s.listPage(d.Actor, d.Pager)
		}
	case "source":
		if d.Source != nil {
			s.listPage(d.Source, d.Pager)
		}
	case "facet":
		if d.Domain != nil {
			s.add(membersOf(d.Domain), date|bits(briefType, "ActorList"))
		}
	case "domains":
		s.add(every(DepDomain), AllFields)
		s.add(every(DepActor), AllFields)
		s.add(every(DepBrief), MembersBit|bits(briefType, "ActorList", "DomainList"))
	case "actors":
		s.add(every(DepActor), AllFields)
	case "sources":
		s.add(every(DepSource), AllFields)
	case "book":
		s.add(DepRef{DepHome, ""}, AllFields)
		s.add(every(DepBrief), AllFields)
		s.add(every(DepDomain), AllFields)
		s.add(DepRef{DepBook, ""}, AllFields)
	default:
		// contents, search, 404, page: only what the templates read.
	}
	for _, f := range dataGoFields {
		if !reflect.ValueOf(d).Elem().FieldByName(f.name).IsZero() && f.kinds != "" && !slices.Contains(f.kindList(), d.Kind) {
			s.always = true // a field the kind's Go code is not known to set
		}
	}
}

// dataGoField is a field of Data that Go code fills in from the book, and
// the page kinds whose dependencies goDeps declares for it.
type dataGoField struct {
	name  string
	kinds string // space-separated; "" for fields whose entities dataEntities records
}

func (f dataGoField) kindList() []string {
	var out []string
	start := 0
	for i := 0; i <= len(f.kinds); i++ {
		if i == len(f.kinds) || f.kinds[i] == ' ' {
			out = append(out, f.kinds[start:i])
			start = i + 1
		}
	}
	return out
}

// dataGoFields lists every field of Data besides those read as they are
// (Site, Book, SiteTitle, Kind, URL, Title, Description: the walk reads
// them, and they are made of the entities dataEntities records or of the
// configuration). TestGoDepsCoverData fails when Data gains a field that
// is in neither list.
var dataGoFields = []dataGoField{
	{"Content", "home domain actor page brief"},
	{"Page", ""}, {"Brief", ""}, {"Domain", ""}, {"Actor", ""}, {"Source", ""},
	{"Briefs", "home briefs"},
	{"Start", "home"},
	{"Matrix", "domains"},
	{"Timeline", "actor"},
	{"TopActors", "domain"},
	{"Pager", "briefs domain actor source facet"},
	{"Domains", "home domains"},
	{"Groups", "actors"},
	{"Bibliography", "sources"},
	{"BookPage", "book"},
}

// dataPlainFields are the fields of Data read as they are.
var dataPlainFields = []string{"Site", "Book", "SiteTitle", "Kind", "URL", "Title", "Description"}

// Traced returns the fingerprint of a page with what it read; see
// [Page.Traced].
type Traced func() (Fingerprint, Deps, error)

// result returns the Deps of s.
func (s *depSet) result() Deps {
	if s == nil {
		return Deps{Always: true}
	}
	return Deps{List: s.list(), Always: s.always}
}

// tracedPage fingerprints the page whose data mk builds along root,
// recording what it read: the walk's reads and goDeps'.
func (c *bookContext) tracedPage(root *pathNode, mk func() (*Data, error)) (Fingerprint, Deps, error) {
	d, err := mk()
	if err != nil {
		return Fingerprint{}, Deps{Always: true}, err
	}
	deps := &depSet{}
	deps.goDeps(d)
	fp, deps, err := traced(root, d, c.r.derived, &c.walks, deps)
	if err != nil {
		return Fingerprint{}, Deps{Always: true}, err
	}
	return fp, deps.result(), nil
}

// xmlDeps sets the Traced of the sitemaps, feed.xml and robots.txt,
// which have no fingerprint (their bytes are compared whenever one of
// their dependencies changed): a sitemap lists every page with its last
// change, so it reads which pages there are and their briefs' dates;
// the feed reads which briefs are the newest and those briefs; robots.txt
// reads only the configuration.
func xmlDeps(pages []*page, feedShown []*model.Brief) {
	var sitemap depSet
	date := bits(briefType, "Date", "Updated", "Draft", "URL", "Slug", "ActorList")
	sitemap.add(every(DepBrief), MembersBit|date)
	lists := []string{"Briefs", "Mentioned", "URL", "Slug"}
	sitemap.add(every(DepDomain), MembersBit|bits(domainType, lists...))
	sitemap.add(every(DepActor), MembersBit|bits(actorType, append(lists, "Name")...))
	sitemap.add(every(DepSource), MembersBit|bits(sourceType, "Briefs", "Mentioned", "PageURL", "Slug"))
	sitemap.add(every(DepPage), MembersBit|bits(mpageType, "URL", "Slug"))
	sitemap.add(DepRef{DepBook, ""}, bits(bookType, "Home", "Briefs", "Actors", "Domains", "Sources", "Pages"))
	sitemapDeps := sitemap.result()
	var feed depSet
	feed.add(DepRef{DepHome, ""}, bits(homeType, "Title"))
	feed.add(every(DepBrief), MembersBit|bits(briefType, "Draft"))
	for _, br := range feedShown {
		feed.add(entityKey(br), AllFields)
		for _, d := range br.DomainList {
			feed.add(entityKey(d), AllFields)
		}
	}
	feedDeps := feed.result()
	for _, p := range pages {
		switch {
		case p.Path == "robots.txt":
			p.Traced = func() (Fingerprint, Deps, error) { return Fingerprint{Sum: 1, N: 1}, Deps{}, nil }
		case p.Path == "feed.xml":
			p.Traced = func() (Fingerprint, Deps, error) { return Fingerprint{}, feedDeps, nil }
		case strings.HasPrefix(p.Path, "sitemap"):
			p.Traced = func() (Fingerprint, Deps, error) { return Fingerprint{}, sitemapDeps, nil }
		}
	}
}
