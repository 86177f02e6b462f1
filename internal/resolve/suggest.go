package resolve

import (
	"fmt"
	"hash/maphash"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/suggest"
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
	dg := r.newDiag(sev, path, line, col, length, fmt.Sprintf(format, args...))
	if best := r.closest(name, candidates); best != "" {
		dg.Message += didYouMean(best)
		dg.Suggestion = best
	}
	r.d.Add(dg)
}

// didYouMean returns the end of a message that suggests best: "; did you
// mean "best"?".
func didYouMean(best string) string {
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
		h = candidatesHash(candidates)
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
		best = suggest.Closest(name, candidates)
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

// candidatesHash returns the hash of a list of candidates that keys the
// searches among them (suggestKey).
func candidatesHash(candidates []string) uint64 {
	var mh maphash.Hash
	mh.SetSeed(listHashSeed)
	for _, c := range candidates {
		mh.WriteString(c)
		mh.WriteByte(0)
	}
	return mh.Sum64()
}
