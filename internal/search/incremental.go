package search

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// An edit changes few briefs, and the terms of a changed brief that
// changed are few, so the index of the next version of a book is made
// from the previous one (its base): briefs are compared by briefKey, a
// hash of what indexing reads of them, with bodies by identity (parse
// results are never written, and a file whose content did not change
// keeps its parse result). The briefs of the two versions are paired by
// key and number or path (renumber.go), so that a brief moved in the
// book's order keeps its terms; only briefs with no pair are read again,
// and only the posting lists holding one of them, or a number that
// moved, are made again, in copies of the shards that hold them. The
// other shards are shared with the base. The files are then byte for
// byte those of an index built from scratch (TestNewFromEqualsNew).

// maxUpdated bounds the briefs an update reads again (see renumber.go):
// past it, or past 1/64 of the book if more, the book is indexed from
// scratch. A brief that only moves in the book's order, by its date or
// because briefs before it were added or deleted, is not read again.
const maxUpdated = 16

// rebuilt counts the indexes built from scratch although they had a base
// to update, for the tests to check that edits take the update.
var rebuilt atomic.Int64

// idSeed is the seed of the identities of the index's files, the same for
// every index of a process so that two versions of a book can be compared.
var idSeed = maphash.MakeSeed()

// NewFrom returns the index of the resolved book b, like New, that builds
// itself from prev, the index of an earlier version of the book (nil:
// none), when it can. It keeps prev, or the index prev was to build from,
// until it is built.
func NewFrom(prev *Index, b *model.Book) *Index {
	x := New(b)
	if prev != nil {
		// Only the newest index holds a prior, so that at most one
		// earlier book is kept alive for it.
		x.from.Store(prev.prior())
		prev.from.Store(nil)
		if prev.built.Load() {
			if prev.err == nil {
				x.base.Store(prev)
			}
		} else if pb := prev.base.Load(); pb != nil {
			x.base.Store(pb)
		}
	}
	return x
}

// Identity returns a hash of what the index file at path (one of Paths)
// is made from: two indexes of versions of one book whose files at path
// have equal identities have the same bytes there. Term shards are built
// to know theirs; the error is that of the build, or of a path that is
// not one of the index's.
func (x *Index) Identity(path string) (uint64, error) {
	rest, _ := strings.CutPrefix(path, Dir)
	var h maphash.Hash
	h.SetSeed(idSeed)
	switch {
	case rest == "meta.json":
		m := x.meta()
		writeInts(&h, m.V, m.N, m.T, m.K, len(m.Domains), len(m.Actors))
		for _, l := range [][][2]string{m.Domains, m.Actors} {
			for _, p := range l {
				writeStrings(&h, p[0], p[1])
			}
		}
	case strings.HasPrefix(rest, "t/"):
		i, err := shardNumber(rest, "t/", x.shards)
		if err != nil {
			return 0, err
		}
		if err := x.build(); err != nil {
			return 0, err
		}
		return x.tshards[i].id, nil
	case strings.HasPrefix(rest, "d/"):
		j, err := shardNumber(rest, "d/", x.docs)
		if err != nil {
			return 0, err
		}
		if id := x.docIdentities()[j]; id != 0 {
			return id, nil
		}
		return x.docID(j)
	default:
		return 0, fmt.Errorf("%s: not a search index file", path)
	}
	return h.Sum64() | 1, nil
}

// docID returns the identity of doc shard j: a hash of its briefs' keys,
// dates, URLs, slugs and domain numbers. The error is that of a brief
// whose body is out of memory, which has no key.
func (x *Index) docID(j int) (uint64, error) {
	var h maphash.Hash
	h.SetSeed(idSeed)
	keys := x.briefKeys()
	doms := x.doms()
	for id := j * DocsPerShard; id < min((j+1)*DocsPerShard, len(x.book.Briefs)); id++ {
		if keys[id] == 0 {
			return 0, fmt.Errorf("%s: a body out of memory has no identity", x.book.Briefs[id].Path)
		}
		br := x.book.Briefs[id]
		writeInts(&h, int(keys[id]), br.Date.Year(), int(br.Date.Month()), br.Date.Day())
		writeStrings(&h, br.URL, br.Slug, strconv.FormatBool(br.Date.IsZero()))
		for _, d := range br.DomainList {
			k, ok := doms[d.Slug]
			if !ok {
				k = -1
			}
			writeInts(&h, k)
		}
		h.WriteByte(0)
	}
	return h.Sum64() | 1, nil
}

// domainIndexes returns the index in meta.json's domains of each domain
// slug (see domainIndex).
func (x *Index) domainIndexes() map[string]int {
	out := map[string]int{}
	for _, d := range x.book.Domains {
		if len(d.Briefs) > 0 {
			if _, dup := out[d.Slug]; !dup {
				out[d.Slug] = len(out)
			}
		}
	}
	return out
}

// briefKeys returns each brief's briefKey, computed once: taken from the
// previous version's index for a brief at the same number, or one number
// before or after (where a moved, new or deleted brief shifts the
// others), that indexing reads alike (see sameKeyInput), hashed for the
// others.
func (x *Index) briefKeys() []uint64 {
	x.keysOnce.Do(func() {
		from := x.from.Load()
		x.keys = make([]uint64, len(x.book.Briefs))
		var hashed atomic.Int64
		par.Do(len(x.keys), 256, func(_, i int) {
			br := x.book.Briefs[i]
			for _, j := range [...]int{i, i + 1, i - 1} {
				if from != nil && j >= 0 && j < len(from.briefs) && from.keys[j] != 0 && sameKeyInput(br, from.briefs[j]) {
					x.keys[i] = from.keys[j]
					return
				}
			}
			x.keys[i] = briefKey(br)
			hashed.Add(1)
		})
		keysHashed.Add(hashed.Load())
		x.keysDone.Store(true)
		x.dropPrior()
	})
	return x.keys
}

