package resolve

import "slices"

// After an edit, most of the briefs whose Related relateRenamed computes
// again are there only because their window holds a changed brief: the
// brief added, removed, moved by its date or renamed to another place, or
// whose features changed. For such a brief a (itself unchanged, sharing
// no list of at most largeList+2*maxIncremental briefs with a changed
// brief, linked with none), the briefs related() considers and their
// scores change only by a few:
//
//   - S, the briefs related() considers for a, are those with a positive
//     score that are in a's window, or share one of a's small lists, or
//     are linked with a (related.go). Scores are exact: the sum of the
//     weights of the features both have, plus weightLink when linked.
//   - A kept brief (in both memos, with the same date and features; its
//     links may have changed, but not with a, whose links did not) has
//     the same score for a before and after, and the same small lists
//     of a and links say whether it is considered outside the window:
//     a's lists neither hold a changed brief nor cross the largeList
//     bound (Memo.mark keeps those briefs on the full path). Kept
//     briefs keep their order (Book.Briefs orders by date and slug,
//     which they keep; the renamed brief is kept only between the same
//     neighbours), so ties between them go the same way.
//   - So S changes only by the changed briefs, and by the kept briefs
//     that enter or leave a's window as the numbers shift (shift.moved).
//
// Let C be a's old candidates. A kept brief t in S before and after, not
// in C, ranked below every member of C before, and so below every kept
// member of C now. Hence, with C' the members of C still in S and kept,
// and X the changed briefs in S now and the kept briefs that entered S,
// the new candidates are the best relatedCandidates of C' and X, provided
// no unseen t could rank among them: when C held fewer than
// relatedCandidates briefs (S was C), or when C' is all of C, or when the
// list is full and its last is a member of C' or scores above C's last's
// old score (t scored at most that). Otherwise related() runs as before.

// shift is what relateRenamed knows of the briefs of prev and m, for
// computing the Related of a brief from its old list (see above).
type shift struct {
	prev               *Memo
	rl                 *relater // m's indexes
	dirty              []bool   // briefs of m whose Related is computed afresh
	near               []bool   // briefs of m whose window holds a changed brief
	newToOld, oldToNew []int32  // -1 where a brief is in only one memo
	changedOld         []bool   // by prev's numbers: changed or removed
	changedNew         []int32  // m's numbers of the changed or added briefs, ascending
	// rankOld and rankNew hold, for each number of prev and m and one
	// past the last, how many kept briefs come before it; kept holds
	// the m number of each kept brief, by rank.
	rankOld, rankNew, kept []int32
}

// newShift returns the shift between prev and m for the changed briefs
// given (ascending m numbers; prev numbers, with the removed briefs), or
// nil when the kept briefs do not keep their order.
func newShift(prev, m *Memo, newToOld, oldToNew, changedNew, changedOld []int32) *shift {
	s := &shift{prev: prev, rl: m.rl, newToOld: newToOld, oldToNew: oldToNew, changedNew: changedNew}
	s.changedOld = make([]bool, prev.n)
	for _, j := range changedOld {
		s.changedOld[j] = true
	}
	s.rankNew = make([]int32, m.n+1)
	s.kept = make([]int32, 0, m.n)
	c := 0
	for i := range m.n {
		if c < len(changedNew) && changedNew[c] == int32(i) {
			c++
		} else {
			s.kept = append(s.kept, int32(i))
		}
		s.rankNew[i+1] = int32(len(s.kept))
	}
	s.rankOld = make([]int32, prev.n+1)
	for j := range prev.n {
		r := s.rankOld[j]
		if !s.changedOld[j] {
			if int(r) >= len(s.kept) || s.kept[r] != oldToNew[j] {
				return nil
			}
			r++
		}
		s.rankOld[j+1] = r
	}
	if int(s.rankOld[prev.n]) != len(s.kept) {
		return nil
	}
	return s
}

// moved appends to enter the m numbers of the kept briefs in brief a's
// window in m but not in prev, and to leave those in it in prev but not
// in m. a is a kept brief, numbered as in m.
func (s *shift) moved(a int32, enter, leave []int32) ([]int32, []int32) {
	lo, hi := s.prev.rl.window(s.newToOld[a])
	o0, o1 := s.rankOld[lo], s.rankOld[hi+1]
	lo, hi = s.rl.window(a)
	n0, n1 := s.rankNew[lo], s.rankNew[hi+1]
	add := func(dst []int32, from, to int32) []int32 {
		for r := from; r < to; r++ {
			dst = append(dst, s.kept[r])
		}
		return dst
	}
	enter = add(enter, n0, min(n1, o0))
	enter = add(enter, max(n0, o1), n1)
	leave = add(leave, o0, min(o1, n0))
	leave = add(leave, max(o0, n1), o1)
	return enter, leave
}

// related returns the new candidates of brief a (m's number) appended to
// dst, from its old list, and false when they cannot be told from it (see
// above); then related() must run.
func (s *shift) related(a int32, dst []int32) ([]int32, bool) {
	j := s.newToOld[a]
	old := s.prev.related[j]
	lo, hi := s.rl.window(a)
	var buf [relatedCandidates]candidate
	top := topList{limit: relatedCandidates, items: buf[:0]}
	var keptOld [relatedCandidates]int32
	nk := 0
	for _, o := range old {
		if s.changedOld[o] {
			continue
		}
		b := s.oldToNew[o]
		sc, direct := s.rl.pair(a, b)
		if !direct && (b < lo || b > hi) { // left the window
			continue
		}
		top.offer(candidate{n: b, score: sc})
		keptOld[nk] = b
		nk++
	}
	// The changed briefs in the window: outside it, they would share a
	// small list with a or be linked with it, and a would be dirty.
	k, _ := slices.BinarySearch(s.changedNew, lo)
	for ; k < len(s.changedNew) && s.changedNew[k] <= hi; k++ {
		if b := s.changedNew[k]; b != a {
			sc, _ := s.rl.pair(a, b)
			top.offer(candidate{n: b, score: sc})
		}
	}
	var enterBuf [16]int32
	enter, _ := s.moved(a, enterBuf[:0], nil)
	for _, b := range enter {
		// Considered before too when it shares a small list or a link.
		if sc, direct := s.rl.pair(a, b); !direct && b != a {
			top.offer(candidate{n: b, score: sc})
		}
	}
	if nk < len(old) && len(old) == relatedCandidates {
		if !top.full() {
			return nil, false
		}
		last := top.last()
		if !slices.Contains(keptOld[:nk], last.n) {
			if sc, _ := s.prev.rl.pair(j, old[len(old)-1]); last.score <= sc {
				return nil, false
			}
		}
	}
	for _, c := range top.items {
		dst = append(dst, c.n)
	}
	if len(dst) == 0 {
		return nil, true
	}
	return dst, true
}

// pair returns the score of brief b for brief a, as related() gives it,
// and whether a considers b wherever b is: when b shares one of a's small
// lists or is linked with a.
func (rl *relater) pair(a, b int32) (score int32, direct bool) {
	for _, f := range rl.byBrief[a] {
		if bs := rl.bits[f]; bs != nil {
			if bs[b>>6]&(1<<(b&63)) != 0 {
				score += rl.weights[f]
			}
		} else if _, ok := slices.BinarySearch(rl.posting[f], b); ok {
			score += rl.weights[f]
			direct = true
		}
	}
	if slices.Contains(rl.links[a], b) {
		score += weightLink
		direct = true
	}
	return score, direct
}
