package chars

import (
	"testing"
	"unicode/utf8"
)

func TestForbidden(t *testing.T) {
	forbidden := []rune{0, 1, 8, 0x0b, 0x0c, 0x0e, 0x0f, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f,
		0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x1ffff, 0x10fffe, 0x10ffff}
	allowed := []rune{'\t', '\n', '\r', ' ', '~', 0xa0, 0xad, 0x200b, 0xfdcf, 0xfdf0, 0xfffd,
		0xfeff, 0x1fffd, 0x10000, 0x10fffd, '한', '日'}
	for _, r := range forbidden {
		if !Forbidden(r) {
			t.Errorf("Forbidden(%U) = false", r)
		}
		b := []byte("ab" + string(r) + "c")
		if got := Index(b); got != 2 {
			t.Errorf("Index(%q) = %d, want 2", b, got)
		}
		if got := IndexString(string(b)); got != 2 {
			t.Errorf("IndexString(%q) = %d, want 2", b, got)
		}
	}
	for _, r := range allowed {
		if Forbidden(r) {
			t.Errorf("Forbidden(%U) = true", r)
		}
		if got := Index([]byte("ab" + string(r))); got != -1 {
			t.Errorf("Index(%U) = %d, want -1", r, got)
		}
	}
	// Index agrees with Forbidden on every character.
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		if got := Index([]byte(string(r))) == 0; got != Forbidden(r) {
			t.Fatalf("Index and Forbidden disagree on %U", r)
		}
	}
}

func TestDescribe(t *testing.T) {
	for r, want := range map[rune]string{0x1b: "control character U+001B", 0x85: "control character U+0085", 0xffff: "noncharacter U+FFFF", 0x10ffff: "noncharacter U+10FFFF"} {
		if got := Describe(r); got != want {
			t.Errorf("Describe(%U) = %q, want %q", r, got, want)
		}
	}
}
