package search

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/model"
)

// Reading a body for the index, in three passes over reused buffers, no
// regular expression, and strings made only for the excerpt and for terms
// a worker meets for the first time. What it gives is defined, and
// checked, by the plain multi-pass version in reference_test.go
// (FuzzBodyText): the body's HTML without tags (tagText), each link to
// the book replaced by its text (refText), entities decoded as
// html.UnescapeString does, runs of white space made one space, and no
// space before the punctuation that follows a removed citation.

// scratch is the memory one indexing worker reuses from brief to brief:
// the buffers a body goes through, and the worker's dictionary of the
// terms it has met, so that a term of a brief is looked up once per
// occurrence and made a string once per worker.
type scratch struct {
	html, raw, unesc, text, folded []byte

	dict   map[string]int32 // term → slot
	terms  []string         // slot → term
	stamp  []int32          // slot → the brief it was last found in (see cur)
	weight []uint8          // slot → its best weight in that brief
	global []int32          // slot → the term's number in the index, or -1 before merge
	cur    int32            // the brief being read, counted from 1 for this worker
	found  []int32          // the slots of the current brief's terms
}

func newScratch() *scratch { return &scratch{dict: map[string]int32{}} }

// bodyText returns the text of a document's body (see the top of this
// file). The slice is the scratch's and valid until its next use.
func (s *scratch) bodyText(d *model.Doc) ([]byte, error) {
	var err error
	if s.html, err = d.AppendHTML(s.html[:0]); err != nil {
		return nil, err
	}
	s.raw = appendStripped(s.raw[:0], d, s.html)
	src := s.raw
	if bytes.IndexByte(src, '&') >= 0 {
		s.unesc = appendUnescaped(s.unesc[:0], src)
		src = s.unesc
	}
	s.text = appendCollapsed(s.text[:0], src)
	return s.text, nil
}

// bodyText returns the text of a document's body, as the index reads it.
func bodyText(d *model.Doc) (string, error) {
	b, err := newScratch().bodyText(d)
	return string(b), err
}

// appendStripped appends src, a body's HTML, to dst with each tag replaced
// by tagText and each marker by refText.
func appendStripped(dst []byte, d *model.Doc, src []byte) []byte {
	nul := -1 // the next NUL at or after i, or len(src)
	for i := 0; i < len(src); {
		if nul < i {
			nul = indexFrom(src, i, 0)
		}
		stop := min(indexFrom(src, i, '<'), nul)
		dst = append(dst, src[i:stop]...)
		i = stop
		if i == len(src) {
			break
		}
		if src[i] == '<' {
			end := bytes.IndexByte(src[i:], '>')
			if end < 0 {
				break
			}
			dst = append(dst, tagText(src[i:i+end+1])...)
			i += end + 1
			continue
		}
		end := bytes.IndexByte(src[i+1:], 0)
		if end < 0 {
			break
		}
		dst = append(dst, refText(d, src[i+1:i+1+end])...)
		i += end + 2
	}
	return dst
}

// indexFrom returns the index of the first c in b at or after i, or
// len(b).
func indexFrom(b []byte, i int, c byte) int {
	if j := bytes.IndexByte(b[i:], c); j >= 0 {
		return i + j
	}
	return len(b)
}

// tagText returns what an HTML tag stands for in a body's text: nothing
// for an inline element (a link, a citation marker, emphasis), so that
// "Korea<sup>[1]</sup>." reads "Korea."; ". " after a heading, which
// runs into the next paragraph; a space for any other block.
func tagText(tag []byte) string {
	name := bytes.TrimLeft(tag[1:], "/")
	if n := bytes.IndexAny(name, " \t\n>/"); n >= 0 {
		name = name[:n]
	}
	var kind int
	if isASCIIBytes(name) {
		var low [6]byte // the longest name below
		if len(name) > len(low) {
			return " "
		}
		for i, c := range name {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			low[i] = c
		}
		kind = tagKind(string(low[:len(name)]))
	} else {
		kind = tagKind(strings.ToLower(string(name))) // "MAR\u212A" is "mark"
	}
	switch {
	case kind == inlineTag:
		return ""
	case kind == headingTag && tag[1] == '/':
		return ". "
	}
	return " "
}

