package slug

import (
	"fmt"
	"strings"
	"unicode"
)

// SameName reports whether two names that have the same slug are the same
// name, written differently: whether their [Key]s are equal once white
// space and punctuation are dropped, except '#', '@' and '%', which name
// things ("C#"). Symbols ('+', '$', '=', '~'...) are kept. So "U.S.–China"
// and "u-s-china", "Supply chains & 5G" and "supply-chains-5g", or "Trade!"
// and "trade" are the same name, while "C++", "C#" and "C" are three
// different names that share the slug "c".
func SameName(a, b string) bool {
	return Loose(a) == Loose(b)
}

// Loose returns the form of s that [SameName] compares: its [Key] without
// white space and punctuation, except '#', '@' and '%'. Callers that
// compare one name with many keep its Loose form rather than calling
// SameName each time.
func Loose(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '#' || r == '@' || r == '%':
			return r
		case unicode.IsSpace(r), unicode.IsPunct(r):
			return -1
		}
		return r
	}, Key(s))
}

// MaxSegment is the longest slug, in bytes, that can be a path segment:
// most file systems refuse longer file names (ext4, APFS and NTFS allow
// 255 bytes or characters).
const MaxSegment = 255

// reserved holds the names Windows reserves for devices, which no file or
// folder can have there, whatever the extension.
var reserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// Problem returns why the slug s cannot be a path segment of the output,
// or "" when it can: more than [MaxSegment] bytes, or a name Windows
// reserves for devices ("con", "nul", "com1"...).
func Problem(s string) string {
	switch {
	case len(s) > MaxSegment:
		return fmt.Sprintf("its slug is %d bytes long, over the limit of %d for a file name: shorten it", len(s), MaxSegment)
	case reserved[s]:
		return fmt.Sprintf("its slug %q is a name Windows reserves for devices, which no file or folder can have there: choose another", s)
	}
	return ""
}
