// Package search builds the static search index of a resolved book: files
// that static/search.js fetches, a few at a time, to answer a query in the
// reader's browser with no server.
//
// # Files
//
// Every path is relative to the output folder; the set of paths depends
// only on the number of briefs, so it is known before anything is indexed
// (see [Index.Paths]), and the index itself is built once, when the first
// of its files is written.
//
//	search/meta.json       the layout: {"v":1,"n":briefs,"t":term shards,"k":briefs per doc shard,
//	                       "domains":[[slug,title]...],"actors":[[slug,name]...]}
//	search/t/<i>.json      term shard i: {"term":"postings",...}, sorted by term; a term lies in
//	                       shard Shard(Key(term), t)
//	search/d/<j>.json      doc shard j: briefs j*k to j*k+k-1, each [url,title,date,[domain
//	                       indexes],summary,excerpt]; url is relative to the base path
//
// Briefs are numbered in the book's order, newest first, so that a lower
// number is a more recent brief.
//
// A posting list is a string: for each brief holding the term, in
// increasing number, the value (number − previous number) × 4 + weight,
// with previous number −1 for the first, written as a base-32 number whose
// digits are "0"–"9", "a"–"v" for the last digit and "w"–"z", "A"–"Z",
// "-", "_" for the others (most significant first). The weight says where
// the term is found: 3 in the title, 2 in the summary or as the name or an
// alias of one of the brief's actors or the title of one of its domains, 1
// in the body only.
//
// Besides words, each brief is indexed under [DomainTerm] of each of its
// domains and [ActorTerm] of each of its actors, which the filters use.
//
// # Ranking
//
// static/search.js (and [Index.Search], which the tests use) keeps the
// briefs holding every query term, scores each by the sum over the query
// terms of the best weight of the terms matching it, and sorts by score,
// then by number: title and summary matches come above body matches, then
// the newest first.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// DocsPerShard is the number of briefs of a doc shard.
const DocsPerShard = 8

// Dir is the folder of the index in the output.
const Dir = "search/"

// Weights of a term by where a brief holds it.
const (
	WeightBody    = 1
	WeightSummary = 2
	WeightTitle   = 3
)

// Index is the search index of one book. Its methods are safe for
// concurrent use.
type Index struct {
	book   *model.Book
	shards int // number of term shards
	docs   int // number of doc shards

	// base is a built index of an earlier version of the book, whose
	// term shards and excerpts build reuses (see incremental.go); it is
	// dropped once x is built.
	base atomic.Pointer[Index]

	keysOnce sync.Once
	keys     []uint64              // by brief: what indexing reads of it (briefKey), built by briefKeys
	doms     func() map[string]int // domainIndexes, computed once
	// from is what briefKeys and docIDs reuse of the index of the
	// previous version of the book (see reuse.go); dropped once both
	// have run.
	from     atomic.Pointer[prior]
	keysDone atomic.Bool
	docsOnce sync.Once
	docsDone atomic.Bool
	docIDs   []uint64 // by doc shard: its identity, 0 for one with a body out of memory

	once     sync.Once
	built    atomic.Bool  // build has run
	tshards  []*termShard // the term shards, built by build
	excerpts []string     // the start of each brief's body, built by build
	err      error
}

// termShard is one term shard: its terms and their encoded posting lists.
// It is never changed once built, so that the index of the next version
// of a book can share it.
type termShard struct {
	lists map[string]string // term → posting list, encoded
	id    uint64            // hash of lists (shardID)
}

// posting is one brief holding a term, with the term's weight there.
type posting struct {
	id int32
	w  uint8
}

// postingList is a term's posting list, encoded as it is written (see
// the package documentation), built one brief at a time.
type postingList struct {
	enc  []byte
	prev int32 // the last brief added, or -1
}

// add appends brief id, greater than any added before, with weight w.
func (l *postingList) add(id int32, w uint8) {
	l.enc = appendPosting(l.enc, id-l.prev, w)
	l.prev = id
}

// postings returns the briefs holding term t, decoded.
func (x *Index) postings(t string) []posting {
	enc, ok := x.tshards[Shard(Key(t), x.shards)].lists[t]
	if !ok {
		return nil
	}
	ps, err := decodePostings(enc)
	if err != nil {
		panic("search: a posting list the index encoded does not decode: " + err.Error())
	}
	return ps
}

