package scaffold

import (
	"fmt"
	"github.com/briefbook/briefbook/internal/chars"
	"strings"
	"unicode/utf8"
)

// Quote returns s as a YAML double-quoted scalar (YAML 1.2, section 7.3.1),
// which reads back as s whatever it holds: quotes, colons, "#", a leading
// "-", Unicode letters of any script. s must be valid UTF-8.
//
// Backslash and double quote are escaped, and so is every character that
// YAML does not allow in a document or that would be hard to see in an
// editor: C0 and C1 control characters and DEL (as \t, \n, \r, \e, \xNN,
// \N for U+0085), the line and paragraph separators (\L, \P), the byte
// order mark U+FEFF, U+FFFE and U+FFFF, and the Unicode bidirectional
// controls (as \uNNNN), so that the line shows the value in the order it
// is read. Everything else is written as it is.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		if e := escape(r); e != "" {
			b.WriteString(e)
		} else {
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// escape returns the escape Quote writes for r, or "" if r is written as
// it is.
func escape(r rune) string {
	switch r {
	case '"':
		return `\"`
	case '\\':
		return `\\`
	case '\t':
		return `\t`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case 0x1b:
		return `\e`
	case 0x85:
		return `\N`
	case 0x2028:
		return `\L`
	case 0x2029:
		return `\P`
	}
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		return fmt.Sprintf(`\x%02X`, r)
	case r == 0xfeff || r == 0xfffe || r == 0xffff || bidiControl(r):
		return fmt.Sprintf(`\u%04X`, r)
	}
	return ""
}

// bidiControl reports whether r is one of Unicode's explicit bidirectional
// formatting characters (Unicode Standard Annex #9, section 2).
func bidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// quoteList returns items as a YAML flow sequence of double-quoted
// scalars: ["a", "b"], or [] when there are none.
func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// checkText returns an error unless s, the value of what, is valid UTF-8,
// not blank, and free of the characters HTML and XML forbid (package
// chars), which the parser would refuse.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %q is not valid UTF-8", what, s)
	}
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("%s is empty", what)
	}
	if i := chars.IndexString(s); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return fmt.Errorf("%s %q holds the %s, which HTML and XML forbid", what, s, chars.Describe(r))
	}
	return nil
}
