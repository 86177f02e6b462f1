package resolve

import (
	"fmt"
	"hash/maphash"
	"unicode"

	"github.com/briefbook/briefbook/internal/diag"
)

// unknownf reports an error at line:col of path about name, which is not
// among candidates (sorted). When one of them is close to name, the
// message ends with suggest's "; did you mean "x"?" and the candidate is
// the diagnostic's Suggestion, so that an editor can offer it as a fix.
func (r *resolver) unknownf(path string, line, col, length int, name string, candidates []string, format string, args ...any) {
	r.suggestf(diag.Error, path, line, col, length, name, candidates, format, args...)
}

// suggestf is unknownf with the diagnostic's severity.
func (r *resolver) suggestf(sev diag.Severity, path string, line, col, length int, name string, candidates []string, format string, args ...any) {
	dg := diag.New(sev, path, r.src(path), line, col, length, fmt.Sprintf(format, args...))
	if best := r.closest(name, candidates); best != "" {
		dg.Message += suggest(best)
		dg.Suggestion = best
	}
	r.d.Add(dg)
}

// suggest returns the end of a message that suggests best: "; did you
// mean "best"?".
func suggest(best string) string {
	return fmt.Sprintf("; did you mean %q?", best)
}

// suggestKey identifies a search for the candidate closest to name among
// a list of candidates, by a hash of the list's content, so that a search
// is remembered from one resolve of a book to the next while the list
// stays the same.
type suggestKey struct {
	list uint64
	name string
}

// listHashSeed seeds the hashes of candidate lists for the life of the
// process, so that keys from one resolve are valid in the next.
var listHashSeed = maphash.MakeSeed()

// closest is the package's closest, remembered for each name and list
// content, within a resolve and from the previous resolve's memo: a
// renamed brief leaves many links to the same old name, each search
// compares the name with every candidate, and every edit resolves again.
// The lists a resolver searches are made once and not changed, so each
// list's hash is computed once, keyed by its first element and length.
func (r *resolver) closest(name string, candidates []string) string {
	if len(candidates) == 0 {
		return ""
	}
	lk := listKey{&candidates[0], len(candidates)}
	h, ok := r.listHash[lk]
	if !ok {
		var mh maphash.Hash
		mh.SetSeed(listHashSeed)
		for _, c := range candidates {
			mh.WriteString(c)
			mh.WriteByte(0)
		}
		h = mh.Sum64()
		if r.listHash == nil {
			r.listHash = map[listKey]uint64{}
		}
		r.listHash[lk] = h
	}
	k := suggestKey{h, name}
	best, ok := r.suggested[k]
	if !ok && r.prev != nil {
		best, ok = r.prev.suggested[k]
	}
	if !ok {
		best = closest(name, candidates)
	}
	if r.suggested == nil {
		r.suggested = map[suggestKey]string{}
	}
	r.suggested[k] = best
	return best
}

// listKey identifies a candidate list within one resolve.
type listKey struct {
	first *string
	n     int
}

// closest returns the candidate closest to s, or "". Close means a
// Levenshtein distance of at most max(2, len(s)/3) characters; an empty s
// has no close candidate (an empty name is not a typo of a short one).
// The closest candidate wins; among equally close ones, the one closer in
// form (see [closerForm]), and then the first in order.
func closest(s string, candidates []string) string {
	a := []rune(s)
	if len(a) == 0 {
		return ""
	}
	limit := max(2, len(a)/3)
	best, bestDist := "", limit
	var bestRunes []rune
	var row []int
	for _, c := range candidates {
		if c == s || c == "" {
			continue
		}
		b := []rune(c)
		if abs(len(a)-len(b)) > bestDist {
			continue
		}
		var d int
		d, row = levenshtein(a, b, row, bestDist)
		switch {
		case d > bestDist:
			continue
		case best == "" || d < bestDist || closerForm(a, b, bestRunes):
			best, bestDist, bestRunes = c, d, b
		}
	}
	return best
}

// closerForm reports whether b is closer in form to a than c is, when
// both are at the same edit distance from a: first by the distance of
// their lowercase forms (a change of case is a lesser change), then by
// the distance that counts swapping two neighbouring characters as one
// edit (the commonest typo), then by the length of the prefix they share
// with a.
func closerForm(a, b, c []rune) bool {
	la, lb, lc := lowerRunes(a), lowerRunes(b), lowerRunes(c)
	fb, _ := levenshtein(la, lb, nil, len(la)+len(lb))
	fc, _ := levenshtein(la, lc, nil, len(la)+len(lc))
	if fb != fc {
		return fb < fc
	}
	if tb, tc := swapDistance(a, b), swapDistance(a, c); tb != tc {
		return tb < tc
	}
	return commonPrefix(a, b) > commonPrefix(a, c)
}

// lowerRunes returns r with every letter lowercased.
func lowerRunes(r []rune) []rune {
	out := make([]rune, len(r))
	for i, c := range r {
		out[i] = unicode.ToLower(c)
	}
	return out
}

// swapDistance returns the optimal string alignment distance of a and b:
// Levenshtein's, with a swap of two neighbouring characters as one edit.
func swapDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// commonPrefix returns the number of leading characters a and b share.
func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// levenshtein returns the edit distance between a and b, reusing row as
// scratch space, or cutoff+1 if it exceeds cutoff; once it is sure to, it
// returns without finishing.
func levenshtein(a, b []rune, row []int, cutoff int) (int, []int) {
	if cap(row) < len(b)+1 {
		row = make([]int, len(b)+1)
	}
	row = row[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0] // distance of a[:i-1], b[:j-1]
		row[0] = i
		least := row[0]
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			least = min(least, row[j])
			prev = cur
		}
		if least > cutoff { // every later row is at least as large
			return cutoff + 1, row
		}
	}
	return min(row[len(b)], cutoff+1), row
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