// New returns the index of the resolved book b. It is cheap: the briefs are
// indexed when the first file is written.
func New(b *model.Book) *Index {
	n := len(b.Briefs)
	shards := 16
	for shards < n/8 && shards < 4096 {
		shards *= 2
	}
	x := &Index{book: b, shards: shards, docs: (n + DocsPerShard - 1) / DocsPerShard}
	x.doms = sync.OnceValue(x.domainIndexes)
	return x
}

// Paths returns the output paths of the index, sorted.
func (x *Index) Paths() []string {
	out := []string{Dir + "meta.json"}
	for i := 0; i < x.shards; i++ {
		out = append(out, Dir+"t/"+strconv.Itoa(i)+".json")
	}
	for j := 0; j < x.docs; j++ {
		out = append(out, Dir+"d/"+strconv.Itoa(j)+".json")
	}
	sort.Strings(out)
	return out
}

// Write writes the index file at path (one of Paths) to w. The error of a
// brief body that cannot be read back is returned, naming the brief.
func (x *Index) Write(w io.Writer, path string) error {
	rest, ok := strings.CutPrefix(path, Dir)
	if !ok {
		return fmt.Errorf("%s: not a search index file", path)
	}
	var v any
	switch {
	case rest == "meta.json":
		v = x.meta()
	case strings.HasPrefix(rest, "t/"):
		i, err := shardNumber(rest, "t/", x.shards)
		if err != nil {
			return err
		}
		if err := x.build(); err != nil {
			return err
		}
		v = x.termShard(i)
	case strings.HasPrefix(rest, "d/"):
		j, err := shardNumber(rest, "d/", x.docs)
		if err != nil {
			return err
		}
		if v, err = x.docShard(j); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%s: not a search index file", path)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

func shardNumber(rest, dir string, n int) (int, error) {
	s := strings.TrimSuffix(strings.TrimPrefix(rest, dir), ".json")
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= n || strconv.Itoa(i) != s {
		return 0, fmt.Errorf("%s%s: no such search shard", Dir, rest)
	}
	return i, nil
}

// meta is search/meta.json.
type meta struct {
	V       int         `json:"v"`
	N       int         `json:"n"`
	T       int         `json:"t"`
	K       int         `json:"k"`
	Domains [][2]string `json:"domains"`
	Actors  [][2]string `json:"actors"`
}

func (x *Index) meta() meta {
	m := meta{V: 1, N: len(x.book.Briefs), T: x.shards, K: DocsPerShard, Domains: [][2]string{}, Actors: [][2]string{}}
	for _, d := range x.book.Domains {
		if len(d.Briefs) > 0 {
			m.Domains = append(m.Domains, [2]string{d.Slug, d.Title})
		}
	}
	for _, a := range x.book.Actors {
		if len(a.Briefs) > 0 {
			m.Actors = append(m.Actors, [2]string{a.Slug, a.Name})
		}
	}
	return m
}

// build indexes every brief, once: from the base index when there is
// one and few briefs changed since (update), else from scratch.
func (x *Index) build() error {
	x.once.Do(func() {
		ok := false
		b := x.base.Load()
		if b != nil {
			ok, x.err = x.update(b)
		}
		if !ok && x.err == nil {
			if b != nil {
				rebuilt.Add(1)
			}
			x.err = x.full()
		}
		x.base.Store(nil)
		x.built.Store(true)
	})
	return x.err
}

// full indexes every brief of x's book.
func (x *Index) full() error {
	terms, lists, excerpts, err := indexBriefs(x.book.Briefs)
	if err != nil {
		return err
	}
	x.excerpts = excerpts
	x.tshards = make([]*termShard, x.shards)
	for i := range x.tshards {
		x.tshards[i] = &termShard{lists: map[string]string{}}
	}
	for t, g := range terms {
		x.tshards[Shard(Key(t), x.shards)].lists[t] = string(lists[g].enc)
	}
	par.Do(len(x.tshards), 16, func(_, i int) { x.tshards[i].id = shardID(x.tshards[i].lists) })
	return nil
}

// chunk is the number of briefs read in parallel before their terms are
// merged into the index, which bounds the memory held by the lists of
// terms of each brief.
const chunk = 1024

// indexBriefs reads every brief, on every core, and returns the index's
// terms, their posting lists and the briefs' excerpts.
func indexBriefs(briefs []*model.Brief) (map[string]int32, []postingList, []string, error) {
	terms := map[string]int32{}
	var lists []postingList
	excerpts := make([]string, len(briefs))
	scr := make([]*scratch, par.Workers(len(briefs), 16))
	for w := range scr {
		scr[w] = newScratch()
	}
	found := make([][]termWeight, chunk) // each brief's terms, as slots of its worker's dictionary
	worker := make([]int, chunk)
	errs := make([]error, chunk)
	for lo := 0; lo < len(briefs); lo += chunk {
		hi := min(lo+chunk, len(briefs))
		par.Do(hi-lo, 16, func(w, i int) {
			s := scr[w]
			excerpts[lo+i], errs[i] = s.brief(briefs[lo+i])
			found[i], worker[i] = found[i][:0], w
			for _, slot := range s.found {
				found[i] = append(found[i], termWeight{slot, s.weight[slot]})
			}
		})
		for i := 0; i < hi-lo; i++ {
			if errs[i] != nil {
				return nil, nil, nil, errs[i]
			}
			s := scr[worker[i]]
			for _, e := range found[i] {
				g := s.global[e.slot]
				if g < 0 {
					t := s.terms[e.slot]
					var ok bool
					if g, ok = terms[t]; !ok {
						g = int32(len(lists))
						terms[t] = g
						lists = append(lists, postingList{prev: -1})
					}
					s.global[e.slot] = g
				}
				lists[g].add(int32(lo+i), e.w)
			}
		}
	}
	return terms, lists, excerpts, nil
}

// termWeight is one term of a brief, as a slot of its worker's
// dictionary, with the best weight the brief gives it.
type termWeight struct {
	slot int32
	w    uint8
}

// brief reads brief br into s: the slots of its terms in s.found, the
// best weight of each in s.weight. It returns the start of its body for
// snippets.
func (s *scratch) brief(br *model.Brief) (string, error) {
	s.cur++
	s.found = s.found[:0]
	body, err := s.bodyText(&br.Doc)
	if err != nil {
		return "", fmt.Errorf("%s: reading the body back for the search index: %w", br.Path, err)
	}
	s.addBody(body)
	s.addText(br.Summary, WeightSummary)
	for _, d := range br.DomainList {
		s.addText(d.Title, WeightSummary)
		s.add(DomainTerm(d.Slug), WeightBody)
	}
	for _, a := range br.ActorList {
		s.addText(a.Name, WeightSummary)
		for _, al := range a.Aliases {
			s.addText(al, WeightSummary)
		}
		s.add(ActorTerm(a.Slug), WeightBody)
	}
	s.addText(br.Title, WeightTitle)
	return excerptOf(body, ExcerptRunes), nil
}

// termShard returns term shard i: its terms and their posting lists.
// Callers must not change the map.
func (x *Index) termShard(i int) map[string]string {
	return x.tshards[i].lists
}

// Digits of posting lists: the last digit of a number, and the others.
const (
	lastDigits  = "0123456789abcdefghijklmnopqrstuv"
	otherDigits = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
)

func encodePostings(ps []posting) string {
	var b []byte
	prev := int32(-1)
	for _, p := range ps {
		b = appendPosting(b, p.id-prev, p.w)
		prev = p.id
	}
	return string(b)
}

// appendPosting appends to b the posting of a brief delta numbers after
// the previous one, with weight w.
func appendPosting(b []byte, delta int32, w uint8) []byte {
	v := uint64(delta)<<2 | uint64(w)
	var tmp [8]byte
	n := 0
	tmp[n] = lastDigits[v&31]
	n++
	for v >>= 5; v > 0; v >>= 5 {
		tmp[n] = otherDigits[v&31]
		n++
	}
	for k := n - 1; k >= 0; k-- {
		b = append(b, tmp[k])
	}
	return b
}

// decodePostings is the inverse of encodePostings.
func decodePostings(s string) ([]posting, error) {
	var out []posting
	prev, v := int64(-1), uint64(0)
	for i := 0; i < len(s); i++ {
		if d := strings.IndexByte(otherDigits, s[i]); d >= 0 {
			v = v<<5 | uint64(d)
			continue
		}
		d := strings.IndexByte(lastDigits, s[i])
		if d < 0 {
			return nil, fmt.Errorf("bad digit %q in posting list", s[i])
		}
		v = v<<5 | uint64(d)
		prev += int64(v >> 2)
		out = append(out, posting{int32(prev), uint8(v & 3)})
		v = 0
	}
	return out, nil
}