// Kinds of tags, for tagText.
const (
	blockTag = iota
	inlineTag
	headingTag
)

func tagKind(name string) int {
	switch name {
	case "a", "sup", "sub", "em", "strong", "code", "span", "cite", "b", "i", "mark", "abbr", "del", "s", "small", "time", "q":
		return inlineTag
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return headingTag
	}
	return blockTag
}

// refText returns the text the marker with the given number stands for:
// the label of a link to the book, or its target's title; nothing for a
// citation.
func refText(d *model.Doc, num []byte) string {
	i, ok := 0, len(num) > 0 && len(num) < 10
	for _, c := range num {
		if c < '0' || c > '9' {
			ok = false
			break
		}
		i = i*10 + int(c-'0')
	}
	if !ok { // never written by markup, but read as strconv.Atoi would
		var err error
		if i, err = strconv.Atoi(string(num)); err != nil {
			return ""
		}
	}
	if i < 0 || i >= len(d.Refs) {
		return ""
	}
	r := d.Refs[i]
	if r.Kind == model.RefCitation || r.Kind == model.RefRelLink {
		return ""
	}
	if r.Label != "" {
		return r.Label
	}
	if i < len(d.Links) && d.Links[i].Text != "" {
		return d.Links[i].Text
	}
	return r.Target
}

// appendUnescaped appends src to dst with its character references decoded
// as html.UnescapeString decodes them. A reference is read from its "&" to
// the end of the run of letters, digits and "#" that follows, and a ";";
// html.UnescapeString never reads further (nor past the next "&"), so
// decoding each such piece alone gives what decoding the whole does.
func appendUnescaped(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '&')
		if j < 0 {
			return append(dst, src[i:]...)
		}
		dst = append(dst, src[i:i+j]...)
		i += j
		k := i + 1
		for k < len(src) && isRefByte(src[k]) {
			k++
		}
		if k < len(src) && src[k] == ';' {
			k++
		}
		switch piece := src[i:k]; string(piece) {
		case "&quot;", "&#34;":
			dst = append(dst, '"')
		case "&amp;":
			dst = append(dst, '&')
		case "&lt;":
			dst = append(dst, '<')
		case "&gt;":
			dst = append(dst, '>')
		case "&#39;":
			dst = append(dst, '\'')
		default:
			dst = append(dst, html.UnescapeString(string(piece))...)
		}
		i = k
	}
	return dst
}

func isRefByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '#'
}

// Classes of bytes, for the loops over a body's text.
const (
	plainByte = iota // ASCII, not white space nor a letter or digit
	wordByte         // ASCII letter or digit
	spaceByte        // ASCII white space (unicode.IsSpace)
	wideByte         // not ASCII: part of a longer character
)

var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = wideByte
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			t[c] = spaceByte
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			t[c] = wordByte
		}
	}
	return t
}()

// appendCollapsed appends src to dst with leading and trailing white space
// removed, every other run of it made one space, and that space left out
// before ".,;:!?)]" (the space a removed citation leaves before the
// punctuation that follows it: "North Korea [@a]." reads "North Korea.").
func appendCollapsed(dst, src []byte) []byte {
	space := false
	for i := 0; i < len(src); {
		c := src[i]
		n := 1
		isSpace := false
		switch byteClass[c] {
		case spaceByte:
			isSpace = true
		case wideByte:
			var r rune
			r, n = utf8.DecodeRune(src[i:])
			isSpace = unicode.IsSpace(r)
		default: // a run of ASCII that is not white space, at once
			for i+n < len(src) && byteClass[src[i+n]] < spaceByte {
				n++
			}
		}
		if isSpace {
			space = len(dst) > 0
		} else {
			if space {
				if !closesText(c) {
					dst = append(dst, ' ')
				}
				space = false
			}
			dst = append(dst, src[i:i+n]...)
		}
		i += n
	}
	return dst
}

