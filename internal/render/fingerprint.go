package render

import (
	"errors"
	"hash/maphash"
	"math"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/briefbook/briefbook/internal/model"
)

// A Fingerprint identifies everything a page reads (see reach.go): two
// pages of one Renderer with the same path and equal fingerprints have the
// same bytes. The zero Fingerprint is never that of a page.
type Fingerprint struct {
	Sum uint64
	N   int // how many values were hashed
}

// fingerprintSeed is the seed of every fingerprint, the same for every
// book of a process so that two versions of a book can be compared.
var fingerprintSeed = maphash.MakeSeed()

// errUnbounded says that a page reads a value the walk cannot hash
// without reading the whole book: an entity of the model read whole, a
// func, a channel, a body spilled out of memory.
var errUnbounded = errors.New("page reads a value that cannot be fingerprinted")

// entityTypes are the model's types that point at one another: a page
// reads them field by field, never whole.
var entityTypes = map[reflect.Type]bool{
	reflect.TypeOf(model.Brief{}):  true,
	reflect.TypeOf(model.Actor{}):  true,
	reflect.TypeOf(model.Domain{}): true,
	reflect.TypeOf(model.Source{}): true,
	reflect.TypeOf(model.Home{}):   true,
	reflect.TypeOf(model.Book{}):   true,
}

var (
	timeType      = reflect.TypeOf(time.Time{})
	docType       = reflect.TypeOf(model.Doc{})
	briefDataType = reflect.TypeOf(BriefData{})
)

// walker hashes the values of one page along its kind's paths.
type walker struct {
	h       maphash.Hash
	derived map[string]reflect.Value // funcs whose results are hashed (kids "=name")
	n       int
	refs    bool      // hash an entity met inside a value by its key (BookFingerprint)
	memo    *subWalks // the book's entities walked so far, or nil
	deps    *depSet   // what the walk read, or nil (see deps.go)
}

// subWalks remembers, for one book, the hash of the walk from each entity
// (reached through a pointer) along each node: many pages read the same
// entity along the same paths (a brief's entry in every list that holds
// it, an actor's tag on each of its briefs), and a book never changes once
// resolved, so the walk gives the same hash every time. It is safe for
// concurrent use.
type subWalks struct {
	shards [64]struct {
		mu sync.Mutex
		m  map[subKey]subSum
	}
}

type subKey struct {
	p unsafe.Pointer // the entity
	t reflect.Type   // its type
	n *pathNode
}

type subSum struct {
	sum    uint64
	n      int
	deps   []Dep // what the walk read
	always bool
}

func (m *subWalks) shard(k subKey) *struct {
	mu sync.Mutex
	m  map[subKey]subSum
} {
	return &m.shards[(uintptr(k.p)>>4^uintptr(unsafe.Pointer(k.n))>>4)%uintptr(len(m.shards))]
}

// entityWalk hashes what n reads of the entity v points to, from memo:
// walked once per book, its hash written into w's.
func (w *walker) entityWalk(v reflect.Value, n *pathNode) error {
	k := subKey{v.UnsafePointer(), v.Type(), n}
	sh := w.memo.shard(k)
	sh.mu.Lock()
	s, ok := sh.m[k]
	sh.mu.Unlock()
	if !ok {
		sub := &walker{derived: w.derived, memo: w.memo, deps: &depSet{}}
		sub.h.SetSeed(fingerprintSeed)
		if err := sub.walkHere(v, n); err != nil {
			return err
		}
		s = subSum{sub.h.Sum64(), sub.n, sub.deps.list(), sub.deps.always}
		sh.mu.Lock()
		if sh.m == nil {
			sh.m = map[subKey]subSum{}
		}
		sh.m[k] = s
		sh.mu.Unlock()
	}
	w.n += s.n
	w.int(int64(s.sum))
	if w.deps != nil {
		w.deps.addAll(s.deps)
		w.deps.always = w.deps.always || s.always
	}
	return nil
}

