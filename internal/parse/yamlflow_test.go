package parse

import "testing"

// TestUnclosedFlow checks which brackets open a YAML flow collection, and
// that a closed one, on one line or several, is not reported.
func TestUnclosedFlow(t *testing.T) {
	for _, tc := range []struct {
		src        string
		upto       int
		line, col  int
		bracket    byte
		wantReport bool
	}{
		{"title: [broken\ndate: 2021\n", 2, 1, 8, '[', true},
		{"title: Japan [draft]\ndate: 2021\n", 2, 0, 0, 0, false},
		{"title: Japan [draft\ndate: 2021\n", 2, 0, 0, 0, false}, // text, not a list
		{"actors: [Japan,\n  Korea]\ndate: 2021\n", 3, 0, 0, 0, false},
		{"actors:\n  - [a, b\n", 2, 2, 5, '[', true},
		{"a: {b: [c, d], e: f\n", 1, 1, 4, '{', true},
		{"a: [\"x]\", y\n", 1, 1, 4, '[', true},    // a bracket in quotes is text
		{"a: [x] # [comment\n", 1, 0, 0, 0, false}, // and in a comment
		{"a: [x\nb: [y]\n", 1, 1, 4, '[', true},
		{"a: 'it''s [x'\n", 1, 0, 0, 0, false},
		{"a: \"unclosed [\n", 1, 0, 0, 0, false}, // an unclosed quote is reported apart
		{"a: [é, [b\n", 1, 1, 8, '[', true},      // columns count characters
	} {
		line, col, br, ok := unclosedFlow([]byte(tc.src), tc.upto)
		if ok != tc.wantReport || line != tc.line || col != tc.col || br != tc.bracket {
			t.Errorf("unclosedFlow(%q, %d) = %d, %d, %q, %v; want %d, %d, %q, %v", tc.src, tc.upto, line, col, br, ok, tc.line, tc.col, tc.bracket, tc.wantReport)
		}
	}
}