// closesText reports whether c is punctuation that no space comes before.
func closesText(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', ')', ']':
		return true
	}
	return false
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// excerptOf returns excerpt(string(text), n) without making a string of
// the whole text: the excerpt depends only on its first n+1 characters.
func excerptOf(text []byte, n int) string {
	end, count := 0, 0
	for end < len(text) && count <= n {
		_, size := utf8.DecodeRune(text[end:])
		end += size
		count++
	}
	return excerpt(string(text[:end]), n)
}

// foldBytes appends the folded text (see fold) to dst.
func foldBytes(dst, text []byte) []byte {
	if !isASCIIBytes(text) {
		return append(dst, fold(string(text))...)
	}
	for _, c := range text {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// addBody adds the terms of a body's text, of weight WeightBody.
func (s *scratch) addBody(text []byte) {
	s.folded = foldBytes(s.folded[:0], text)
	b := s.folded
	start, cjk := -1, false
	for i := 0; i < len(b); {
		if start < 0 && byteClass[b[i]] == wordByte { // an ASCII word, at once
			j := i + 1
			for j < len(b) && byteClass[b[j]] == wordByte {
				j++
			}
			if j == len(b) || byteClass[b[j]] != wideByte {
				s.addBytes(b[i:j], WeightBody)
				i = j
				continue
			}
		}
		r, n := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(b[i:])
		}
		if !isWord(r) {
			if start >= 0 {
				s.addWord(b[start:i], cjk)
				start = -1
			}
			i += n
			continue
		}
		c := isCJK(r)
		if start >= 0 && c != cjk {
			s.addWord(b[start:i], cjk)
			start = -1
		}
		if start < 0 {
			start, cjk = i, c
		}
		i += n
	}
	if start >= 0 {
		s.addWord(b[start:], cjk)
	}
}

// addWord adds the terms of one word of the folded body (see eachTerm).
func (s *scratch) addWord(w []byte, cjk bool) {
	if !cjk {
		s.addBytes(w, WeightBody)
		return
	}
	prev := -1
	for i := 0; i < len(w); {
		_, n := utf8.DecodeRune(w[i:])
		s.addBytes(w[i:i+n], WeightBody)
		if prev >= 0 {
			s.addBytes(w[prev:i+n], WeightBody)
		}
		prev = i
		i += n
	}
}

// addText adds the terms of text with weight w.
func (s *scratch) addText(text string, w uint8) {
	eachTerm(text, func(t string) { s.add(t, w) })
}

// addBytes adds term t with weight w, t being looked up without making a
// string of it.
func (s *scratch) addBytes(t []byte, w uint8) {
	slot, ok := s.dict[string(t)]
	if !ok {
		slot = s.newSlot(string(t))
	}
	s.mark(slot, w)
}

// add adds term t with weight w.
func (s *scratch) add(t string, w uint8) {
	slot, ok := s.dict[t]
	if !ok {
		slot = s.newSlot(strings.Clone(t)) // not a piece of a longer text
	}
	s.mark(slot, w)
}

func (s *scratch) newSlot(t string) int32 {
	slot := int32(len(s.terms))
	s.dict[t] = slot
	s.terms = append(s.terms, t)
	s.stamp = append(s.stamp, 0)
	s.weight = append(s.weight, 0)
	s.global = append(s.global, -1)
	return slot
}

// mark records that the current brief holds the term in slot with weight
// w, keeping its best weight.
func (s *scratch) mark(slot int32, w uint8) {
	if s.stamp[slot] != s.cur {
		s.stamp[slot] = s.cur
		s.weight[slot] = w
		s.found = append(s.found, slot)
		return
	}
	if s.weight[slot] < w {
		s.weight[slot] = w
	}
}
