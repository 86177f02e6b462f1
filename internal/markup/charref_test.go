package markup

import (
	"reflect"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestCharRefs checks that character references to characters HTML and
// XML forbid are reported like the characters themselves (issue 10).
func TestCharRefs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a &#1; b &#x1b; c &#X7F; d &#xFFFF; e &#x85; f &#12;", []string{
			"b.md:1:3: error: character reference &#1; stands for the control character U+0001: HTML and XML forbid it",
			"b.md:1:10: error: character reference &#x1b; stands for the control character U+001B: HTML and XML forbid it",
			"b.md:1:19: error: character reference &#X7F; stands for the control character U+007F: HTML and XML forbid it",
			"b.md:1:28: error: character reference &#xFFFF; stands for the noncharacter U+FFFF: HTML and XML forbid it",
			"b.md:1:39: error: character reference &#x85; stands for the control character U+0085: HTML and XML forbid it",
			"b.md:1:48: error: character reference &#12; stands for the control character U+000C: HTML and XML forbid it",
		}},
		{"# T &#8;\n\n*x&#x10FFFF;*", []string{
			"b.md:1:5: error: character reference &#8; stands for the control character U+0008: HTML and XML forbid it",
			"b.md:3:3: error: character reference &#x10FFFF; stands for the noncharacter U+10FFFF: HTML and XML forbid it",
		}},
		// Not reported: allowed characters, NUL (U+FFFD), escaped or in code,
		// not references at all.
		{"&#9; &#10; &#13; &#32; &#xA0; &#0; &#xFFFD; &#x1F600;", nil},
		{"\\&#1; `&#1;` &#1 &#;  &#x; &#12345678; &#x1234567;\n\n    &#1;", nil},
	}
	for _, tt := range tests {
		var d diag.List
		Convert("b.md", []byte(tt.in), 0, &d)
		var got []string
		for _, x := range d.Sorted() {
			got = append(got, x.String())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
