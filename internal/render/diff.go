package render

import (
	"bytes"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// Changes is what differs between two versions of a book: for each
// entity (by key), list of entities and list of a domain's, actor's or
// source's briefs, the mask of the fields that differ (see [Dep]). An
// entity added or removed differs in every field.
type Changes struct {
	m map[DepRef]uint64
}

// Touches reports whether a page with dependencies ds may read
// something that differs.
func (c *Changes) Touches(ds Deps) bool {
	if ds.Always {
		return true
	}
	for _, d := range ds.List {
		if c.m[d.Ref]&d.Fields != 0 {
			return true
		}
	}
	return false
}

// Fields returns the mask of the fields of r that differ.
func (c *Changes) Fields(r DepRef) uint64 { return c.m[r] }

// Refs returns every ref with a change, in no order.
func (c *Changes) Refs() []DepRef {
	out := make([]DepRef, 0, len(c.m))
	for r := range c.m {
		out = append(out, r)
	}
	return out
}

func (c *Changes) add(r DepRef, fields uint64) {
	if fields != 0 {
		c.m[r] |= fields
	}
}

// membersInterest is every field of a brief that a DepMembers dependency
// declares (goDeps): Diff looks for the lists holding a changed brief only
// when one of these changed.
var membersInterest = bits(briefType, "Date", "Updated", "Draft", "ActorList")

// Diff returns what differs between books a and b, comparing every
// field of their entities matched by key, an entity pointed to by its
// key. edited, when not nil, says that b is a copy of a but for the
// documents at these paths (resolve's Memo.Edited): only the entities
// made from them are compared.
func Diff(a, b *model.Book, edited []string) *Changes {
	c := &Changes{m: map[DepRef]uint64{}}
	var ed map[string]bool
	if edited != nil {
		ed = make(map[string]bool, len(edited))
		for _, p := range edited {
			ed[p] = true
		}
	}
	briefsA, briefsB := diffList(c, DepBrief, a.Briefs, b.Briefs, ed)
	diffList(c, DepActor, a.Actors, b.Actors, ed)
	diffList(c, DepDomain, a.Domains, b.Domains, ed)
	diffList(c, DepSource, a.Sources, b.Sources, ed)
	diffList(c, DepPage, a.Pages, b.Pages, ed)
	homeA, homeB := []*model.Home{a.Home}, []*model.Home{b.Home}
	if a.Home == nil || b.Home == nil {
		if a.Home != b.Home {
			c.add(DepRef{DepHome, ""}, AllFields)
		}
	} else if ed == nil || ed[b.Home.Path] {
		c.add(DepRef{DepHome, ""}, diffEntity(reflect.ValueOf(homeA[0]).Elem(), reflect.ValueOf(homeB[0]).Elem()))
	}
	if ed == nil {
		c.add(DepRef{DepBook, ""}, diffBook(a, b))
	}
	var union uint64
	for _, m := range briefsB {
		union |= m
	}
	for _, m := range briefsA {
		union |= m
	}
	if union&membersInterest != 0 {
		members(c, a, briefsA)
		members(c, b, briefsB)
	}
	briefsPages(c, a.Briefs, b.Briefs)
	listPagesOf(c, a.Domains, b.Domains, func(d *model.Domain) []*model.Brief { return d.Briefs },
		func(d *model.Domain) *Chart { return domainActors(d) })
	listPagesOf(c, a.Actors, b.Actors, func(x *model.Actor) []*model.Brief { return x.Briefs }, timeline)
	listPagesOf(c, a.Sources, b.Sources, func(x *model.Source) []*model.Brief { return x.Briefs }, nil)
	return c
}

// listPagesOf adds to c what differs between the pages of the lists of
// briefs of the owners of one kind (domains, actors or sources) of two
// books, a and b, matched by key (see DepListPage): for an owner whose
// list or whose briefs' fields changed (its Briefs or Mentioned field,
// or its DepMembers), the length, by-year archive and chart of its list,
// and the pages on whose positions a different brief is. An owner added
// or removed differs in every field, which its pages read.
func listPagesOf[T any](c *Changes, a, b []*T, briefs func(*T) []*model.Brief, chart func(*T) *Chart) {
	var at map[DepRef]*T
	for _, y := range b {
		r := entityKey(y)
		if c.m[r]&listedBits[everyKey[r.Kind]] == 0 && c.m[membersOf(y)] == 0 {
			continue
		}
		if at == nil {
			at = make(map[DepRef]*T, len(a))
			for _, x := range a {
				at[entityKey(x)] = x
			}
		}
		x := at[r]
		if x == nil {
			continue
		}
		la, lb := briefs(x), briefs(y)
		if len(la) != len(lb) || !slices.Equal(yearLinks("", la), yearLinks("", lb)) ||
			chart != nil && !reflect.DeepEqual(chart(x), chart(y)) {
			c.add(listRef(y, ""), AllFields)
		}
		for _, k := range pagesDiffering(la, lb) {
			c.add(listRef(y, strconv.Itoa(k)), AllFields)
		}
	}
}

// pagesDiffering returns the numbers (from 1) of the pages of two lists
// of briefs on whose positions a different brief is, by key.
func pagesDiffering(a, b []*model.Brief) []int {
	var out []int
	for k := 0; k*PageSize < max(len(a), len(b)); k++ {
		lo, hi := k*PageSize, (k+1)*PageSize
		x, y := a[min(lo, len(a)):min(hi, len(a))], b[min(lo, len(b)):min(hi, len(b))]
		if !slices.EqualFunc(x, y, func(p, q *model.Brief) bool { return p.Path == q.Path }) {
			out = append(out, k+1)
		}
	}
	return out
}

// briefsPages adds to c what differs between the pages of the briefs
// index of two lists of briefs, a and b (newest first): the length and
// by-year archive of the list, shown on every page, and each page k on
// whose positions a different brief is (by key); see DepBriefsPage.
func briefsPages(c *Changes, a, b []*model.Brief) {
	if len(a) != len(b) || !slices.Equal(yearLinks("", a), yearLinks("", b)) {
		c.add(DepRef{DepBriefsPage, ""}, AllFields)
	}
	for _, k := range pagesDiffering(a, b) {
		c.add(DepRef{DepBriefsPage, strconv.Itoa(k)}, AllFields)
	}
}

// members adds to c, for each domain, actor and source of book bk whose
// lists hold a brief of changed, the fields that changed.
func members(c *Changes, bk *model.Book, changed map[*model.Brief]uint64) {
	scan := func(owner any, lists ...[]*model.Brief) {
		var m uint64
		for _, l := range lists {
			for _, br := range l {
				m |= changed[br]
			}
		}
		c.add(membersOf(owner), m)
	}
	for _, d := range bk.Domains {
		scan(d, d.Briefs, d.Mentioned)
	}
	for _, a := range bk.Actors {
		scan(a, a.Briefs, a.Mentioned)
	}
	for _, s := range bk.Sources {
		scan(s, s.Briefs, s.Mentioned)
	}
}

// diffList compares the entities of kind k of two books, a and b,
// matched by key, and adds what differs to c; it returns, for briefs,
// the changed ones of each side with their masks. With ed, the lists
// hold the same keys and only the entities made from those documents
// are compared.
func diffList[T any](c *Changes, k DepKind, a, b []*T, ed map[string]bool) (map[*T]uint64, map[*T]uint64) {
	changedA, changedB := map[*T]uint64{}, map[*T]uint64{}
	every := every(k)
	note := func(x, y *T, m uint64) {
		if m == 0 {
			return
		}
		if x != nil {
			c.add(entityKey(x), m)
			changedA[x] |= m
		}
		if y != nil {
			c.add(entityKey(y), m)
			changedB[y] |= m
		}
		c.add(every, m&^MembersBit)
	}
	if ed != nil && len(a) == len(b) {
		for i, y := range b {
			if p := docPath(y); p != "" && ed[p] {
				note(a[i], y, diffPair(a[i], y))
			}
		}
		return changedA, changedB
	}
	if sameKeys(a, b) {
		masks := make([]uint64, len(a))
		par.Do(len(a), 256, func(_, i int) { masks[i] = diffPair(a[i], b[i]) })
		for i, m := range masks {
			note(a[i], b[i], m)
		}
		return changedA, changedB
	}
	c.add(every, MembersBit)
	at := make(map[DepRef]int, len(a))
	dup := map[DepRef]bool{}
	for i, x := range a {
		r := entityKey(x)
		if _, ok := at[r]; ok {
			dup[r] = true
		}
		at[r] = i
	}
	matched := make([]bool, len(a))
	for _, y := range b {
		r := entityKey(y)
		i, ok := at[r]
		switch {
		case !ok || dup[r]:
			note(nil, y, AllFields)
		default:
			matched[i] = true
			note(a[i], y, diffPair(a[i], y))
		}
	}
	for i, x := range a {
		if !matched[i] || dup[entityKey(x)] {
			note(x, nil, AllFields)
		}
	}
	return changedA, changedB
}

// bookFields are the fields of model.Book diffBook compares, in order;
// TestDiffBookFields fails when the book gains another.
var bookFields = []string{"Site", "Home", "Briefs", "Actors", "Domains", "Sources", "Contents", "Pages",
	"BriefBySlug", "ActorBySlug", "DomainBySlug", "SourceByID"}

// diffBook returns the mask of the fields of books a and b that differ,
// entities compared by key: what a page reads of .Book itself.
func diffBook(a, b *model.Book) uint64 {
	var m uint64
	bit := func(name string, same bool) {
		if !same {
			m |= bits(bookType, name)
		}
	}
	bit("Site", equalByKey(reflect.ValueOf(a.Site), reflect.ValueOf(b.Site), 0))
	bit("Home", (a.Home == nil) == (b.Home == nil))
	bit("Briefs", sameKeys(a.Briefs, b.Briefs))
	bit("Actors", sameKeys(a.Actors, b.Actors))
	bit("Domains", sameKeys(a.Domains, b.Domains))
	bit("Sources", sameKeys(a.Sources, b.Sources))
	bit("Pages", sameKeys(a.Pages, b.Pages))
	same := len(a.Contents) == len(b.Contents)
	for i := 0; same && i < len(a.Contents); i++ {
		x, y := a.Contents[i], b.Contents[i]
		same = x.N == y.N && (x.Domain == nil) == (y.Domain == nil) && (x.Domain == nil || x.Domain.Slug == y.Domain.Slug) && sameKeys(x.Briefs, y.Briefs)
	}
	bit("Contents", same)
	bit("BriefBySlug", sameMap(a.BriefBySlug, b.BriefBySlug))
	bit("ActorBySlug", sameMap(a.ActorBySlug, b.ActorBySlug))
	bit("DomainBySlug", sameMap(a.DomainBySlug, b.DomainBySlug))
	bit("SourceByID", sameMap(a.SourceByID, b.SourceByID))
	return m
}

// sameKeys reports whether lists a and b hold entities of the same keys
// in the same order.
func sameKeys[T any](a, b []*T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameEntity(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameMap reports whether maps a and b map the same keys to entities of
// the same keys.
func sameMap[T any](a, b map[string]*T) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || !sameEntity(x, y) {
			return false
		}
	}
	return true
}

// sameEntity reports whether entities x and y (pointers of one type)
// have the same key; nil is the same as nil only.
func sameEntity(x, y any) bool {
	switch e := x.(type) {
	case *model.Brief:
		f := y.(*model.Brief)
		return e == f || e != nil && f != nil && e.Path == f.Path
	case *model.Actor:
		f := y.(*model.Actor)
		return e == f || e != nil && f != nil && e.Slug == f.Slug
	case *model.Domain:
		f := y.(*model.Domain)
		return e == f || e != nil && f != nil && e.Slug == f.Slug
	case *model.Source:
		f := y.(*model.Source)
		return e == f || e != nil && f != nil && e.ID == f.ID && e.Path == f.Path
	case *model.Page:
		f := y.(*model.Page)
		return e == f || e != nil && f != nil && e.Path == f.Path
	case *model.Home:
		f := y.(*model.Home)
		return (e == nil) == (f == nil)
	}
	return false
}

// docPath returns the path of the document an entity is made from, or "".
func docPath(e any) string {
	switch x := e.(type) {
	case *model.Brief:
		return x.Path
	case *model.Actor:
		return x.Path
	case *model.Domain:
		return x.Path
	case *model.Page:
		return x.Path
	case *model.Source:
		return x.Path // its bibliography file, or the brief defining it inline
	}
	return ""
}

// diffPair returns the mask of the fields of entities x and y that
// differ.
func diffPair[T any](x, y *T) uint64 {
	if bx, ok := any(x).(*model.Brief); ok {
		return diffBrief(bx, any(y).(*model.Brief))
	}
	return diffEntity(reflect.ValueOf(x).Elem(), reflect.ValueOf(y).Elem())
}

// briefFields are the fields of model.Brief diffBrief compares, in
// order; TestDiffBriefFields fails when the brief gains another.
var briefFields = []string{"Doc", "Slug", "Title", "Summary", "Date", "Updated", "Authors", "Domains", "Actors",
	"DomainPos", "ActorPos", "Sources", "Draft", "Lang", "Params", "Line", "URL", "DomainList", "ActorList",
	"References", "LinkedFrom", "Related", "LinksTo", "Prev", "Next", "Number"}

// diffBrief is diffEntity for briefs, the most numerous entities, with
// the fields a resolve shares with the parse result (or the previous
// book) compared by identity first.
func diffBrief(x, y *model.Brief) uint64 {
	var m uint64
	bit := func(name string, same bool) {
		if !same {
			m |= bitOf(briefType, name)
		}
	}
	field := func(name string) bool { // by reflection
		i := fieldIndex(briefType, name)[0]
		return equalByKey(reflect.ValueOf(x).Elem().Field(i), reflect.ValueOf(y).Elem().Field(i), 0)
	}
	bit("Doc", sameDoc(&x.Doc, &y.Doc) || field("Doc"))
	bit("Slug", x.Slug == y.Slug)
	bit("Title", x.Title == y.Title)
	bit("Summary", x.Summary == y.Summary)
	bit("Date", x.Date.Equal(y.Date) && x.Date.Location() == y.Date.Location())
	bit("Updated", x.Updated.Equal(y.Updated) && x.Updated.Location() == y.Updated.Location())
	bit("Authors", slices.Equal(x.Authors, y.Authors))
	bit("Domains", slices.Equal(x.Domains, y.Domains))
	bit("Actors", slices.Equal(x.Actors, y.Actors))
	bit("DomainPos", slices.Equal(x.DomainPos, y.DomainPos))
	bit("ActorPos", slices.Equal(x.ActorPos, y.ActorPos))
	bit("Sources", sameSlice(x.Sources, y.Sources) || field("Sources"))
	bit("Draft", x.Draft == y.Draft)
	bit("Lang", x.Lang == y.Lang)
	bit("Params", sameMapPtr(x.Params, y.Params) || field("Params"))
	bit("Line", sameMapPtr(x.Line, y.Line) || field("Line"))
	bit("URL", x.URL == y.URL)
	bit("DomainList", sameKeys(x.DomainList, y.DomainList))
	bit("ActorList", sameKeys(x.ActorList, y.ActorList))
	refs := len(x.References) == len(y.References)
	for i := 0; refs && i < len(x.References); i++ {
		rx, ry := x.References[i], y.References[i]
		refs = rx.N == ry.N && rx.Cited == ry.Cited && sameEntity(rx.Source, ry.Source)
	}
	bit("References", refs)
	bit("LinkedFrom", sameKeys(x.LinkedFrom, y.LinkedFrom))
	bit("Related", sameKeys(x.Related, y.Related))
	bit("LinksTo", sameKeys(x.LinksTo, y.LinksTo))
	bit("Prev", sameEntity(x.Prev, y.Prev))
	bit("Next", sameEntity(x.Next, y.Next))
	bit("Number", x.Number == y.Number)
	return m
}

// sameDoc reports whether documents x and y surely hold the same values:
// the same parse result's parts, and equal links.
func sameDoc(x, y *model.Doc) bool {
	if x.Path != y.Path || x.Words != y.Words || !sameSlice(x.Refs, y.Refs) || !sameSlice(x.Headings, y.Headings) ||
		!bytes.Equal(x.Body, y.Body) || !slices.EqualFunc(x.Links, y.Links, sameLink) {
		return false
	}
	// The body moved out of memory (StoreBody) cannot be compared.
	return reflect.ValueOf(x).Elem().FieldByName("load").IsNil() && reflect.ValueOf(y).Elem().FieldByName("load").IsNil()
}

func sameLink(a, b model.Link) bool {
	return a.Href == b.Href && a.Text == b.Text && a.OK == b.OK && slices.Equal(a.Numbers, b.Numbers)
}

// sameSlice reports whether a and b are the same slice: same array,
// same length.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// sameMapPtr reports whether a and b are the same map.
func sameMapPtr[K comparable, V any](a, b map[K]V) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer())
}

