package suggest

import "testing"

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
		{"", []string{"a"}, "a"},
	} {
		if got := Closest(tc.s, tc.candidates); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
