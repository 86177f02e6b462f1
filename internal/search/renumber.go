package search

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"unsafe"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// A date edit moves a brief in the book's order, and a new or deleted
// brief shifts the numbers of every brief after it; the briefs
// themselves read as before. So update pairs the briefs of the two books
// (renumber): a brief of the new book is the same brief as one of the
// base's when both have the same key (briefKey, not 0) and either the
// same number or the same path (model.Doc.Path), each old brief paired
// at most once. Equal keys mean indexing reads them alike, so the same
// brief has the same terms, weights and excerpt in both books, whatever
// its number: only the briefs of the new book with no pair (fresh) are
// read again. Posting lists are then rewritten by number: each old number
// moved to its brief's new number, the numbers of briefs with no pair in
// the new book (gone) dropped, the fresh briefs' postings added. Only the
// lists holding a number that moves, or a fresh brief, are rewritten;
// a shard none of whose lists changed is shared with the base.

// renumber pairs the briefs of a book with those of an earlier version
// of it (see above).
type renumber struct {
	oldOf   []int32 // by new number: the old number of the same brief, or -1 (fresh)
	newOf   []int32 // by old number: the new number of the same brief, or -1 (gone)
	fresh   []int   // the new numbers with no pair, increasing
	gone    []int   // the old numbers with no pair, increasing
	shifted bool    // some brief of both books has a new number
	lo, hi  int64   // every old number j with newOf[j] != j is in [lo, hi)
}

// pairBriefs pairs the new book's briefs nb (keys nk) with the old book's
// ob (keys ok). It reports false when a brief of either has key 0 (a body
// out of memory), which cannot be compared.
func pairBriefs(nb, ob []*model.Brief, nk, ok []uint64) (*renumber, bool) {
	if slices.Contains(nk, 0) || slices.Contains(ok, 0) {
		return nil, false
	}
	n, o := len(nb), len(ob)
	r := &renumber{oldOf: make([]int32, n), newOf: make([]int32, o)}
	for j := range r.newOf {
		r.newOf[j] = -1
	}
	var byPath map[string]int32 // built at the first brief not at its old number
	for i := range n {
		j := int32(-1)
		if i < o && nk[i] == ok[i] && r.newOf[i] < 0 {
			j = int32(i)
		} else {
			if byPath == nil {
				byPath = make(map[string]int32, o)
				for k := o - 1; k >= 0; k-- {
					byPath[ob[k].Path] = int32(k) // the first, for a path held twice
				}
			}
			if k, found := byPath[nb[i].Path]; found && nk[i] == ok[k] && r.newOf[k] < 0 {
				j = k
			}
		}
		r.oldOf[i] = j
		if j < 0 {
			r.fresh = append(r.fresh, i)
		} else {
			r.newOf[j] = int32(i)
		}
	}
	r.settle()
	return r, true
}

// settle sets r's gone numbers, shifted, lo and hi from its newOf.
func (r *renumber) settle() {
	r.lo, r.hi = int64(len(r.newOf)), 0
	for j, i := range r.newOf {
		if i == int32(j) {
			continue
		}
		if i < 0 {
			r.gone = append(r.gone, j)
		} else {
			r.shifted = true
		}
		r.lo, r.hi = min(r.lo, int64(j)), int64(j)+1
	}
}

// digitOf is the value of each digit of a posting list: 0–31 for a last
// digit, 32–63 for another (32 + its value), -1 for a byte that is not a
// digit.
var digitOf = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for d := range 32 {
		t[lastDigits[d]] = int8(d)
		t[otherDigits[d]] = int8(32 + d)
	}
	return t
}()

// moves reports whether posting list enc holds a number that r moves or
// drops (or a byte that is not a digit, for rewrite to report). It reads
// the list only up to the first number at or past r.hi.
func (r *renumber) moves(enc string) bool {
	prev, v := int64(-1), uint64(0)
	for i := 0; i < len(enc); i++ {
		d := digitOf[enc[i]]
		switch {
		case d < 0:
			return true
		case d >= 32:
			v = v<<5 | uint64(d-32)
			continue
		}
		prev += int64(v<<5|uint64(d)) >> 2
		v = 0
		if prev >= r.hi {
			return false
		}
		if prev >= r.lo && int64(r.newOf[prev]) != prev {
			return true
		}
	}
	return false
}

// rewrite returns posting list enc with each number moved to its new
// number, or dropped for a gone brief, and the postings add (sorted by
// number, all of fresh briefs) added; buf is scratch space, returned for
// reuse. The error is that of a list that does not decode.
func (r *renumber) rewrite(enc string, add, buf []posting) (string, []posting, error) {
	if out, ok := r.stream(enc, add); ok {
		return out, buf, nil
	}
	return r.rewriteSorted(enc, add, buf)
}