// BookFingerprint returns a fingerprint of the whole book: every field of
// every brief, actor, domain, source and the home page, each pointer from
// one to another as the key of the one it points to (a brief's source
// path, an actor's, domain's or source's URL, slug, name or position),
// and the configuration. Two books with equal fingerprints hold the same
// values; a file made from the whole book in Go code (package search's
// index) can be compared by it. The error is that of a body moved out of
// memory, which has no identity to hash.
func BookFingerprint(b *model.Book) (Fingerprint, error) {
	w := &walker{refs: true}
	w.h.SetSeed(fingerprintSeed)
	v := reflect.ValueOf(b).Elem()
	for _, name := range []string{"Briefs", "Actors", "Domains", "Sources"} {
		list := v.FieldByName(name)
		w.int(int64(list.Len()))
		for i := range list.Len() {
			if err := w.entity(list.Index(i).Elem()); err != nil {
				return Fingerprint{}, err
			}
		}
	}
	if b.Home != nil {
		if err := w.entity(reflect.ValueOf(b.Home).Elem()); err != nil {
			return Fingerprint{}, err
		}
	}
	for _, name := range []string{"Site", "BriefBySlug", "ActorBySlug", "DomainBySlug", "SourceByID"} {
		if err := w.value(v.FieldByName(name), 1); err != nil {
			return Fingerprint{}, err
		}
	}
	return Fingerprint{Sum: w.h.Sum64() | 1, N: w.n}, nil
}

// entity hashes every exported field of entity v, the entities it points
// to by their keys.
func (w *walker) entity(v reflect.Value) error {
	w.n++
	t := v.Type()
	w.h.WriteString(t.Name())
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			if err := w.value(v.Field(i), 1); err != nil {
				return err
			}
		}
	}
	return nil
}

// key hashes what identifies entity v within its book.
func (w *walker) key(v reflect.Value) error {
	switch e := v.Addr().Interface().(type) {
	case *model.Brief:
		w.h.WriteString(e.Path)
	case *model.Actor:
		w.h.WriteString(e.URL + "\x00" + e.Slug + "\x00" + e.Name)
	case *model.Domain:
		w.h.WriteString(e.URL + "\x00" + e.Slug)
	case *model.Source:
		w.h.WriteString(e.ID + "\x00" + e.Path + "\x00" + e.PageURL)
		w.int(int64(e.Line))
		w.int(int64(e.Col))
	case *model.Home:
		w.h.WriteString("home")
	default:
		return errUnbounded
	}
	return nil
}

// fingerprint returns the fingerprint of data read along the paths of
// root, or an error when a value on them cannot be hashed. memo (nil:
// none) holds the walks from the entities of data's book.
func fingerprint(root *pathNode, data any, derived map[string]reflect.Value, memo *subWalks) (Fingerprint, error) {
	fp, _, err := traced(root, data, derived, memo, nil)
	return fp, err
}

// traced is fingerprint, recording in deps (nil: not recording) what the
// walk read.
func traced(root *pathNode, data any, derived map[string]reflect.Value, memo *subWalks, deps *depSet) (Fingerprint, *depSet, error) {
	w := &walker{derived: derived, memo: memo, deps: deps}
	w.h.SetSeed(fingerprintSeed)
	if err := w.walk(reflect.ValueOf(data), root); err != nil {
		return Fingerprint{}, deps, err
	}
	return Fingerprint{Sum: w.h.Sum64() | 1, N: w.n}, deps, nil
}

// walk hashes what n reads of v.
func (w *walker) walk(v reflect.Value, n *pathNode) error {
	if w.memo != nil && v.Kind() == reflect.Pointer && !v.IsNil() && entityTypes[v.Type().Elem()] {
		return w.entityWalk(v, n)
	}
	return w.walkHere(v, n)
}

// walkHere hashes what n reads of v, without the memo.
func (w *walker) walkHere(v reflect.Value, n *pathNode) error {
	w.n++
	if n.truth {
		w.bool(isTrue(v))
	}
	if n.whole {
		if err := w.value(v, 0); err != nil {
			return err
		}
	}
	for _, name := range n.order {
		kid := n.kids[name]
		w.h.WriteString(name)
		if err := w.child(v, name, kid); err != nil {
			return err
		}
	}
	return nil
}

