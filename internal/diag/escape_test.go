package diag

import (
	"bytes"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"content/briefs/gsomia.md", "content/briefs/gsomia.md"},
		{"한국 — ROK «x» עברית ﷺ", "한국 — ROK «x» עברית ﷺ"},
		{"\uFFFD kept", "\uFFFD kept"},
		// Issue 7: an escape sequence in a file name colours the terminal.
		{"content/briefs/\x1b[31mred.md", `content/briefs/\x1b[31mred.md`},
		// Issue 7: a title that sets the terminal's title and clears the screen.
		{"\x1b]0;pwned\x07\x1b[2J", `\x1b]0;pwned\x07\x1b[2J`},
		// Issue 7: a newline in a file name forging another diagnostic.
		{"a.md\nforged.md:1:1: error: x", `a.md\nforged.md:1:1: error: x`},
		{"tab\there\rCR\x00NUL\x7fDEL", `tab\there\rCR\x00NUL\x7fDEL`},
		{"C1 \u0085 \u009b", `C1 \u0085 \u009b`},
		{"bidi \u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c", `bidi \u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c`},
		{"sep \u2028\u2029", `sep \u2028\u2029`},
		{"bad \xff\xc3 bytes", `bad \xff\xc3 bytes`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPrintEscapes(t *testing.T) {
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{
			name: "path and message",
			d: Diagnostic{Path: "content/briefs/\x1b[31mred.md", Line: 1,
				Message: "title \x1b]0;pwned\x07\x1b[2J", Notes: []string{"note \u202eevil"}},
			want: `content/briefs/\x1b[31mred.md:1: error: title \x1b]0;pwned\x07\x1b[2J
  note: note \u202eevil
1 error, 0 warnings
`,
		},
		{
			name: "newline in a path forges no line",
			d:    Diagnostic{Path: "a.md\nforged.md:1:1: error: fake", Message: "m"},
			want: `a.md\nforged.md:1:1: error: fake: error: m
1 error, 0 warnings
`,
		},
		{
			name: "caret after escapes",
			d: Diagnostic{Path: "a.md", Line: 2, Col: 11, Len: 3,
				Message: "m", LineText: "title: \x1b]0bad"},
			want: `a.md:2:11: error: m
    2 | title: \x1b]0bad
      |              ^~~
1 error, 0 warnings
`,
		},
		{
			name: "underline over an escape and a tab",
			d: Diagnostic{Path: "a.md", Line: 3, Col: 2, Len: 3,
				Message: "m", LineText: "x\x07\ty|"},
			want: `a.md:3:2: error: m
    3 | x\x07    y|
      |  ^~~~~~~~~
1 error, 0 warnings
`,
		},
		{
			name: "caret past the end of the line",
			d:    Diagnostic{Path: "a.md", Line: 1, Col: 4, Len: 2, Message: "m", LineText: "\u202e"},
			want: `a.md:1:4: error: m
    1 | \u202e
      |         ^~
1 error, 0 warnings
`,
		},
		{
			name: "caret under Korean, Japanese and Chinese text, two columns a character",
			d:    Diagnostic{Path: "a.md", Line: 1, Col: 9, Len: 8, Message: "m", LineText: "한국어 텍스트 [[nope]]"},
			want: `a.md:1:9: error: m
    1 | 한국어 텍스트 [[nope]]
      |               ^~~~~~~~
1 error, 0 warnings
`,
		},
		{
			name: "a line longer than the terminal is cut around the column",
			d:    Diagnostic{Path: "a.md", Line: 7, Col: 201, Len: 3, Message: "m", LineText: strings.Repeat("a", 200) + "bad" + strings.Repeat("z", 10000)},
			want: "a.md:7:201: error: m\n    7 | …" + strings.Repeat("a", 40) + "bad" + strings.Repeat("z", 75) + "…\n      | " + strings.Repeat(" ", 41) + "^~~\n1 error, 0 warnings\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			Print(&buf, []Diagnostic{tt.d})
			if buf.String() != tt.want {
				t.Errorf("Print:\n%s\nwant:\n%s", buf.String(), tt.want)
			}
			if strings.ContainsAny(buf.String(), "\x1b\x07\r\u202e") {
				t.Errorf("Print wrote a control character: %q", buf.String())
			}
		})
	}
}
