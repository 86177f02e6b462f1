package diag

import (
	"bytes"
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
