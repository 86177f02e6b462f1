// Package chars says which characters briefbook refuses in text: those an
// HTML page or an XML feed or sitemap cannot hold.
//
// The rule combines the HTML standard's parse errors for the input stream
// ("control-character-in-input-stream", "noncharacter-in-input-stream",
// which the W3C checker reports as "forbidden code point") with XML 1.0's
// Char production, so that one text is valid in every output:
//
//   - C0 control characters, U+0000 to U+001F, except tab, line feed and
//     carriage return (so form feed, allowed in HTML, is refused for XML);
//   - DEL, U+007F, and the C1 control characters, U+0080 to U+009F;
//   - noncharacters: U+FDD0 to U+FDEF, and the last two code points of
//     every plane (U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF).
//
// Surrogates cannot occur in valid UTF-8, which the loader checks first.
package chars

import (
	"fmt"
	"unicode/utf8"
)

// Forbidden reports whether r is a character briefbook refuses in text.
func Forbidden(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r < 0x7f:
		return false
	case r <= 0x9f:
		return true
	case r >= 0xfdd0 && r <= 0xfdef:
		return true
	}
	return r&0xfffe == 0xfffe && r <= utf8.MaxRune
}

// Index returns the byte offset of the first forbidden character in b,
// which must be valid UTF-8, or -1. It decodes only the bytes that can
// start a forbidden character, so text without them is scanned at the
// speed of a byte loop.
func Index(b []byte) int {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return i
			}
		case c == 0x7f:
			return i
		case c == 0xc2, c == 0xef, c >= 0xf0:
			if r, _ := utf8.DecodeRune(b[i:]); Forbidden(r) {
				return i
			}
		}
	}
	return -1
}

// IndexString is Index for a string.
func IndexString(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return i
			}
		case c == 0x7f:
			return i
		case c == 0xc2, c == 0xef, c >= 0xf0:
			if r, _ := utf8.DecodeRuneInString(s[i:]); Forbidden(r) {
				return i
			}
		}
	}
	return -1
}

// Describe names r for a message: "control character U+001B" or
// "noncharacter U+FFFF".
func Describe(r rune) string {
	if r < 0xa0 {
		return fmt.Sprintf("control character U+%04X", r)
	}
	return fmt.Sprintf("noncharacter U+%04X", r)
}
