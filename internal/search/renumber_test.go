package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRewriteMatchesNaive checks, on seeded random posting lists and
// renumberings (briefs moved, dropped and added, a few or many at a
// time), that rewrite, and both its ways (stream, when it takes the
// list, and rewriteSorted), return the list made by moving each number,
// dropping the gone ones, adding the fresh postings and sorting, and
// that moves says whether a list holds a number that moves or is dropped.
func TestRewriteMatchesNaive(t *testing.T) {
	streams := 0
	for seed := uint64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 2))
		o := 1 + rng.IntN(60)
		n := max(1, o+rng.IntN(21)-10)
		// Old number j goes to new number perm[j] when perm[j] < n and
		// it is kept; the new numbers no old one goes to are fresh.
		perm := rng.Perm(max(n, o))
		if rng.IntN(2) == 0 { // mostly in order: one brief moved
			perm = identityMove(max(n, o), rng)
		}
		r := &renumber{newOf: make([]int32, o)}
		taken := make([]bool, n)
		for j := range r.newOf {
			r.newOf[j] = -1
			if perm[j] < n && rng.IntN(8) > 0 {
				r.newOf[j] = int32(perm[j])
				taken[perm[j]] = true
			}
		}
		r.settle()
		var enc []posting
		for j := range o {
			if rng.IntN(3) == 0 {
				enc = append(enc, posting{int32(j), uint8(1 + rng.IntN(3))})
			}
		}
		var add []posting
		for i := range n {
			if !taken[i] && rng.IntN(1+rng.IntN(3)) == 0 {
				add = append(add, posting{int32(i), uint8(1 + rng.IntN(3))})
			}
		}
		var want []posting
		moves := false
		for _, p := range enc {
			if r.newOf[p.id] != p.id {
				moves = true
			}
			if q := r.newOf[p.id]; q >= 0 {
				want = append(want, posting{q, p.w})
			}
		}
		want = append(want, add...)
		slices.SortFunc(want, func(a, b posting) int { return int(a.id - b.id) })
		got, _, err := r.rewrite(encodePostings(enc), add, nil)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		sorted, _, err := r.rewriteSorted(encodePostings(enc), add, nil)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		streamed, ok := r.stream(encodePostings(enc), add)
		if ok {
			streams++
		} else {
			streamed = got
		}
		if got != encodePostings(want) || sorted != got || streamed != got {
			t.Fatalf("seed %d: newOf %v, list %v, add %v:\n got %q\nwant %q (%v)\nrewriteSorted %q, stream %q", seed, r.newOf, enc, add, got, encodePostings(want), want, sorted, streamed)
		}
		if m := r.moves(encodePostings(enc)); m != moves {
			t.Fatalf("seed %d: newOf %v, list %v: moves %v, want %v", seed, r.newOf, enc, m, moves)
		}
	}
	if streams < 50 {
		t.Errorf("stream rewrote %d lists of 300, want at least 50", streams)
	}
}

// identityMove returns 0..n-1 with one number moved elsewhere.
func identityMove(n int, rng *rand.Rand) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	from, to := rng.IntN(n), rng.IntN(n)
	v := p[from]
	p = slices.Delete(p, from, from+1)
	return slices.Insert(p, to, v)
}
