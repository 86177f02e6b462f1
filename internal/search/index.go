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

	once     sync.Once
	terms    map[string][]posting // built by build
	buckets  [][]string           // terms of each term shard, built by build
	excerpts []string             // the start of each brief's body, built by build
	err      error
}

// posting is one brief holding a term, with the term's weight there.
type posting struct {
	id int32
	w  uint8
}

// New returns the index of the resolved book b. It is cheap: the briefs are
// indexed when the first file is written.
func New(b *model.Book) *Index {
	n := len(b.Briefs)
	shards := 16
	for shards < n/8 && shards < 4096 {
		shards *= 2
	}
	return &Index{book: b, shards: shards, docs: (n + DocsPerShard - 1) / DocsPerShard}
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

// build indexes every brief, once.
func (x *Index) build() error {
	x.once.Do(func() {
		x.terms, x.excerpts, x.err = indexBriefs(x.book.Briefs)
		x.buckets = make([][]string, x.shards)
		for t := range x.terms {
			i := Shard(Key(t), x.shards)
			x.buckets[i] = append(x.buckets[i], t)
		}
	})
	return x.err
}

// chunk is the number of briefs tokenized in parallel before their terms
// are merged into the index, which bounds the memory held by per-brief
// term sets.
const chunk = 1024

func indexBriefs(briefs []*model.Brief) (map[string][]posting, []string, error) {
	terms := map[string][]posting{}
	excerpts := make([]string, len(briefs))
	sets := make([]map[string]uint8, chunk)
	errs := make([]error, chunk)
	for lo := 0; lo < len(briefs); lo += chunk {
		hi := min(lo+chunk, len(briefs))
		par.Do(hi-lo, 16, func(_, i int) {
			sets[i], excerpts[lo+i], errs[i] = briefTerms(briefs[lo+i])
		})
		for i := 0; i < hi-lo; i++ {
			if errs[i] != nil {
				return nil, nil, errs[i]
			}
			for t, w := range sets[i] {
				terms[t] = append(terms[t], posting{int32(lo + i), w})
			}
			sets[i] = nil
		}
	}
	return terms, excerpts, nil
}

// briefTerms returns the terms of a brief with their weights, and the
// start of its body for snippets.
func briefTerms(br *model.Brief) (map[string]uint8, string, error) {
	set := map[string]uint8{}
	add := func(text string, w uint8) {
		eachTerm(text, func(t string) {
			if set[t] < w {
				set[t] = w
			}
		})
	}
	body, err := bodyText(&br.Doc)
	if err != nil {
		return nil, "", fmt.Errorf("%s: reading the body back for the search index: %w", br.Path, err)
	}
	add(body, WeightBody)
	add(br.Summary, WeightSummary)
	for _, d := range br.DomainList {
		add(d.Title, WeightSummary)
		set[DomainTerm(d.Slug)] = WeightBody
	}
	for _, a := range br.ActorList {
		add(a.Name, WeightSummary)
		for _, al := range a.Aliases {
			add(al, WeightSummary)
		}
		set[ActorTerm(a.Slug)] = WeightBody
	}
	add(br.Title, WeightTitle)
	return set, excerpt(body, ExcerptRunes), nil
}

// termShard returns term shard i: its terms and their posting lists.
func (x *Index) termShard(i int) map[string]string {
	out := make(map[string]string, len(x.buckets[i]))
	for _, t := range x.buckets[i] {
		out[t] = encodePostings(x.terms[t])
	}
	return out
}

// Digits of posting lists: the last digit of a number, and the others.
const (
	lastDigits  = "0123456789abcdefghijklmnopqrstuv"
	otherDigits = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
)

func encodePostings(ps []posting) string {
	var b []byte
	prev := int32(-1)
	var tmp [8]byte
	for _, p := range ps {
		v := uint64(p.id-prev)<<2 | uint64(p.w)
		prev = p.id
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
	}
	return string(b)
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
