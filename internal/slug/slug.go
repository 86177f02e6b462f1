// Package slug turns titles, names and file names into URL path segments.
//
// A slug keeps Unicode letters and digits, so a Korean or Japanese title
// gives a readable segment ("한일-정보보호협정") rather than an empty one.
// Letters are lowercased; every run of other characters becomes one hyphen;
// hyphens are trimmed from both ends. Browsers percent-encode the non-ASCII
// letters on the wire and show them as letters in the address bar.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make returns the slug of s. It returns "" only when s has no letter or
// digit at all; callers must treat that as an error or pick a fallback.
func Make(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '_' || r == '-' || r == '.' || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			dash = true
		default:
			dash = true
		}
	}
	return b.String()
}

// Key returns the form of a name used to match names case-insensitively:
// NFC-normalized, case-folded, with runs of white space collapsed to one
// space. "Republic of  Korea" and "republic of korea" have the same key.
func Key(s string) string {
	s = norm.NFC.String(strings.Join(strings.Fields(s), " "))
	return strings.ToLower(s)
}
