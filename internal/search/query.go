package search

import (
	"sort"
	"strings"
)

// Result is a brief that matches a query, as [Index.Search] ranks it.
type Result struct {
	ID    int // the brief's number: its index in the book's Briefs
	Score int
}

// Search answers query q as static/search.js does from the index files,
// keeping only briefs indexed under every filter term (see DomainTerm and
// ActorTerm): the briefs holding every query term, best first (see
// Ranking in the package documentation). It returns the error of a body
// that cannot be read back.
func (x *Index) Search(q string, filters ...string) ([]Result, error) {
	if err := x.build(); err != nil {
		return nil, err
	}
	qts := Query(q)
	if len(qts) == 0 {
		return nil, nil
	}
	var score map[int32]int
	for _, qt := range qts {
		best := map[int32]int{}
		for _, t := range x.matching(qt) {
			for _, p := range x.postings(t) {
				if int(p.w) > best[p.id] {
					best[p.id] = int(p.w)
				}
			}
		}
		score = intersect(score, best)
	}
	for _, f := range filters {
		keep := map[int32]int{}
		for _, p := range x.postings(f) {
			keep[p.id] = 0
		}
		score = intersect(score, keep)
	}
	out := make([]Result, 0, len(score))
	for id, s := range score {
		out = append(out, Result{int(id), s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// matching returns the index terms that qt matches: itself, and when qt
// is a prefix, every term of its shard that starts with it.
func (x *Index) matching(qt QueryTerm) []string {
	if !qt.Prefix {
		return []string{qt.Term}
	}
	var out []string
	for t := range x.tshards[Shard(Key(qt.Term), x.shards)].lists {
		if strings.HasPrefix(t, qt.Term) {
			out = append(out, t)
		}
	}
	return out
}

// intersect returns the briefs of both a and b with the sum of their
// scores; a nil a stands for every brief.
func intersect(a, b map[int32]int) map[int32]int {
	if a == nil {
		return b
	}
	out := map[int32]int{}
	for id, s := range a {
		if t, ok := b[id]; ok {
			out[id] = s + t
		}
	}
	return out
}