// briefKey returns a hash of everything indexing reads of brief br (see
// scratch.brief): its body by identity, the refs and link texts its
// markers stand for, its summary and title, and the titles and slugs of
// its domains and the names, aliases and slugs of its actors. It is 0
// for a body moved out of memory, which has no identity.
func briefKey(br *model.Brief) uint64 {
	d := &br.Doc
	if reflect.ValueOf(d).Elem().Field(docLoad).Pointer() != 0 {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(idSeed)
	writeInts(&h, int(uintptr(unsafe.Pointer(unsafe.SliceData(d.Body)))), len(d.Body), len(d.Refs), len(d.Links))
	for _, r := range d.Refs {
		writeInts(&h, int(r.Kind))
		writeStrings(&h, r.Label, r.Target)
	}
	for _, l := range d.Links {
		writeStrings(&h, l.Text)
	}
	writeStrings(&h, br.Summary, br.Title)
	writeInts(&h, len(br.DomainList), len(br.ActorList))
	for _, dom := range br.DomainList {
		writeStrings(&h, dom.Title, dom.Slug)
	}
	for _, a := range br.ActorList {
		writeStrings(&h, a.Name, a.Slug)
		writeInts(&h, len(a.Aliases))
		writeStrings(&h, a.Aliases...)
	}
	return h.Sum64() | 1
}

func writeInts(h *maphash.Hash, xs ...int) {
	for _, x := range xs {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(x))
		h.Write(b[:])
	}
}

func writeStrings(h *maphash.Hash, ss ...string) {
	for _, s := range ss {
		writeInts(h, len(s))
		h.WriteString(s)
	}
}

// docLoad is the index of model.Doc's field load, set when a body is
// moved out of memory.
var docLoad = func() int {
	f, ok := reflect.TypeFor[model.Doc]().FieldByName("load")
	if !ok {
		panic("search: model.Doc has no field load")
	}
	return f.Index[0]
}()

// shardID returns a hash of a term shard's terms and posting lists.
func shardID(lists map[string]string) uint64 {
	var h maphash.Hash
	h.SetSeed(idSeed)
	writeInts(&h, len(lists))
	for _, t := range slices.Sorted(maps.Keys(lists)) {
		writeStrings(&h, t, lists[t])
	}
	return h.Sum64() | 1
}

// update builds x from b, a built index of an earlier version of the
// book, and reports whether it could: not when the number of term shards
// differs, a body is out of memory, or too many briefs must be read again
// (see maxUpdated). The briefs of the two books are paired (pairBriefs):
// only the fresh briefs are read, and the gone ones too when no brief
// moved, to find the terms whose weight changed at their numbers (the
// only lists rewritten then); posting lists are rewritten by number
// (renumberShards). The error is that of a body that cannot be
// read back.
func (x *Index) update(b *Index) (bool, error) {
	if b.err != nil || b.shards != x.shards {
		return false, nil
	}
	r, ok := pairBriefs(x.book.Briefs, b.book.Briefs, x.briefKeys(), b.briefKeys())
	if !ok {
		return false, nil
	}
	reads := len(r.fresh)
	if !r.shifted {
		reads += len(r.gone)
	}
	if reads > max(maxUpdated, len(x.book.Briefs)/64) {
		return false, nil
	}
	excerpts := make([]string, len(x.book.Briefs))
	for i, j := range r.oldOf {
		if j >= 0 {
			excerpts[i] = b.excerpts[j]
		}
	}
	// The terms of the fresh briefs, by new number, and, when no brief
	// moved, those of the gone briefs, by old number (the same numbers).
	is, was := map[int]map[string]uint8{}, map[int]map[string]uint8{}
	s := newScratch()
	for _, i := range r.fresh {
		terms, ex, err := s.termsOf(x.book.Briefs[i])
		if err != nil {
			return false, err
		}
		is[i], excerpts[i] = terms, ex
	}
	if !r.shifted {
		for _, j := range r.gone {
			terms, _, err := s.termsOf(b.book.Briefs[j])
			if err != nil {
				return false, err
			}
			was[j] = terms
		}
	}
	add := map[int]map[string][]posting{} // by shard and term: the fresh briefs' postings
	touched := map[int]map[string]bool{}  // by shard: the terms whose weight changed at a number
	for _, i := range r.fresh {
		for t, w := range is[i] {
			k := Shard(Key(t), x.shards)
			if add[k] == nil {
				add[k] = map[string][]posting{}
			}
			add[k][t] = append(add[k][t], posting{int32(i), w})
			if was[i][t] != w {
				mark(touched, k, t)
			}
		}
	}
	for j, terms := range was {
		for t := range terms {
			if _, ok := is[j][t]; !ok {
				mark(touched, Shard(Key(t), x.shards), t)
			}
		}
	}
	tshards, err := renumberShards(b.tshards, r, touched, add)
	if err != nil {
		return false, err
	}
	x.tshards, x.excerpts = tshards, excerpts
	return true, nil
}

// mark adds term t to the terms of shard k in touched.
func mark(touched map[int]map[string]bool, k int, t string) {
	if touched[k] == nil {
		touched[k] = map[string]bool{}
	}
	touched[k][t] = true
}

// termsOf reads brief br and returns its terms with their weights, and the
// start of its body.
func (s *scratch) termsOf(br *model.Brief) (map[string]uint8, string, error) {
	ex, err := s.brief(br)
	if err != nil {
		return nil, "", err
	}
	set := make(map[string]uint8, len(s.found))
	for _, slot := range s.found {
		set[s.terms[slot]] = s.weight[slot]
	}
	return set, ex, nil
}
