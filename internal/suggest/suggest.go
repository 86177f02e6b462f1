// Package suggest finds the name a mistyped one was probably meant to be,
// for "did you mean" hints: command names, flags and configuration keys.
package suggest

// Closest returns the candidate closest to s by Levenshtein distance
// (counted in characters), or "" when none is close: close means a distance
// of at most max(2, len(s)/3) characters, and never s itself. Among equally
// close candidates the first in order wins.
func Closest(s string, candidates []string) string {
	a := []rune(s)
	limit := max(2, len(a)/3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == s || c == "" {
			continue
		}
		if d := distance(a, []rune(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance returns the Levenshtein distance between a and b.
func distance(a, b []rune) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0]
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
	return row[len(b)]
}
