// Package suggest finds the name a mistyped one was probably meant to be,
// for "did you mean" hints: unknown wikilink targets, actors and domains,
// command names, flags and configuration keys. Distances count characters
// (runes), not bytes.
package suggest

import (
	"unicode"
	"unicode/utf8"
)

// Closest returns the candidate closest to s, or "". Close means a
// Levenshtein distance of at most max(2, len(s)/3) characters; an empty s
// has no close candidate (an empty name is not a typo of a short one).
// The closest candidate wins; among equally close ones, the one closer in
// form (see [closerForm]), and then the first in order.
func Closest(s string, candidates []string) string {
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
		if abs(len(a)-utf8.RuneCountInString(c)) > bestDist {
			continue // too long or short, told without making its runes
		}
		b := []rune(c)
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