// child hashes what kid reads of the part name of v.
func (w *walker) child(v reflect.Value, name string, kid *pathNode) error {
	v = indirect(v)
	if !v.IsValid() {
		w.h.WriteByte(0) // nil: executing the template stops here
		return nil
	}
	switch name {
	case "#", "*":
		switch v.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
		default:
			return w.walk(v, kid) // not a list: text/template fails on it
		}
		w.int(int64(v.Len()))
		if name == "#" {
			return nil
		}
		if v.Kind() == reflect.Map {
			if err := w.value(v, 0); err != nil { // keys and values, sorted
				return err
			}
			return nil
		}
		for i := range v.Len() {
			if err := w.walk(v.Index(i), kid); err != nil {
				return err
			}
		}
		return nil
	}
	if len(name) > 2 && name[len(name)-2:] == "()" {
		return w.method(v, name[:len(name)-2], kid)
	}
	if name[0] == '=' {
		return w.call(v, name[1:], kid)
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == briefDataType && name == "Content" {
			return w.content(v, kid)
		}
		idx := fieldIndex(v.Type(), name)
		if idx == nil {
			w.h.WriteByte(1) // no such field: executing the template fails
			return nil
		}
		w.deps.traceIndex(v, idx)
		f, err := v.FieldByIndexErr(idx)
		if err != nil { // an embedded nil pointer on the way
			w.h.WriteByte(0)
			return nil
		}
		return w.walk(f, kid)
	case reflect.Map:
		x := v.MapIndex(reflect.ValueOf(name))
		if !x.IsValid() {
			w.h.WriteByte(0)
			return nil
		}
		return w.walk(x, kid)
	}
	w.h.WriteByte(1) // nothing there: executing the template fails
	return nil
}

// content hashes a brief page's Content: when the page is written by the
// generated code (Content left empty), the body is read from the brief's
// document, which is hashed instead.
func (w *walker) content(v reflect.Value, kid *pathNode) error {
	bd := v.Addr().Interface().(*BriefData)
	if bd.Content != "" || bd.Brief == nil {
		return w.walk(v.FieldByName("Content"), kid)
	}
	w.deps.add(entityKey(bd.Brief), bits(briefType, "Doc"))
	w.n++
	return w.value(reflect.ValueOf(&bd.Brief.Doc).Elem(), 0)
}

// method hashes what kid reads of the result of v's method name.
func (w *walker) method(v reflect.Value, name string, kid *pathNode) error {
	w.deps.traceEntities(v)
	m := v.MethodByName(name)
	if !m.IsValid() && v.CanAddr() {
		m = v.Addr().MethodByName(name)
	}
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() == 0 {
		w.h.WriteByte(1)
		return nil
	}
	out := m.Call(nil)
	if len(out) == 2 {
		if err, _ := out[1].Interface().(error); err != nil {
			return err
		}
	}
	return w.walk(out[0], kid)
}

// call hashes what kid reads of the result of the derived func name (see
// derivedFuncs in reach.go) applied to v.
func (w *walker) call(v reflect.Value, name string, kid *pathNode) error {
	f := w.derived[name]
	if !f.IsValid() || f.Type().NumIn() != 1 || !v.CanAddr() && !v.Type().AssignableTo(f.Type().In(0)) {
		return errUnbounded
	}
	arg := v
	if !v.Type().AssignableTo(f.Type().In(0)) {
		arg = v.Addr() // indirect took the pointer's target
	}
	if !arg.Type().AssignableTo(f.Type().In(0)) {
		return errUnbounded
	}
	w.deps.traceDerived(name, arg)
	out := f.Call([]reflect.Value{arg})
	if len(out) == 2 {
		if err, _ := out[1].Interface().(error); err != nil {
			return err
		}
	}
	return w.walk(out[0], kid)
}

// indirect follows pointers and interfaces to a value, or gives the zero
// Value at a nil one.
func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// maxDepth bounds the nesting of a value read whole.
const maxDepth = 16

