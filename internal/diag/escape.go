package diag

import (
	"unicode"

	"fmt"
	"golang.org/x/text/width"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every character that could act on a terminal, or
// make a printed line look like something else, replaced by a visible Go
// escape: C0 control characters (U+0000–U+001F, so also newline and tab),
// DEL (U+007F) and C1 control characters (U+0080–U+009F) as \x1b, \n, \t,
// \x7f or \u009b; the Unicode bidirectional controls (U+061C, U+200E,
// U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph
// separators (U+2028, U+2029) as \u202e; and each byte that is not part of
// valid UTF-8 as \xff. Everything else, including non-Latin letters and
// right-to-left scripts, is kept as it is.
//
// File names, titles, slugs and other values from a site end up in
// diagnostics and error messages; [Print] and [Diagnostic.String] escape
// what they print with Escape, and so should anything else that prints such
// text to a terminal. Without it a file named "\x1b]0;x\x07" would set the
// terminal's title, and a file name holding a newline could print a line
// that looks like a diagnostic of another file.
func Escape(s string) string {
	i := 0
	for i < len(s) {
		e, n := escapeAt(s, i)
		if e != "" {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		e, n := escapeAt(s, i)
		if e == "" {
			e = s[i : i+n]
		}
		b.WriteString(e)
		i += n
	}
	return b.String()
}

// escapeAt decodes the character at byte offset i of s and returns the
// escape that Escape writes for it, or "" if it is printed as it is, and
// its length in bytes.
func escapeAt(s string, i int) (string, int) {
	r, n := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && n == 1:
		return fmt.Sprintf(`\x%02x`, s[i]), n
	case r == '\n':
		return `\n`, n
	case r == '\t':
		return `\t`, n
	case r == '\r':
		return `\r`, n
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r), n
	case r >= 0x80 && r <= 0x9f, bidiControl(r), r == 0x2028, r == 0x2029:
		return fmt.Sprintf(`\u%04x`, r), n
	}
	return "", n
}

// bidiControl reports whether r is one of Unicode's explicit bidirectional
// formatting characters (Unicode Standard Annex #9, section 2), which can
// make a line display in an order other than the one it is read in.
func bidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// quoteLine returns line, a line of a source file, as Print shows it, one
// piece per character: tabs expanded to four spaces and other characters
// escaped as by [Escape]. It also returns how many terminal columns each
// piece takes, so that a caret can be put under it: two for the wide
// characters of Korean, Japanese and Chinese (Unicode's East Asian Width,
// UAX #11), none for a combining mark, one otherwise.
func quoteLine(line string) (pieces []string, widths []int) {
	for i := 0; i < len(line); {
		e, n := escapeAt(line, i)
		switch {
		case line[i] == '\t':
			e = "    "
		case e == "":
			e = line[i : i+n]
		}
		pieces = append(pieces, e)
		widths = append(widths, columns(e))
		i += n
	}
	return pieces, widths
}

// columns returns how many terminal columns s takes (see quoteLine).
func columns(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
