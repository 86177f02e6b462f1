package parse

import (
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestEscapedForbiddenChars checks that characters HTML and XML forbid,
// written as YAML or TOML escapes, are reported in every field, item and
// key, in briefs, the configuration and the bibliography (issue 10).
func TestEscapedForbiddenChars(t *testing.T) {
	tests := []struct {
		name  string
		parse func(src []byte, d *diag.List)
		src   string
		diags []string
	}{
		{"YAML escapes in a brief", func(src []byte, d *diag.List) { Brief(briefPath, src, d) },
			"---\ntitle: \"a\\x0f\\e\"\nsummary: 'ok'\ndate: 2021-04-06\ndomain: cyber\nauthors: [A, \"\\b\"]\n\"k\\u0001\": 1\n---\nx\n",
			[]string{
				`2:8: error: field "title" holds characters that HTML and XML forbid, written as escapes: control character U+000F and control character U+001B`,
				`6:14: error: item 2 of field "authors" holds a character that HTML and XML forbid, written as an escape: control character U+0008`,
				`7:1: error: key "k\x01" holds a character that HTML and XML forbid, written as an escape: control character U+0001`,
			}},
		{"YAML NUL and noncharacter", func(src []byte, d *diag.List) { Brief(briefPath, src, d) },
			"---\ntitle: \"a\\0\"\nsummary: \"\\uFFFF \\U0010FFFF \\x85\"\ndate: 2021-04-06\ndomain: cyber\n---\n",
			[]string{
				`2:8: error: field "title" holds a character that HTML and XML forbid, written as an escape: control character U+0000`,
				`3:10: error: field "summary" holds characters that HTML and XML forbid, written as escapes: noncharacter U+FFFF, noncharacter U+10FFFF and control character U+0085`,
			}},
		{"TOML escapes", func(src []byte, d *diag.List) { Brief(briefPath, src, d) },
			"+++\ntitle = \"a\\u001b\"\ndate = 2021-04-06\ndomain = [\"cyber\", \"\\u007f\"]\n+++\n",
			[]string{
				`2:9: error: field "title" holds a character that HTML and XML forbid, written as an escape: control character U+001B`,
				`4:10: error: domain "\x7f" has no letters or digits`,
				`4:10: error: item 2 of field "domain" holds a character that HTML and XML forbid, written as an escape: control character U+007F`,
			}},
		{"configuration", func(src []byte, d *diag.List) { Config("briefbook.yaml", src, d) },
			"title: \"Book\\x1b[31m\"\n",
			[]string{`1:8: error: field "title" holds a character that HTML and XML forbid, written as an escape: control character U+001B`}},
		{"bibliography", func(src []byte, d *diag.List) { Bibliography("content/sources.yaml", src, d) },
			"a:\n  title: \"T\\x01\"\n",
			[]string{`2:10: error: field "title" holds a character that HTML and XML forbid, written as an escape: control character U+0001`}},
		{"allowed escapes", func(src []byte, d *diag.List) { Brief(briefPath, src, d) },
			"---\ntitle: \"a\\tb\\u00a0\\uFFFD\\U0001F600\"\ndate: 2021-04-06\ndomain: cyber\n---\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			tt.parse([]byte(tt.src), &d)
			checkDiags(t, &d, tt.diags)
		})
	}
}
