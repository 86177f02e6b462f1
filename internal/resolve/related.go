package resolve

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
//     beyond what was touched. Linked briefs are added the same way. These
//     touched briefs are the candidates.
//   - A large list gets a bitset. Each candidate's score from a's large
//     lists is added by testing the bitsets.
//   - A brief that was not touched (an outsider) can score only through a's
//     large lists, at most W, the sum of their weights. Outsiders are found
//     by merging a's large lists newest first. The merge stops as soon as the
//     fifth best score so far is at least W: every later outsider is older,
//     so it loses ties, and cannot score more than W. Up to this point the
//     answer is exact.
//   - The merge also stops after walkBudget postings. Then outsiders older
//     than the walked part are not considered: among briefs related to a
//     only through very common actors, sources and domains, the most recent
//     are preferred. In small books no list is large and Related is exact.
//
// The work per brief is bounded by the small lists of its features, plus its
// candidates times its large lists, plus walkBudget steps of the merge.

// relatedLimit is the number of related briefs kept per brief.
const relatedLimit = 5

// Weights of what two briefs share, for Related.
const (
	weightSource = 3
	weightActor  = 2
	weightDomain = 1
	weightLink   = 1
)

var (
	// largeList is the length above which a posting list is large.
	largeList = 1024
	// walkBudget is the number of merge steps over a brief's large lists
	// after which the search for outsiders stops.
	walkBudget = 1024
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
	pos     []int   // merge position in each of them
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

// related returns the numbers of the briefs most related to brief a, most
// related first.
func (rl *relater) related(a int32) []int32 {
	top := topList{limit: relatedLimit}
	rl.large = rl.large[:0]
	var most int32 // the best score an outsider can have
	for _, f := range rl.byBrief[a] {
		if rl.bits[f] != nil {
			rl.large = append(rl.large, f)
			most += rl.weights[f]
			continue
		}
		for _, b := range rl.posting[f] {
			rl.add(a, b, rl.weights[f])
		}
	}
	for _, b := range rl.links[a] {
		rl.add(a, b, weightLink)
	}
	for _, b := range rl.touched {
		s := rl.score[b]
		for _, f := range rl.large {
			if rl.bits[f][b>>6]&(1<<(b&63)) != 0 {
				s += rl.weights[f]
			}
		}
		top.offer(candidate{n: b, score: s})
	}
	if len(rl.large) > 0 {
		rl.outsiders(a, most, &top)
	}
	for _, b := range rl.touched {
		rl.score[b] = 0
	}
	rl.touched = rl.touched[:0]
	out := make([]int32, len(top.items))
	for i, c := range top.items {
		out[i] = c.n
	}
	return out
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

// outsiders offers to top the briefs that share only large features with a,
// merging a's large lists newest first (see the comment at the top).
func (rl *relater) outsiders(a, most int32, top *topList) {
	rl.pos = rl.pos[:0]
	for range rl.large {
		rl.pos = append(rl.pos, 0)
	}
	for step := 0; step < walkBudget; step++ {
		if top.full() && top.last().score >= most {
			return
		}
		next := int32(-1)
		for i, f := range rl.large {
			if p := rl.posting[f]; rl.pos[i] < len(p) && (next < 0 || p[rl.pos[i]] < next) {
				next = p[rl.pos[i]]
			}
		}
		if next < 0 {
			return
		}
		var s int32
		for i, f := range rl.large {
			if p := rl.posting[f]; rl.pos[i] < len(p) && p[rl.pos[i]] == next {
				s += rl.weights[f]
				rl.pos[i]++
			}
		}
		if next != a && rl.score[next] == 0 {
			top.offer(candidate{n: next, score: s})
		}
	}
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
