package markup

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"
)

// headingIDs gives out the ids of one document's headings. It implements
// parser.IDs; a new one is made for every conversion.
type headingIDs struct {
	used map[string]bool
	next map[string]int // the next suffix to try for each base id
}

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}, next: map[string]int{}}
}

// Generate returns the id of a heading whose plain text is value (see
// githubID), "section" if that is empty, with "-1", "-2"... appended
// when it is already taken, as GitHub does.
func (ids *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := githubID(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for ids.used[id] {
		ids.next[base]++
		id = base + "-" + strconv.Itoa(ids.next[base])
	}
	ids.used[id] = true
	return []byte(id)
}

// githubID returns the id GitHub gives a heading with the plain text s
// (the rule of its github-slugger, which Hugo follows by default too), so
// that fragments written for GitHub keep working: the text in NFC, in
// lower case; letters, marks, digits and other numbers, '-' and '_' kept,
// each space (U+0020) turned into '-', every other character (punctuation,
// symbols, other white space, control characters) dropped. Runs of
// hyphens are not collapsed: "Q & A" gives "q--a".
func githubID(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			b.WriteString(strings.ToLower(string(r)))
		}
	}
	return b.String()
}

// Put records id as taken.
func (ids *headingIDs) Put(id []byte) {
	ids.used[string(id)] = true
}

// plainText returns the text of the inline content of n as a reader sees
// it: markup dropped, escapes and entities resolved, white space collapsed.
// A wikilink counts as its label (or target); a citation as nothing.
func plainText(n ast.Node, source []byte) string {
	return strings.Join(strings.Fields(rawText(n, source)), " ")
}

// rawText is plainText with white space as written (a line break as a
// space): the text a heading's id is made from.
func rawText(n ast.Node, source []byte) string {
	var b strings.Builder
	writePlain(&b, n, source)
	return strings.TrimSpace(b.String())
}

func writePlain(b *strings.Builder, n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(unescape(c.Segment.Value(source)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				b.Write(c.Value)
			} else {
				b.Write(unescape(c.Value))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(source))
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(source))
		case *ast.RawHTML:
			// Not rendered, so not part of the text.
		case *wikilink:
			b.WriteString(wikilinkText(c))
		case *citation:
		default:
			writePlain(b, c, source)
		}
	}
}

// wikilinkText is the text a wikilink stands for in plain text and in the
// word count: its label, or else its target.
func wikilinkText(n *wikilink) string {
	if n.Ref.Label != "" {
		return n.Ref.Label
	}
	return n.Ref.Target
}

// unescape resolves backslash escapes and character references in text.
func unescape(v []byte) []byte {
	return util.ResolveNumericReferences(util.ResolveEntityNames(util.UnescapePunctuations(v)))
}

// countWords returns a rough number of words in b: runs of characters
// other than white space that hold a letter or digit, except that every
// Han, Hiragana and Katakana character counts as a word of its own, since
// Chinese and Japanese do not separate words with spaces.
//
// It counts the first letter or digit of each run: armed is 1 at the start
// and after white space, and a letter or digit counts when armed and
// disarms. For ASCII that takes no branch.
func countWords(b []byte) int {
	n := 0
	armed := uint8(1)
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			k := asciiClass[c]
			a := k & isAlnum
			n += int(a & armed)
			armed = armed&^a | k>>1
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			armed = 1
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			n++
			armed = 1
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			n += int(armed)
			armed = 0
		}
	}
	return n
}

// The bits of asciiClass.
const (
	isAlnum = 1 << iota // letter or digit
	isSpace             // white space
)

// asciiClass holds the class bits of each ASCII character for countWords.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			t[c] = isSpace
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			t[c] = isAlnum
		}
	}
	return t
}()
