package bibtex

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is one name of a BibTeX name list, in BibTeX's four parts, each
// converted to text with [Text].
type Name struct {
	First, Von, Last, Jr string
}

// String returns the name as it is written in running text: "First von
// Last, Jr" ("Vincent van Gogh", "Martin Luther King, Jr.").
func (n Name) String() string {
	var parts []string
	for _, p := range []string{n.First, n.Von, n.Last} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	s := strings.Join(parts, " ")
	if n.Jr != "" {
		s += ", " + n.Jr
	}
	return s
}

// Others reports whether the name is BibTeX's "others" ("and others",
// written for "et al.").
func (n Name) Others() bool {
	return n.First == "" && n.Von == "" && n.Jr == "" && n.Last == "others"
}

// Names splits a raw name list (an author or editor field as [Parse]
// returns it) at the word "and" outside braces, and each name into its
// parts by BibTeX's rules ("BibTeXing", section 4; Markey, "Tame the
// BeaST", section 11):
//
//   - "First von Last": the von part is the words from the first to the
//     last that start with a lower-case letter, the last word excepted;
//   - "von Last, First" and "von Last, Jr, First": the von part is the
//     leading lower-case words before the first comma, the last one
//     excepted.
//
// A word's case is that of its first letter outside braces; a special
// character ({\"u}, {\'e}) counts with the case of its letter; any other
// braced group ({van Gogh}, {Nonproliferation Policy Education Center})
// is one word, not lower case. Empty names are left out.
func Names(raw string) []Name {
	var out []Name
	for _, part := range splitDepth0(raw, isAnd) {
		if n, ok := name(part); ok {
			out = append(out, n)
		}
	}
	return out
}

// name splits one name into its parts.
func name(raw string) (Name, bool) {
	groups := splitDepth0(raw, func(s string, i int) int {
		if s[i] == ',' {
			return 1
		}
		return 0
	})
	var words [][]string
	for _, g := range groups {
		words = append(words, fieldsDepth0(g))
	}
	var n Name
	switch {
	case len(words) == 1:
		w := words[0]
		if len(w) == 0 {
			return n, false
		}
		first := 0 // the first words up to the first lower-case one
		for first < len(w)-1 && !lowerWord(w[first]) {
			first++
		}
		von := first // the von part runs to the last lower-case word but the last
		for k := first; k < len(w)-1; k++ {
			if lowerWord(w[k]) {
				von = k + 1
			}
		}
		n.First, n.Von, n.Last = join(w[:first]), join(w[first:von]), join(w[von:])
	default:
		w := words[0]
		von := 0
		for von < len(w)-1 && lowerWord(w[von]) {
			von++
		}
		n.Von, n.Last = join(w[:von]), join(w[von:])
		if len(words) == 2 {
			n.First = join(words[1])
		} else {
			n.Jr, n.First = join(words[1]), join(words[2:]...)
		}
	}
	return n, n.String() != ""
}

// join converts words to text, joined by spaces.
func join(ws ...[]string) string {
	var all []string
	for _, w := range ws {
		all = append(all, w...)
	}
	return Text(strings.Join(all, " "))
}

// lowerWord reports whether a word of a name starts with a lower-case
// letter, by BibTeX's rules (see [Names]).
func lowerWord(w string) bool {
	for i := 0; i < len(w); {
		c := w[i]
		switch {
		case c == '{':
			if i+1 < len(w) && w[i+1] == '\\' {
				// A special character: the case of its letter.
				arg := Text(w[i:])
				r, _ := utf8.DecodeRuneInString(arg)
				return unicode.IsLower(r)
			}
			return false
		case c == '\\' || c == '-' || c == '.' || c == '~':
			i++
		default:
			r, n := utf8.DecodeRuneInString(w[i:])
			if unicode.IsLetter(r) {
				return unicode.IsLower(r)
			}
			i += n
		}
	}
	return false
}

// isAnd returns the length of the separator "and " at s[i] when a blank
// precedes it (any case), or 0. The blanks around it are left to the
// names, which are split into words anyway.
func isAnd(s string, i int) int {
	if i == 0 || !isBlank(s[i-1]) || i+3 >= len(s) || !strings.EqualFold(s[i:i+3], "and") || !isBlank(s[i+3]) {
		return 0
	}
	return 4
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '~' }

// splitDepth0 splits s where sep (returning the separator's length at
// s[i], or 0) matches outside braces.
func splitDepth0(s string, sep func(s string, i int) int) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case '\\':
			if i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '}') {
				i += 2
				continue
			}
		}
		if depth == 0 {
			if n := sep(s, i); n > 0 {
				out = append(out, s[start:i])
				i += n
				start = i
				continue
			}
		}
		i++
	}
	return append(out, s[start:])
}

// fieldsDepth0 splits s into words at blanks outside braces.
func fieldsDepth0(s string) []string {
	var out []string
	for _, w := range splitDepth0(s, func(s string, i int) int {
		if isBlank(s[i]) {
			return 1
		}
		return 0
	}) {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}
