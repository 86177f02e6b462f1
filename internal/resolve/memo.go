package resolve

import (
	"slices"
	"strings"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/diag"
	"time"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// A Memo is what one resolve remembers for the next one of the same book:
// the inverted indexes behind related briefs and every brief's Related
// list, by brief number. [ResolveFrom] uses it to compute Related again
// only for the briefs an edit can affect; the result is always exactly what
// a resolve without a memo gives. A Memo never changes once made, so one
// memo can seed several resolves.
type Memo struct {
	n       int          // number of published briefs
	slugs   []string     // brief slugs by brief number
	dates   []time.Time  // brief dates by brief number
	rl      *relater     // the indexes of that resolve, by its numbers
	keys    []featureKey // feature number → key
	related [][]int32    // Related of each brief, as brief numbers
	byKey   map[featureKey]int32

	// suggested holds the "did you mean" searches of that resolve, by
	// candidate list content and name; see resolver.closest.
	suggested map[suggestKey]string

	// briefs holds what each published brief's parse result gave, by
	// index in input: see brief.go, and mentions.go for its body
	// mentions.
	briefs []briefMemo
	// input holds the briefs of that resolve's input, as given, and
	// drafts its Drafts flag; see matchInputs.
	input  []*model.Brief
	drafts bool
	// numbers holds each brief's Number by chapter and place, to be
	// shared by the next resolve's briefs at the same places.
	numbers [][]string
	reused  int // how many briefs' resolutions came from the previous memo, for tests
	// relatedNear counts the briefs whose Related came from their old
	// list and the few briefs that entered their window (nearby.go), and
	// relatedNearFull those that only had a changed brief in their
	// window but needed related() all the same, for tests.
	relatedNear, relatedNearFull int

	// mentionNames and mentionPages are the name signatures and the page
	// URLs (with their targets' keys) the mentions were found with (see
	// nameIndex).
	mentionNames map[string]string
	mentionPages map[string]string
	// mentionsReused counts the briefs whose mentions came from the
	// previous memo, for tests.
	mentionsReused int

	reuseMemo // what a structure-preserving edit needs (reuse.go)
}

// featureKey names a feature (a source by id, an actor or a domain by
// slug) across resolves, whose feature numbers differ.
type featureKey struct {
	kind byte // 's', 'a' or 'd'
	name string
}

// maxIncremental is the number of briefs added, removed or changed above
// which related briefs are computed afresh for the whole book: beyond it
// the briefs affected are most of the book anyway.
const maxIncremental = 64

// ResolveFrom is [Resolve] for a book resolved before: prev is the memo of
// an earlier resolve of the same site (or nil), and the returned memo
// serves the next call. The book and diagnostics are exactly those
// Resolve gives for in.
func ResolveFrom(prev *Memo, in Input, d *diag.List) (*model.Book, *Memo) {
	if book, m := reuse(prev, in, d); book != nil {
		return book, m
	}
	if book, m := rebriefBook(prev, in, d); book != nil {
		return book, m
	}
	if book, m := rebibliography(prev, in, d); book != nil {
		return book, m
	}
	r := resolveAll(in, d, prev)
	return r.book, r.memo
}

// relateFrom sets the Related briefs of every brief from rl (with feature
// keys keys), recomputing only the briefs that the differences from prev
// can affect, and returns the memo for the next resolve.
//
// Related of a brief y depends on y's features and links, on the members
// of y's small posting lists, on the members of y's large posting lists
// inside y's window, and on the relative order of the briefs it scores
// (ties go to the earlier brief). A brief x whose date or features
// changed, or that was added or removed, can therefore change Related only
// of: itself; the members of its small lists, before and after; the
// briefs it links to or is linked from, before and after; and the briefs
// whose window held it, before or after. Of those, the briefs that only
// have x in their window take their list from the old one and the few
// briefs that changed or entered their window (nearby.go). A brief whose
// links alone changed changes only its own Related and that of the briefs
// it gained or lost a link with, whose links changed too. Every other
// brief keeps its window: no changed brief lies in it, so it is the same
// run of unchanged briefs, in the same order. Its list is carried over,
// renumbered.
func relateFrom(prev *Memo, rl *relater, keys []featureKey, briefs []*model.Brief) *Memo {
	return relateRenamed(prev, rl, keys, briefs, [2]string{})
}

// relateRenamed is relateFrom after a rename: the brief whose slug was
// renamed[0] in prev has slug renamed[1] now, and counts as the same
// brief when it keeps its place between the same neighbours (see dirty).
func relateRenamed(prev *Memo, rl *relater, keys []featureKey, briefs []*model.Brief, renamed [2]string) *Memo {
	m := &Memo{n: len(briefs), rl: rl, keys: keys, related: make([][]int32, len(briefs))}
	m.slugs = make([]string, len(briefs))
	m.dates = make([]time.Time, len(briefs))
	if prev != nil && len(prev.keys) == len(keys) && (len(keys) == 0 || &prev.keys[0] == &keys[0]) {
		m.byKey = prev.byKey // the same keys (a patched book's): the map is never written
	} else {
		m.byKey = make(map[featureKey]int32, len(keys))
		for i, k := range keys {
			m.byKey[k] = int32(i)
		}
	}
	for i, b := range briefs {
		m.slugs[i], m.dates[i] = b.Slug, b.Date
	}
	sh := m.dirty(prev, renamed)
	workers := []*relater{rl}
	for len(workers) < par.Workers(len(briefs), 64) {
		workers = append(workers, rl.fork())
	}
	// Each brief's lists take their share of two arrays, written by one
	// worker each.
	nums := make([]int32, len(briefs)*relatedCandidates)
	ptrs := make([]*model.Brief, len(briefs)*relatedCandidates)
	var near, full atomic.Int64 // briefs of sh.near taking the near path, or not
	par.Do(len(briefs), 64, func(w, i int) {
		own := nums[i*relatedCandidates : i*relatedCandidates : (i+1)*relatedCandidates]
		carried := false
		switch {
		case sh == nil || sh.dirty[i]:
		case sh.near[i]:
			m.related[i], carried = sh.related(int32(i), own)
			if carried {
				near.Add(1)
			} else {
				full.Add(1)
			}
		default:
			m.related[i], carried = prev.carry(own, sh.newToOld[i], sh.oldToNew)
		}
		if !carried {
			top := workers[w].related(int32(i))
			if len(top) > 0 {
				for _, c := range top {
					own = append(own, c.n)
				}
				m.related[i] = own
			}
		}
		b := briefs[i]
		b.Related = nil // a copy may hold the list of the brief it was made from
		if rel := m.related[i]; len(rel) > 0 {
			b.Related = ptrs[i*relatedCandidates : i*relatedCandidates+len(rel) : i*relatedCandidates+len(rel)]
			for k, n := range rel {
				b.Related[k] = briefs[n]
			}
		}
	})
	m.relatedNear, m.relatedNearFull = int(near.Load()), int(full.Load())
	return m
}

// carry returns the Related list of the brief numbered j in m, renumbered
// by oldToNew into dst (which has room for it), and false if one of its
// briefs is gone.
func (m *Memo) carry(dst []int32, j int32, oldToNew []int32) ([]int32, bool) {
	old := m.related[j]
	if len(old) == 0 {
		return nil, true
	}
	for _, o := range old {
		if oldToNew[o] < 0 {
			return nil, false
		}
		dst = append(dst, oldToNew[o])
	}
	return dst, true
}

// dirty returns the shift from prev to m (nil when every brief needs its
// Related computed again): which briefs of m need it computed afresh,
// which only have a changed brief in their window (see nearby.go), and
// the maps between the brief numbers of prev and m (-1 where a brief is
// in only one of them). Briefs are matched by slug, and the brief renamed
// from renamed[0] to renamed[1] (when not empty) as the same brief when
// it lies between the same two briefs, so that every brief keeps its
// number's place in the order: then, with the same date, features and
// links, it changes no brief's Related (scores and ties depend on nothing
// else), where a brief removed and another added would make every window
// holding either computed again.
func (m *Memo) dirty(prev *Memo, renamed [2]string) *shift {
	if prev == nil || m.n <= 2*window+1 || prev.n <= 2*window+1 {
		return nil
	}
	newToOld, oldToNew, ok := m.match(prev, renamed)
	if !ok {
		return nil
	}
	var changedNew, changedOld, relinked []int32
	for i := range m.n {
		j := newToOld[i]
		switch {
		case j < 0 || !m.sameFeatures(int32(i), prev, j):
			changedNew = append(changedNew, int32(i))
			if j >= 0 {
				changedOld = append(changedOld, j)
			}
		case !m.sameLinks(int32(i), prev, j, newToOld):
			relinked = append(relinked, int32(i))
		}
	}
	for j, i := range oldToNew {
		if i < 0 {
			changedOld = append(changedOld, int32(j))
		}
	}
	if len(changedNew)+len(changedOld)+2*len(relinked) > 2*maxIncremental {
		return nil
	}
	sh := newShift(prev, m, newToOld, oldToNew, changedNew, changedOld)
	if sh == nil { // never with briefs ordered by date and slug; all carried lists would be wrong
		return nil
	}
	sh.dirty, sh.near = make([]bool, m.n), make([]bool, m.n)
	// A brief whose links alone changed changes the score of no pair but
	// those it gained or lost a link with, whose links changed too (or
	// that were added or removed): for any other brief, it scores the
	// same, is considered alike and keeps its place in the order.
	for _, i := range relinked {
		sh.dirty[i] = true
	}
	for _, i := range changedNew {
		m.mark(i, sh.dirty, sh.near, nil)
	}
	for _, j := range changedOld {
		prev.mark(j, sh.dirty, sh.near, oldToNew)
	}
	return sh
}

// match returns the maps between the brief numbers of prev and m (-1
// where a brief is in only one of them), matching briefs by slug and the
// renamed brief as pairRenamed does, and false when more than
// 2*maxIncremental briefs are in only one of them. Both memos number
// briefs in Book.Briefs order, by date then slug, and slugs are unique: one
// walk over both matches the briefs whose date and slug are the same, and
// the few left are matched by slug alone.
func (m *Memo) match(prev *Memo, renamed [2]string) (newToOld, oldToNew []int32, ok bool) {
	newToOld, oldToNew = make([]int32, m.n), make([]int32, prev.n)
	var onlyNew, onlyOld []int32
	i, j := 0, 0
	for i < m.n || j < prev.n {
		c := 1
		switch {
		case i == m.n:
		case j == prev.n:
			c = -1
		case !m.dates[i].Equal(prev.dates[j]):
			if m.dates[i].After(prev.dates[j]) {
				c = -1
			}
		default:
			c = strings.Compare(m.slugs[i], prev.slugs[j])
		}
		switch {
		case c == 0:
			newToOld[i], oldToNew[j] = int32(j), int32(i)
			i++
			j++
		case c < 0:
			newToOld[i] = -1
			onlyNew = append(onlyNew, int32(i))
			i++
		default:
			oldToNew[j] = -1
			onlyOld = append(onlyOld, int32(j))
			j++
		}
		if len(onlyNew)+len(onlyOld) > 2*maxIncremental {
			return nil, nil, false
		}
	}
	for _, j := range onlyOld { // a new date
		for _, i := range onlyNew {
			if m.slugs[i] == prev.slugs[j] {
				newToOld[i], oldToNew[j] = j, i
			}
		}
	}
	if renamed[0] != "" && renamed[1] != "" {
		k := slices.IndexFunc(onlyOld, func(j int32) bool { return prev.slugs[j] == renamed[0] })
		l := slices.IndexFunc(onlyNew, func(i int32) bool { return m.slugs[i] == renamed[1] })
		if k >= 0 && l >= 0 {
			m.pairRenamed(prev, onlyOld[k], onlyNew[l], newToOld, oldToNew)
		}
	}
	return newToOld, oldToNew, true
}

// pairRenamed matches, in newToOld and oldToNew, brief j of prev (the
// brief renamed) with brief i of m (its new slug) when neither is matched
// and the brief's neighbours in prev are its neighbours in m (or it is
// first, or last, in both).
func (m *Memo) pairRenamed(prev *Memo, j, i int32, newToOld, oldToNew []int32) {
	if oldToNew[j] >= 0 || newToOld[i] >= 0 {
		return
	}
	before := (j == 0 && i == 0) || (j > 0 && i > 0 && oldToNew[j-1] == i-1)
	after := (int(j) == prev.n-1 && int(i) == m.n-1) || (int(j) < prev.n-1 && int(i) < m.n-1 && oldToNew[j+1] == i+1)
	if before && after {
		oldToNew[j], newToOld[i] = i, j
	}
}

// sameFeatures reports whether brief i of m has the date and features
// that brief j of prev had.
func (m *Memo) sameFeatures(i int32, prev *Memo, j int32) bool {
	if !m.dates[i].Equal(prev.dates[j]) {
		return false
	}
	fs, old := m.rl.byBrief[i], prev.rl.byBrief[j]
	if len(fs) != len(old) {
		return false
	}
	for k, f := range fs {
		if m.keys[f] != prev.keys[old[k]] {
			return false
		}
	}
	return true
}

// sameLinks reports whether brief i of m links to or is linked from the
// briefs that brief j of prev did.
func (m *Memo) sameLinks(i int32, prev *Memo, j int32, newToOld []int32) bool {
	// Both lists hold each brief once (appendUnique), so they hold the
	// same briefs when they have the same length and each of one is in
	// the other.
	ls, oldLs := m.rl.links[i], prev.rl.links[j]
	if len(ls) != len(oldLs) {
		return false
	}
	for _, l := range ls {
		if o := newToOld[l]; o < 0 || !slices.Contains(oldLs, o) {
			return false
		}
	}
	return true
}

// mark marks, in dirty (numbered as the memo the caller holds, reached
// from m's numbers through to, or m's own numbers when to is nil), every
// brief whose Related brief x of m can affect otherwise than by lying in
// its window: x itself, the members of x's small posting lists (and of
// those that may cross the largeList bound), and x's links; and, in near,
// the briefs whose window holds x.
func (m *Memo) mark(x int32, dirty, near []bool, to []int32) {
	set := func(marks []bool, y int32) {
		if to != nil {
			y = to[y]
		}
		if y >= 0 {
			marks[y] = true
		}
	}
	set(dirty, x)
	for _, f := range m.rl.byBrief[x] {
		if p := m.rl.posting[f]; len(p) <= largeList+2*maxIncremental {
			for _, y := range p {
				set(dirty, y)
			}
		}
	}
	for _, y := range m.rl.links[x] {
		set(dirty, y)
	}
	span := int32(2*window + 1)
	for y := max(0, x-span); y <= min(int32(m.n)-1, x+span); y++ {
		if lo, hi := m.rl.window(y); lo <= x && x <= hi {
			set(near, y)
		}
	}
}
