package load

import (
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestReadForbiddenChars checks that every character HTML or XML forbids
// is reported at its position in every text file, as NUL is (issue 10).
func TestReadForbiddenChars(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		content string
		diags   []string
	}{
		{"U+0001, U+000B and U+001B in a body", Brief, "---\ntitle: T\n---\na\x01b\nc\x0bd \x1b[31m\n", []string{
			"f:4:2: error: control character U+0001: HTML and XML forbid it",
			"f:5:2: error: control character U+000B: HTML and XML forbid it",
			"f:5:5: error: control character U+001B: HTML and XML forbid it",
		}},
		{"DEL, C1 and form feed", Config, "a\x7f\u0085\f\n", []string{
			"f:1:2: error: control character U+007F: HTML and XML forbid it",
			"f:1:3: error: control character U+0085: HTML and XML forbid it",
			"f:1:4: error: control character U+000C: HTML and XML forbid it",
		}},
		{"noncharacters", Actor, "한\uffff\ufdd0 \U0010FFFE", []string{
			"f:1:2: error: noncharacter U+FFFF: HTML and XML forbid it",
			"f:1:3: error: noncharacter U+FDD0: HTML and XML forbid it",
			"f:1:5: error: noncharacter U+10FFFE: HTML and XML forbid it",
		}},
		{"in a template", Template, "<p>\x08</p>", []string{"f:1:4: error: control character U+0008: HTML and XML forbid it"}},
		{"ten reported, the rest counted", Bibliography, strings.Repeat("\x01", 13), []string{
			"f:1:1: error: 3 more forbidden characters in this file",
			"f:1:1: error: control character U+0001: HTML and XML forbid it",
			"f:1:2: error: control character U+0001: HTML and XML forbid it",
			"f:1:3: error: control character U+0001: HTML and XML forbid it",
			"f:1:4: error: control character U+0001: HTML and XML forbid it",
			"f:1:5: error: control character U+0001: HTML and XML forbid it",
			"f:1:6: error: control character U+0001: HTML and XML forbid it",
			"f:1:7: error: control character U+0001: HTML and XML forbid it",
			"f:1:8: error: control character U+0001: HTML and XML forbid it",
			"f:1:9: error: control character U+0001: HTML and XML forbid it",
			"f:1:10: error: control character U+0001: HTML and XML forbid it",
		}},
		{"tab, newline, carriage return and other characters allowed", Brief, "a\tb\r\nc\u00a0\ufeff\ufffd\U0001F600", nil},
		{"static files not checked", Static, "\x01\uffff", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{"f": tt.content})
			var d diag.List
			got := Read(root, File{Path: "f", Kind: tt.kind}, &d)
			if g, w := strings.Join(diagStrings(&d), "\n"), strings.Join(tt.diags, "\n"); g != w {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", g, w)
			}
			if (got == nil) != (len(tt.diags) > 0) {
				t.Errorf("Read = %q with %d diagnostics", got, len(tt.diags))
			}
		})
	}
}