// stream is rewrite for a list whose numbers keep their order (most
// lists: a brief moved in the book's order shifts the others by one, a
// new or deleted brief shifts the briefs after it), in one pass that
// copies the bytes of each run of postings whose distances did not
// change and encodes only the others (the first after a shift or a
// dropped number, and the added ones), and that stops reading at the
// first number past those that move. It reports false for a list whose
// numbers do not keep their order, or that does not decode, which
// rewriteSorted handles.
func (r *renumber) stream(enc string, add []posting) (string, bool) {
	var out []byte
	copied := 0 // enc[:copied] is in out or dropped
	flush := func(upto int) {
		if out == nil {
			out = make([]byte, 0, len(enc)+16)
		}
		out = append(out, enc[copied:upto]...)
	}
	old, last, v := int64(-1), int64(-1), uint64(0) // last: the last number written
	start := 0                                      // where the current posting starts
	for i := 0; i < len(enc); i++ {
		d := digitOf[enc[i]]
		switch {
		case d < 0:
			return "", false
		case d >= 32:
			v = v<<5 | uint64(d-32)
			continue
		}
		v = v<<5 | uint64(d)
		delta, w := int64(v>>2), uint8(v&3)
		old, v = old+delta, 0
		if old >= int64(len(r.newOf)) {
			return "", false
		}
		id := int64(r.newOf[old])
		for len(add) > 0 && id >= 0 && int64(add[0].id) < id { // fresh postings before this one
			flush(start)
			out = appendPosting(out, add[0].id-int32(last), add[0].w)
			copied, last, add = start, int64(add[0].id), add[1:]
		}
		switch {
		case id < 0:
			flush(start)
			copied = i + 1
		case id <= last:
			return "", false
		case id-last != delta:
			flush(start)
			out = appendPosting(out, int32(id-last), w)
			copied, last = i+1, id
		default:
			last = id
		}
		start = i + 1
		if old >= r.hi && len(add) == 0 {
			break // the numbers from here on keep theirs: copied below
		}
	}
	for _, p := range add {
		flush(len(enc))
		out = appendPosting(out, p.id-int32(last), p.w)
		copied, last = len(enc), int64(p.id)
	}
	if out == nil {
		return enc, true
	}
	flush(len(enc))
	return unsafe.String(unsafe.SliceData(out), len(out)), true // out is not kept
}

// rewriteSorted is rewrite for any list: it decodes the list into buf,
// sorts it by new number, and encodes it again.
func (r *renumber) rewriteSorted(enc string, add, buf []posting) (string, []posting, error) {
	buf = buf[:0]
	sorted := true
	prev, v, last := int64(-1), uint64(0), int32(-1)
	for i := 0; i < len(enc); i++ {
		d := digitOf[enc[i]]
		switch {
		case d < 0:
			return "", buf, fmt.Errorf("bad digit %q in posting list", enc[i])
		case d >= 32:
			v = v<<5 | uint64(d-32)
			continue
		}
		v = v<<5 | uint64(d)
		prev += int64(v >> 2)
		w := uint8(v & 3)
		v = 0
		if prev >= int64(len(r.newOf)) {
			return "", buf, errNumber
		}
		id := r.newOf[prev]
		if id < 0 {
			continue
		}
		if id < last {
			sorted = false
		}
		last = id
		buf = append(buf, posting{id, w})
	}
	byID := func(a, b posting) int { return int(a.id - b.id) }
	if len(add) > 8 { // many fresh briefs
		buf, sorted, add = append(buf, add...), false, nil
	}
	if !sorted { // a brief moved against the others
		slices.SortFunc(buf, byID)
	}
	for _, p := range add { // most often one fresh brief
		at, _ := slices.BinarySearchFunc(buf, p, byID)
		buf = slices.Insert(buf, at, p)
	}
	out := make([]byte, 0, len(enc)+16)
	prev = -1
	for _, p := range buf {
		out = appendPosting(out, p.id-int32(prev), p.w)
		prev = int64(p.id)
	}
	return unsafe.String(unsafe.SliceData(out), len(out)), buf, nil // out is not kept
}

// renumberShard returns shard old with the posting lists of terms
// rewritten by r (every term of old when terms is nil), and the terms of
// add (by term, the fresh briefs' postings) added; old itself when no
// list changed.
func renumberShard(old *termShard, r *renumber, terms []string, add map[string][]posting, buf *[]posting) (*termShard, error) {
	changes := map[string]string{}
	visit := func(t string) error {
		enc := old.lists[t]
		if len(add[t]) == 0 && !r.moves(enc) {
			return nil
		}
		out, b, err := r.rewrite(enc, add[t], *buf)
		*buf = b
		if err == nil && out != enc {
			changes[t] = out
		}
		return err
	}
	if terms == nil {
		for t := range old.lists {
			if err := visit(t); err != nil {
				return nil, err
			}
		}
		for t := range add {
			if _, ok := old.lists[t]; !ok {
				terms = append(terms, t)
			}
		}
	}
	for _, t := range terms {
		if err := visit(t); err != nil {
			return nil, err
		}
	}
	if len(changes) == 0 {
		return old, nil
	}
	lists := maps.Clone(old.lists)
	for t, l := range changes {
		if l == "" {
			delete(lists, t)
		} else {
			lists[t] = l
		}
	}
	return &termShard{lists: lists, id: shardID(lists)}, nil
}

// renumberShards returns the term shards of base (b's shards) rewritten
// by r (see renumberShard): every shard when r shifts a brief, else only
// the terms of touched (by shard: the terms whose weight changed at a
// gone or fresh number). add is by shard, then by term.
func renumberShards(base []*termShard, r *renumber, touched map[int]map[string]bool, add map[int]map[string][]posting) ([]*termShard, error) {
	out := slices.Clone(base)
	var todo []int
	if r.shifted {
		todo = make([]int, len(base))
		for k := range todo {
			todo[k] = k
		}
	} else {
		todo = slices.Sorted(maps.Keys(touched))
	}
	bufs := make([][]posting, par.Workers(len(todo), 4))
	errs := make([]error, len(todo))
	par.Do(len(todo), 4, func(w, i int) {
		k := todo[i]
		var terms []string
		if !r.shifted {
			terms = slices.Collect(maps.Keys(touched[k]))
		}
		out[k], errs[i] = renumberShard(base[k], r, terms, add[k], &bufs[w])
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// errNumber is the error of a posting list holding a number past the
// briefs of its book.
var errNumber = errors.New("search: a posting list holds a number past its book's briefs")
