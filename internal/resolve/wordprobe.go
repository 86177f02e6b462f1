package resolve

import (
	"bytes"
	"html"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/model"
)

// wordProbe tells, more cheaply than searching a body for mentions,
// whether a body may hold a word: a name's first word, in lower case,
// which the body's text (see bodyText) must hold, in any case, for the
// name to match there. The word filters of the memo (mentionMemo.words)
// rule out most bodies, but a word common in the book, or one whose bits
// are, passes most of them.
type wordProbe struct {
	body []byte
	of   *model.Brief
}

// entities are the character references the parse stage writes (bodies
// hold others only when their authors wrote them).
var entities = []string{"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"}

// mayHold reports whether the text of b's body may hold w, a word in
// lower case, in any case: false only when it cannot. The text is the
// body's HTML with its tags as spaces, character references decoded, and
// its links' texts: a word of it is in the HTML as written (with its
// references decoded, when it has others than those the parse stage
// writes for markup characters), or in a link's label or text. A word
// that is not ASCII, or a body holding a character that folds to an
// ASCII letter (KELVIN SIGN, LONG S), may always be held.
func (p *wordProbe) mayHold(b *model.Brief, w string) bool {
	for k := 0; k < len(w); k++ {
		if w[k] >= utf8.RuneSelf {
			return true
		}
	}
	if p.of != b {
		var err error
		if p.body, err = b.AppendHTML(p.body[:0]); err != nil {
			return true
		}
		p.of = b
	}
	text := p.body
	if oddEntity(text) {
		text = []byte(html.UnescapeString(string(text)))
	}
	if bytes.Contains(text, []byte("\u212a")) || bytes.Contains(text, []byte("\u017f")) || containsFold(text, w) {
		return true
	}
	for k := range b.Refs {
		if containsFold([]byte(b.Refs[k].Label), w) || k < len(b.Links) && containsFold([]byte(b.Links[k].Text), w) {
			return true
		}
	}
	return false
}

// oddEntity reports whether body holds a character reference other than
// those of entities.
func oddEntity(body []byte) bool {
	for {
		i := bytes.IndexByte(body, '&')
		if i < 0 {
			return false
		}
		body = body[i:]
		known := false
		for _, e := range entities {
			if bytes.HasPrefix(body, []byte(e)) {
				known = true
				break
			}
		}
		if !known {
			return true
		}
		body = body[1:]
	}
}

// containsFold reports whether s holds w (ASCII, in lower case) in any
// ASCII case, or as it is when w has no letter.
func containsFold(s []byte, w string) bool {
	if w == "" {
		return true
	}
	c := w[0]
	up := c
	if 'a' <= c && c <= 'z' {
		up = c - 'a' + 'A'
	}
	for _, first := range []byte{c, up} {
		t := s
		for {
			i := bytes.IndexByte(t, first)
			if i < 0 || len(t)-i < len(w) {
				break
			}
			if equalFoldASCII(t[i:i+len(w)], w) {
				return true
			}
			t = t[i+1:]
		}
		if up == c {
			break
		}
	}
	return false
}

// equalFoldASCII reports whether s is w (ASCII, in lower case) in any
// ASCII case.
func equalFoldASCII(s []byte, w string) bool {
	for k := 0; k < len(w); k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[k] {
			return false
		}
	}
	return true
}
