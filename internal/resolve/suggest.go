package resolve

import "fmt"

// suggest returns "; did you mean "x"?" when one of candidates (sorted) is
// close to s, or "". Close means a Levenshtein distance of at most
// max(2, len(s)/3) characters; the closest candidate wins, and the first in
// order among equally close ones.
func suggest(s string, candidates []string) string {
	if best := closest(s, candidates); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// closest returns the candidate closest to s within the distance allowed by
// suggest, or "".
func closest(s string, candidates []string) string {
	a := []rune(s)
	limit := max(2, len(a)/3)
	best, bestDist := "", limit+1
	var row []int
	for _, c := range candidates {
		if c == s || c == "" {
			continue
		}
		b := []rune(c)
		if abs(len(a)-len(b)) >= bestDist {
			continue
		}
		var d int
		d, row = levenshtein(a, b, row)
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// levenshtein returns the edit distance between a and b, reusing row as
// scratch space.
func levenshtein(a, b []rune, row []int) (int, []int) {
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
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			prev = cur
		}
	}
	return row[len(b)], row
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
