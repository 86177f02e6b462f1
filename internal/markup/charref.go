package markup

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/text"

	"github.com/briefbook/briefbook/internal/chars"
)

// checkCharRefs reports each numeric character reference in the text
// body[seg] ("&#27;", "&#x1B;") that stands for a character HTML and XML
// forbid (see package chars), as the loader reports such a character
// written as it is. "&#0;" is not reported: CommonMark turns it into
// U+FFFD. A reference after a backslash is text, not a reference.
func (st *state) checkCharRefs(seg text.Segment) {
	s := seg.Value(st.body)
	for off := 0; ; {
		i := bytes.Index(s[off:], []byte("&#"))
		if i < 0 {
			return
		}
		start := off + i
		off = start + 2
		if start > 0 && s[start-1] == '\\' {
			continue
		}
		r, n := charRef(s[start:])
		if n > 0 && r != 0 && chars.Forbidden(r) {
			st.errorf(seg.Start+start, seg.Start+start+n,
				"character reference %s stands for the %s: HTML and XML forbid it", s[start:start+n], chars.Describe(r))
		}
	}
}

// charRef decodes the numeric character reference at the start of s, as
// CommonMark defines it (1 to 7 decimal digits, or 1 to 6 hexadecimal
// digits after 'x' or 'X', then ';'), and returns the character and the
// length of the reference; 0 if there is none.
func charRef(s []byte) (rune, int) {
	i, base, maxDigits := 2, 10, 7
	if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
		i, base, maxDigits = 3, 16, 6
	}
	j := i
	for j < len(s) && j-i < maxDigits && isDigit(s[j], base) {
		j++
	}
	if j == i || j >= len(s) || s[j] != ';' {
		return 0, 0
	}
	v, err := strconv.ParseInt(string(s[i:j]), base, 32)
	if err != nil {
		return 0, 0
	}
	return rune(v), j + 1
}

func isDigit(c byte, base int) bool {
	return '0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')
}
