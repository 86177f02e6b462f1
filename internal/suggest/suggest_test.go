package suggest

import (
	"math/rand/v2"
	"testing"
)

func TestClosest(t *testing.T) {
	commands := []string{"build", "serve", "check", "new", "version", "help"}
	for _, tc := range []struct {
		s          string
		candidates []string
		want       string
	}{
		{"biuld", commands, "build"},
		{"serv", commands, "serve"},
		{"chekc", commands, "check"},
		{"build", commands, ""}, // itself is no suggestion
		{"deploy", commands, ""},
		{"ouput", []string{"source", "output", "base-url", "drafts"}, "output"},
		{"languag", []string{"title", "description", "baseURL", "language"}, "language"},
		{"titel", []string{"title", "description", "baseURL", "language"}, "title"},
		{"x", nil, ""},
		{"", []string{"a"}, ""}, // an empty name is not a typo of a short one
	} {
		if got := Closest(tc.s, tc.candidates); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestLevenshteinCutoff checks, on seeded random strings, that the distance
// with a cutoff is the full distance when it is at most the cutoff, and
// cutoff+1 otherwise.
func TestLevenshteinCutoff(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	word := func() []rune {
		r := make([]rune, rng.IntN(12))
		for i := range r {
			r[i] = rune('a' + rng.IntN(4))
		}
		return r
	}
	for range 2000 {
		a, b := word(), word()
		full, _ := levenshtein(a, b, nil, len(a)+len(b))
		for cutoff := range 8 {
			got, _ := levenshtein(a, b, nil, cutoff)
			if want := min(full, cutoff+1); got != want {
				t.Fatalf("levenshtein(%q, %q, cutoff %d) = %d, want %d (full %d)", string(a), string(b), cutoff, got, want, full)
			}
		}
	}
}
