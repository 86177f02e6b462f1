package diag

import (
	"bytes"
	"strings"
	"testing"
)

func TestPosition(t *testing.T) {
	src := []byte("---\ntitle: 한국\n---\nbody [[x]]\n")
	tests := []struct {
		offset      int
		line, col   int
		description string
	}{
		{0, 1, 1, "start"},
		{4, 2, 1, "start of line 2"},
		{11, 2, 8, "after a two-rune Korean word, columns count characters"},
		{bytes.Index(src, []byte("[[")), 4, 6, "wikilink in the body"},
		{len(src) + 10, 5, 1, "past the end"},
		{-3, 1, 1, "negative"},
	}
	for _, tt := range tests {
		line, col := Position(src, tt.offset)
		if line != tt.line || col != tt.col {
			t.Errorf("%s: Position(%d) = %d:%d, want %d:%d", tt.description, tt.offset, line, col, tt.line, tt.col)
		}
	}
}

func TestLineText(t *testing.T) {
	src := []byte("one\r\ntwo\nthree\xff")
	for n, want := range map[int]string{1: "one", 2: "two", 3: "three\uFFFD", 4: ""} {
		if got := LineText(src, n); got != want {
			t.Errorf("LineText(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPrint(t *testing.T) {
	var l List
	src := []byte("---\ntitle: x\n---\nSee [[gsomai]] now.\n")
	l.Warnf("b.md", nil, 0, 0, 0, "actor %q has no profile", "Huawei")
	l.Errorf("a.md", src, 4, 5, 10, "unknown brief %q in wikilink; did you mean %q?", "gsomai", "gsomia")
	if !l.HasErrors() || l.Len() != 2 {
		t.Fatalf("HasErrors = %v, Len = %d", l.HasErrors(), l.Len())
	}
	var buf bytes.Buffer
	Print(&buf, l.Sorted())
	want := `a.md:4:5: error: unknown brief "gsomai" in wikilink; did you mean "gsomia"?
    4 | See [[gsomai]] now.
      |     ^~~~~~~~~~
b.md: warning: actor "Huawei" has no profile
1 error, 1 warning
`
	if buf.String() != want {
		t.Errorf("Print:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestWarningsOnlyHaveNoErrors(t *testing.T) {
	var l List
	l.Warnf("x.md", nil, 1, 1, 1, "w")
	if l.HasErrors() {
		t.Error("a warning counted as an error")
	}
}

// TestQuoteLongLine checks that a diagnostic on a line longer than
// MaxQuotedLine bytes does not copy it, and one on a shorter line does: a
// line of thousands of broken links would otherwise be held once per
// problem on it.
func TestQuoteLongLine(t *testing.T) {
	long := strings.Repeat("[[nope]] ", MaxQuotedLine/9+1)
	src := []byte("short line\r\n" + long + "\nlast")
	for _, tc := range []struct {
		line int
		want string
	}{
		{1, "short line"},
		{2, ""},
		{3, "last"},
		{4, ""},
	} {
		if got := New(Error, "a.md", src, tc.line, 1, 1, "m").LineText; got != tc.want {
			t.Errorf("line %d: LineText = %q, want %q", tc.line, got, tc.want)
		}
	}
	if got := LineText(src, 2); got != long {
		t.Errorf("LineText(2) has %d bytes, want the whole line (%d)", len(got), len(long))
	}
}

// TestLinesQuote checks that Lines.Quote gives what Quote gives for every
// line of texts with and without a final newline, CRLF endings, invalid
// UTF-8 and a line too long to quote, and for lines past the end.
func TestLinesQuote(t *testing.T) {
	long := strings.Repeat("x", MaxQuotedLine+1)
	for _, src := range []string{
		"", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n", "ok\n\xff\xfe\n" + long + "\nend",
	} {
		l := NewLines([]byte(src))
		for n := 1; n <= strings.Count(src, "\n")+2; n++ {
			if got, want := l.Quote(n), Quote([]byte(src), n); got != want {
				t.Errorf("%q line %d: Lines.Quote %q, Quote %q", src, n, got, want)
			}
		}
	}
	if got := NewLines(nil).Quote(1); got != "" {
		t.Errorf("nil text: %q", got)
	}
}

// TestSourcesQuote checks that Sources quotes the file's current content:
// a new version of a file (a new slice) is indexed again.
func TestSourcesQuote(t *testing.T) {
	files := map[string][]byte{"a.md": []byte("one\ntwo\n")}
	s := NewSources(func(p string) []byte { return files[p] })
	if got := s.Quote("a.md", 2); got != "two" {
		t.Fatalf("line 2: %q", got)
	}
	files["a.md"] = []byte("uno\ndos\n")
	if got := s.Quote("a.md", 2); got != "dos" {
		t.Fatalf("line 2 after the file changed: %q", got)
	}
	if got := s.Quote("b.md", 1); got != "" {
		t.Fatalf("unknown file: %q", got)
	}
	if got := NewSources(nil).New(Error, "a.md", 1, 1, 0, "m"); got.LineText != "" || got.Line != 1 {
		t.Fatalf("no reader: %+v", got)
	}
}

// TestPrintAfterInvalidUTF8 checks that each byte of invalid UTF-8 is quoted
// as a U+FFFD of its own, so that the caret of a column found by Position
// (which counts each such byte as a character) stays under its character:
// the "\xff\xfe" of a UTF-16 file became one U+FFFD, and the caret of the
// NUL byte after it sat under the next character.
func TestPrintAfterInvalidUTF8(t *testing.T) {
	src := []byte("\xff\xfe-\x00-\x00-\x00\n\x00")
	line, col := Position(src, bytes.IndexByte(src, 0))
	var l List
	l.Errorf("u.md", src, line, col, 1, "NUL byte")
	var buf bytes.Buffer
	Print(&buf, l.Sorted())
	want := `u.md:1:4: error: NUL byte
    1 | ��-\x00-\x00-\x00
      |    ^~~~
1 error, 0 warnings
`
	if buf.String() != want {
		t.Errorf("Print:\n%s\nwant:\n%s", buf.String(), want)
	}
	for _, tt := range []struct{ in, want string }{
		{"a\xff\xfe\xfdb", "a\uFFFD\uFFFD\uFFFDb"},
		{"\xe2\x82", "\uFFFD\uFFFD"}, // a cut sequence: two bytes, two characters
		{"ok 한", "ok 한"},
	} {
		if got := LineText([]byte(tt.in), 1); got != tt.want {
			t.Errorf("LineText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, want := len([]rune(LineText([]byte(tt.in), 1))), len([]rune(tt.in)); got != want {
			t.Errorf("LineText(%q) has %d characters, Position counts %d", tt.in, got, want)
		}
	}
}