// value hashes all of v: a value a template prints, compares or passes
// to a func. It refuses the model's entities (which lead to the whole
// book), funcs and channels.
func (w *walker) value(v reflect.Value, depth int) error {
	if depth > maxDepth {
		return errUnbounded
	}
	if !v.IsValid() {
		w.h.WriteByte(0)
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.h.WriteByte(0)
			return nil
		}
		w.h.WriteByte(1)
		return w.value(v.Elem(), depth+1)
	case reflect.String:
		w.int(int64(v.Len()))
		w.h.WriteString(v.String())
	case reflect.Bool:
		w.bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.int(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		w.int(int64(math.Float64bits(v.Float())))
	case reflect.Slice, reflect.Array:
		w.int(int64(v.Len()))
		for i := range v.Len() {
			if err := w.value(v.Index(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		return w.mapValue(v, depth)
	case reflect.Struct:
		return w.structValue(v, depth)
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if !v.IsNil() {
			return errUnbounded
		}
		w.h.WriteByte(0)
	default:
		return errUnbounded
	}
	return nil
}

func (w *walker) structValue(v reflect.Value, depth int) error {
	t := v.Type()
	switch {
	case t == timeType:
		tm := v.Interface().(time.Time)
		w.int(tm.UnixNano())
		w.h.WriteString(tm.Location().String())
		_, off := tm.Zone()
		w.int(int64(off))
		return nil
	case entityTypes[t]:
		if w.refs && v.CanAddr() {
			return w.key(v)
		}
		return errUnbounded
	case t == docType:
		return w.doc(v, depth)
	}
	for i := range t.NumField() {
		f := v.Field(i)
		if !t.Field(i).IsExported() {
			if f.Kind() == reflect.Func && !f.IsNil() && t != docType {
				return errUnbounded
			}
			continue
		}
		if err := w.value(f, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// doc hashes a document. Its body is hashed by identity: bodies come from
// the parse stage, whose values are never written, so the same memory
// holds the same bytes. A body moved out of memory (model.Doc.StoreBody)
// has no identity to hash.
func (w *walker) doc(v reflect.Value, depth int) error {
	if v.FieldByName("load").Pointer() != 0 {
		return errUnbounded
	}
	d := v.Addr().Interface().(*model.Doc)
	w.int(int64(len(d.Body)))
	w.int(int64(uintptr(unsafe.Pointer(unsafe.SliceData(d.Body)))))
	for _, f := range []any{d.Path, d.Refs, d.Headings, d.Words, d.Links} {
		if err := w.value(reflect.ValueOf(f), depth+1); err != nil {
			return err
		}
	}
	return nil
}

// fieldIndexes caches the index of fields by struct type and name.
var fieldIndexes sync.Map // fieldKey → []int

type fieldKey struct {
	t    reflect.Type
	name string
}

// fieldIndex returns the index sequence of the exported field name of
// struct type t, promoted fields included, or nil if it has none.
func fieldIndex(t reflect.Type, name string) []int {
	k := fieldKey{t, name}
	if x, ok := fieldIndexes.Load(k); ok {
		return x.([]int)
	}
	var idx []int
	if f, ok := t.FieldByName(name); ok && f.IsExported() {
		idx = f.Index
	}
	fieldIndexes.Store(k, idx)
	return idx
}

// mapValue hashes a map's keys and values in the order of the keys, which
// must be strings or integers, as text/template orders them.
func (w *walker) mapValue(v reflect.Value, depth int) error {
	keys := v.MapKeys()
	if len(keys) > 0 {
		switch keys[0].Kind() {
		case reflect.String:
			sortValues(keys, func(a, b reflect.Value) bool { return a.String() < b.String() })
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			sortValues(keys, func(a, b reflect.Value) bool { return a.Int() < b.Int() })
		default:
			return errUnbounded
		}
	}
	w.int(int64(len(keys)))
	for _, k := range keys {
		if err := w.value(k, depth+1); err != nil {
			return err
		}
		if err := w.value(v.MapIndex(k), depth+1); err != nil {
			return err
		}
	}
	return nil
}

func sortValues(vs []reflect.Value, less func(a, b reflect.Value) bool) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && less(vs[j], vs[j-1]); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

func (w *walker) int(x int64) {
	var b [8]byte
	*(*int64)(unsafe.Pointer(&b)) = x
	w.h.Write(b[:])
}

func (w *walker) bool(b bool) {
	if b {
		w.h.WriteByte(1)
	} else {
		w.h.WriteByte(0)
	}
}

// isTrue reports whether v is true as text/template's if sees it: not
// the zero value, and not empty.
func isTrue(v reflect.Value) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Struct:
		return true
	}
	return true
}
