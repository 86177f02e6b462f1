package resolve

import "sort"

// Related briefs come from inverted indexes: for each feature (a source, an
// actor, a domain), the briefs having it, in brief number order, which is
// newest first. For a brief a, the score of another brief b is the sum of
// the weights of the features they share, plus weightLink when either links
// to the other.
//
// Walking every posting list of every feature of a costs, over the whole
// book, the sum of the squares of the list lengths. That is fine for rare
// sources and actors, and hopeless for the few actors named in a third of
// 100,000 briefs, or a domain covering a tenth of them. So lists are split:
//
//   - A small list (at most largeList briefs) is walked in full. Scores are
//     accumulated in a dense []int32 indexed by brief number, with a list of
//     the briefs touched, so nothing is allocated or cleared per brief
//     beyond what was touched. Linked briefs are added the same way.
//   - A large list is walked only over the window of briefs nearest to a in
//     date: brief numbers a-window to a+window (shifted to stay inside the
//     book). Every large list is walked over the same window, so the score
//     of a brief inside the window is exact.
//   - A brief outside the window that a small list or a link touched gets
//     its score from a's large lists by testing their bitsets, so its score
//     is exact too.
//
// So every score offered is exact, and the only briefs never considered are
// those outside the window sharing nothing but very common features with a.
// When the tenth best score is at least the sum of the weights of a's large
// lists, no such brief could have ranked, and Related is exact; in books of
// at most 2*window+1 briefs, or with no large list, it always is. Otherwise,
// among briefs related to a only through very common actors, sources and
// domains, those closest in date are preferred, which suits a briefing book.
//
// The work per brief is bounded by its small lists, plus about 2*window
// postings per large list, plus a bitset test per large list for each brief
// touched outside the window.

// relatedLimit is the number of related briefs kept per brief, chosen
// from the relatedCandidates best by preferUnlinked (order.go).
const (
	relatedLimit      = 5
	relatedCandidates = 2 * relatedLimit
)

// Weights of what two briefs share, for Related.
const (
	weightSource = 3
	weightActor  = 2
	weightDomain = 1
	weightLink   = 1
)

var (
	// largeList is the length above which a posting list is large.
	largeList = 128
	// window is the half-width, in briefs, of the window over which large
	// lists are walked.
	window = 256
)

// relater computes related briefs. Briefs and features are numbered; brief
// numbers follow Book.Briefs, newest first.
type relater struct {
	weights []int32   // weight of each feature
	posting [][]int32 // briefs having each feature, ascending
	bits    [][]uint64
	byBrief [][]int32 // features of each brief
	links   [][]int32 // briefs each brief links to or is linked from

	// Scratch space reused for every brief.
	score   []int32 // score by brief number; 0 for briefs not touched
	touched []int32
	large   []int32 // large features of the current brief
}

// newRelater indexes n briefs whose features are byBrief, with the given
// feature weights and links.
func newRelater(n int, weights []int32, byBrief, links [][]int32) *relater {
	rl := &relater{
		weights: weights,
		posting: make([][]int32, len(weights)),
		bits:    make([][]uint64, len(weights)),
		byBrief: byBrief,
		links:   links,
		score:   make([]int32, n),
	}
	// Count first, then fill one array: no list grows.
	count := make([]int32, len(weights)+1)
	total := 0
	for _, fs := range byBrief {
		for _, f := range fs {
			count[f+1]++
		}
		total += len(fs)
	}
	for f := range weights {
		count[f+1] += count[f]
	}
	flat := make([]int32, total)
	for f := range weights {
		rl.posting[f] = flat[count[f]:count[f]:count[f+1]]
	}
	for i, fs := range byBrief {
		for _, f := range fs {
			rl.posting[f] = append(rl.posting[f], int32(i))
		}
	}
	for f, p := range rl.posting {
		if len(p) <= largeList {
			continue
		}
		bs := make([]uint64, (n+63)/64)
		for _, b := range p {
			bs[b>>6] |= 1 << (b & 63)
		}
		rl.bits[f] = bs
	}
	return rl
}

// fork returns a relater sharing rl's indexes with scratch space of its
// own, so that several goroutines can compute related briefs at once.
func (rl *relater) fork() *relater {
	c := *rl
	c.score = make([]int32, len(rl.score))
	c.touched, c.large = nil, nil
	return &c
}

// related returns the briefs most related to brief a, most related first.
func (rl *relater) related(a int32) []candidate {
	rl.large = rl.large[:0]
	for _, f := range rl.byBrief[a] {
		if rl.bits[f] != nil {
			rl.large = append(rl.large, f)
			continue
		}
		for _, b := range rl.posting[f] {
			rl.add(a, b, rl.weights[f])
		}
	}
	for _, b := range rl.links[a] {
		rl.add(a, b, weightLink)
	}
	lo, hi := rl.window(a)
	for _, f := range rl.large {
		p := rl.posting[f]
		for i := sort.Search(len(p), func(i int) bool { return p[i] >= lo }); i < len(p) && p[i] <= hi; i++ {
			rl.add(a, p[i], rl.weights[f])
		}
	}
	top := topList{limit: relatedCandidates}
	for _, b := range rl.touched {
		s := rl.score[b]
		if b < lo || b > hi {
			for _, f := range rl.large {
				if rl.bits[f][b>>6]&(1<<(b&63)) != 0 {
					s += rl.weights[f]
				}
			}
		}
		top.offer(candidate{n: b, score: s})
		rl.score[b] = 0
	}
	rl.touched = rl.touched[:0]
	return top.items
}

// window returns the first and last brief numbers of the window around a.
func (rl *relater) window(a int32) (lo, hi int32) {
	n := int32(len(rl.score))
	if int64(window)*2+1 >= int64(n) {
		return 0, n - 1
	}
	w := int32(window)
	lo, hi = a-w, a+w
	if lo < 0 {
		hi -= lo
		lo = 0
	}
	if hi >= n {
		lo -= hi - (n - 1)
		hi = n - 1
	}
	return max(lo, 0), hi
}

// add adds w to the score of brief b, unless b is a itself.
func (rl *relater) add(a, b, w int32) {
	if b == a {
		return
	}
	if rl.score[b] == 0 {
		rl.touched = append(rl.touched, b)
	}
	rl.score[b] += w
}

// candidate is a numbered brief or actor with its score.
type candidate struct {
	n     int32
	score int32
}

// better reports whether c ranks before d: higher score, then smaller number.
func (c candidate) better(d candidate) bool {
	if c.score != d.score {
		return c.score > d.score
	}
	return c.n < d.n
}

// topList keeps the best limit candidates offered, best first.
type topList struct {
	limit int
	items []candidate
}

// offer adds c if it has a positive score and ranks among the best.
func (t *topList) offer(c candidate) {
	if c.score <= 0 {
		return
	}
	n := len(t.items)
	if n == t.limit {
		if !c.better(t.items[n-1]) {
			return
		}
		n--
		t.items = t.items[:n]
	}
	t.items = append(t.items, c)
	for i := n; i > 0 && t.items[i].better(t.items[i-1]); i-- {
		t.items[i], t.items[i-1] = t.items[i-1], t.items[i]
	}
}

func (t *topList) full() bool { return len(t.items) == t.limit }

func (t *topList) last() candidate { return t.items[len(t.items)-1] }