// diffEntity returns the mask of the fields of entity structs x and y
// (of one type) whose values differ.
func diffEntity(x, y reflect.Value) uint64 {
	var m uint64
	for i := range x.NumField() {
		if !equalByKey(x.Field(i), y.Field(i), 0) {
			m |= fieldBit(i)
		}
	}
	return m
}

// equalByKey reports whether x and y hold the same value, a pointer to
// an entity compared by the entity's key. What it cannot compare (a
// func, a value nested too deep) is unequal.
func equalByKey(x, y reflect.Value, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch x.Kind() {
	case reflect.Pointer:
		if x.IsNil() || y.IsNil() {
			return x.IsNil() == y.IsNil()
		}
		if x.Pointer() == y.Pointer() {
			return true
		}
		if depKindOf(x.Type().Elem()) != 0 {
			return x.CanInterface() && sameEntity(x.Interface(), y.Interface())
		}
		return equalByKey(x.Elem(), y.Elem(), depth+1)
	case reflect.Interface:
		if x.IsNil() || y.IsNil() {
			return x.IsNil() == y.IsNil()
		}
		if x.Elem().Type() != y.Elem().Type() {
			return false
		}
		return equalByKey(x.Elem(), y.Elem(), depth+1)
	case reflect.String:
		return x.String() == y.String()
	case reflect.Bool:
		return x.Bool() == y.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return x.Int() == y.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return x.Uint() == y.Uint()
	case reflect.Float32, reflect.Float64:
		return x.Float() == y.Float()
	case reflect.Slice:
		return equalSliceByKey(x, y, depth)
	case reflect.Array:
		for i := range x.Len() {
			if !equalByKey(x.Index(i), y.Index(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Map:
		return equalMapByKey(x, y, depth)
	case reflect.Struct:
		if x.Type() == timeType && x.CanInterface() {
			tx, ty := x.Interface().(time.Time), y.Interface().(time.Time)
			return tx.Equal(ty) && tx.Location() == ty.Location()
		}
		for i := range x.NumField() {
			if !equalByKey(x.Field(i), y.Field(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return x.IsNil() && y.IsNil()
	}
	return false
}

// equalSliceByKey is equalByKey for slices.
func equalSliceByKey(x, y reflect.Value, depth int) bool {
	if x.Len() != y.Len() || x.IsNil() != y.IsNil() {
		return false
	}
	if x.Len() == 0 || x.Pointer() == y.Pointer() {
		return true
	}
	if x.Type().Elem().Kind() == reflect.Uint8 {
		return bytes.Equal(x.Bytes(), y.Bytes())
	}
	for i := range x.Len() {
		if !equalByKey(x.Index(i), y.Index(i), depth+1) {
			return false
		}
	}
	return true
}

// equalMapByKey is equalByKey for maps.
func equalMapByKey(x, y reflect.Value, depth int) bool {
	if x.Len() != y.Len() || x.IsNil() != y.IsNil() {
		return false
	}
	if x.Len() == 0 || x.UnsafePointer() == y.UnsafePointer() {
		return true
	}
	it := x.MapRange()
	for it.Next() {
		v := y.MapIndex(it.Key())
		if !v.IsValid() || !equalByKey(it.Value(), v, depth+1) {
			return false
		}
	}
	return true
}
