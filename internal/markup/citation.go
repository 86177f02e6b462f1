package markup

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/briefbook/briefbook/internal/model"
)

// kindCitation is the node kind of a citation.
var kindCitation = ast.NewNodeKind("Citation")

// citation is the node of a [@...] citation. Like a wikilink it has no
// children and renders as one marker. A bracket that looks like a citation
// but is not a valid one is a citation node too, with Err set: it renders
// as its source text and the transformer reports Err.
type citation struct {
	ast.BaseInline
	Cites   []model.Cite
	Err     string         // why the bracket is not a valid citation, or ""
	Segment text.Segment   // the source text it stands for, from '[' to ']'
	Spans   []text.Segment // a citation over several lines: the text on each line
	Report  text.Segment   // the text an error is reported on, on its first line
	Index   int            // index of its Ref, or -1 to render the source text
}

// Kind implements ast.Node.
func (n *citation) Kind() ast.NodeKind { return kindCitation }

// Dump implements ast.Node.
func (n *citation) Dump(source []byte, level int) {
	m := map[string]string{"Err": n.Err}
	for i, c := range n.Cites {
		m["Cite"+strconv.Itoa(i)] = c.Prefix + "|" + c.ID + "|" + c.Locator
	}
	ast.DumpHelper(n, source, level, m, nil)
}

// maxCitationLen is how far past a nested '[' a citation bracket is
// searched for its end: as far as a link label may reach (CommonMark
// allows 999 characters), so that a bracket holding brackets is known to
// be a link or not, and a line full of brackets stays linear.
const maxCitationLen = 1000

// citationParser parses citation brackets. It runs before goldmark's link
// parser and gives way to it when the bracket is a link after all.
type citationParser struct{}

// Trigger implements parser.InlineParser.
func (citationParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser. It returns nil unless the line
// continues with a bracket that holds a citation key (see scanCitation).
func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	b, ok := scanCitation(line, pc)
	if !ok {
		return nil
	}
	n := &citation{Cites: b.cites, Err: b.err, Index: -1}
	n.Report = text.NewSegment(seg.Start, seg.Start+b.reportLen)
	if b.end < 0 {
		if b.eol {
			m, ok := multiline(block, pc, line, seg)
			switch {
			case ok:
				return m
			case m == nil:
			case m.Err == "":
				return nil // a link, or no citation
			default:
				n.Err = m.Err
			}
		}
		// No end: the node is the '[' alone, so that the rest of the
		// line is parsed as usual.
		n.Segment = text.NewSegment(seg.Start, seg.Start+1)
		block.Advance(1)
		return n
	}
	n.Segment = text.NewSegment(seg.Start, seg.Start+b.end+1)
	block.Advance(b.end + 1)
	return n
}

// bracket is what scanCitation finds.
type bracket struct {
	end       int  // index of the closing ']' in the line, or -1 if it has none on the line
	eol       bool // end < 0, and the line ends with no bracket after the '[': it may go on
	reportLen int  // length in bytes of the text to report an error on
	cites     []model.Cite
	err       string
}

// scanCitation looks at the bracket at the start of line. It reports false
// when the bracket is not a citation: it holds no citation key (an '@' at
// the start of a word followed by a key), or it is a link: followed by
// '(', or by a bracket or itself a label that a link reference definition
// defines. Otherwise the bracket is a citation, valid (cites) or not (err).
func scanCitation(line []byte, pc parser.Context) (bracket, bool) {
	if len(line) < 2 || line[0] != '[' || line[1] == '[' || line[1] == '^' {
		return bracket{}, false
	}
	end, stop := closeBracket(line)
	eol := stop == 0
	if stop == '[' {
		if !hasCiteKey(line[1:end]) {
			return bracket{}, false // its own bracket may be a citation
		}
		end, stop = nestedClose(line)
	}
	inner := line[1:end]
	if stop != ']' {
		if !hasCiteKey(inner) {
			return bracket{}, false
		}
		return bracket{end: -1, eol: eol, reportLen: min(len(bytes.TrimRight(line, "\r\n")), maxCitationLen),
			err: "citation has no closing ']'"}, true
	}
	if !hasCiteKey(inner) || isLink(line, end, pc) {
		return bracket{}, false
	}
	b := bracket{end: end, reportLen: end + 1}
	if bytes.ContainsAny(inner, "[]") {
		b.err = "a citation cannot hold brackets"
		return b, true
	}
	b.cites, b.err = parseCites(string(inner))
	return b, true
}

// closeBracket returns the index of the first unescaped '[', ']' or line
// end after line[0], and that byte (0 at the end of line).
func closeBracket(line []byte) (int, byte) {
	for i := 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '[', ']', '\n', '\r':
			if line[i] == '\r' || line[i] == '\n' {
				return i, 0
			}
			return i, line[i]
		}
	}
	return len(line), 0
}

// nestedClose returns the index of the ']' that closes line[0], counting
// nested brackets, and ']'; or the end of the search and 0 when there is
// none within maxCitationLen bytes on the line.
func nestedClose(line []byte) (int, byte) {
	depth := 0
	n := min(len(line), maxCitationLen)
	for i := 0; i < n; i++ {
		switch line[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i, ']'
			}
		case '\n', '\r':
			return i, 0
		}
	}
	return n, 0
}

// isLink reports whether the bracket line[:end+1] is a link's text: it is
// followed by '(', or it or the bracket that follows it is a defined link
// label (`[@x]` with "[@x]: url", `[@x][ref]` with "[ref]: url").
func isLink(line []byte, end int, pc parser.Context) bool {
	if _, ok := pc.Reference(util.ToLinkReference(line[1:end])); ok {
		return true
	}
	rest := line[end+1:]
	if len(rest) == 0 {
		return false
	}
	switch rest[0] {
	case '(':
		return true
	case '[':
		close, stop := closeBracket(rest)
		if stop != ']' || close == 1 {
			return false // `[@x][]` is a link only if `[@x]` is defined
		}
		_, ok := pc.Reference(util.ToLinkReference(rest[1:close]))
		return ok
	}
	return false
}

// hasCiteKey reports whether s holds a citation key: an '@' at the start
// of s or after white space, '-' or ';', followed by a key (see keyLen).
func hasCiteKey(b []byte) bool {
	for off := 0; ; off++ {
		i := bytes.IndexByte(b[off:], '@')
		if i < 0 {
			return false
		}
		off += i
		// Only the two bytes before the '@' and the key's start matter.
		from := max(off-2, 0)
		if keyStartsAt(string(b[from:min(len(b), off+2+maxKeyLen)]), off-from) {
			return true
		}
	}
}

// keyStartsAt reports whether s[i] is the '@' of a citation key.
func keyStartsAt(s string, i int) bool {
	if i > 0 {
		p := s[i-1]
		if p == '-' && i > 1 {
			p = s[i-2]
			if p != ' ' && p != '\t' && p != ';' {
				return false
			}
		} else if p != ' ' && p != '\t' && p != ';' && p != '-' {
			return false
		}
	}
	return keyLen(s[i+1:]) > 0
}

// parseCites parses the text between '[' and ']' of a citation, items
// separated by ';' (see parseCite). It returns the items, or why the text
// is not a valid citation.
func parseCites(s string) ([]model.Cite, string) {
	var cites []model.Cite
	for item := range strings.SplitSeq(s, ";") {
		c, err := parseCite(strings.TrimSpace(item))
		if err != "" {
			return nil, err
		}
		cites = append(cites, c)
	}
	return cites, ""
}

// parseCite parses one item of a citation, as pandoc does: an optional
// prefix, an '@' (after which '-' before it suppresses the author, which a
// numbered reference never shows anyway), the key, and an optional
// locator after it, with or without a comma: "see @a, p. 3", "@a p. 3".
func parseCite(item string) (model.Cite, string) {
	if item == "" {
		return model.Cite{}, "empty item in citation (two ';' in a row, or one at an end)"
	}
	at := -1
	for i := 0; i < len(item); i++ {
		if item[i] == '@' && keyStartsAt(item, i) {
			at = i
			break
		}
	}
	if at < 0 {
		return model.Cite{}, "citation item " + strconv.Quote(item) + " has no @key"
	}
	prefix := strings.TrimSpace(strings.TrimSuffix(item[:at], "-"))
	rest := item[at+1:]
	n := keyLen(rest)
	c := model.Cite{Prefix: prefix, ID: strings.TrimSuffix(strings.TrimPrefix(rest[:n], "{"), "}")}
	rest = strings.TrimSpace(rest[n:])
	for i := 0; i < len(rest); i++ {
		if rest[i] == '@' && keyStartsAt(rest, i) {
			return model.Cite{}, "citation item " + strconv.Quote(item) +
				" has two @keys; separate the items with ';'"
		}
	}
	rest = strings.TrimPrefix(rest, ",")
	c.Locator = strings.TrimSpace(rest)
	return c, ""
}

// maxKeyLen is the longest key in braces, in bytes: the search for its
// '}' stops there, so that a line of "@{" stays linear.
const maxKeyLen = 256

// keyLen returns the length in bytes of the citation key at the start of
// s, or 0 if there is none. As in pandoc, a key starts with a letter, digit
// or '_' and goes on with letters, digits, marks, '_' and the punctuation
// ":.#$%&-+?<>~/" when a letter, digit or '_' follows it (so "see [@a.]"
// has the key "a"); or it is any text without '}', '[', ']' or ';' in
// braces: "@{a key}".
func keyLen(s string) int {
	if strings.HasPrefix(s, "{") {
		i := strings.IndexAny(s[:min(len(s), maxKeyLen)], "}[];")
		if i < 2 || s[i] != '}' {
			return 0
		}
		return i + 1
	}
	n, last := 0, 0 // last: the length up to the last letter, digit or '_'
	for n < len(s) {
		r, w := utf8.DecodeRuneInString(s[n:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' ||
			n > 0 && unicode.In(r, unicode.Mn, unicode.Mc):
			n += w
			last = n
			continue
		case n > 0 && strings.ContainsRune(":.#$%&-+?<>~/", r):
			n += w
			continue
		}
		break
	}
	return last
}

// linkCloseParser handles a ']' followed by '(' (see closeLink) or by a
// citation, as in
// `[Text][@bb]`: goldmark's link parser would take `[@bb]` for the label of
// a full reference link, find no definition, and leave `[Text]` as text
// even when "[Text]: url" defines it. Here the link parser is shown the
// ']' with nothing after it, so `[Text]` is a shortcut reference link (or
// text) and the citation is parsed next. It runs just before the link
// parser.
type linkCloseParser struct{}

// linkParser is goldmark's link parser, which linkCloseParser calls.
var linkParser = parser.NewLinkParser()

// Trigger implements parser.InlineParser.
func (linkCloseParser) Trigger() []byte { return []byte{']'} }

// Parse implements parser.InlineParser.
func (linkCloseParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) >= 2 && line[0] == ']' && line[1] == '(' {
		return closeLink(parent, block, pc)
	}
	if len(line) < 3 || line[0] != ']' || line[1] != '[' {
		return nil
	}
	if _, ok := scanCitation(line[1:], pc); !ok {
		return nil
	}
	if n := linkParser.Parse(parent, endAt{block, seg.Start + 1}, pc); n != nil {
		return n
	}
	if _, pos := block.Position(); pos.Start == seg.Start {
		return nil // no link text was open
	}
	// The link parser turned the opening bracket into text and moved past
	// the ']', which is text too.
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1))
}

// endAt is a text.Reader that shows the end of the line at offset at.
type endAt struct {
	text.Reader
	at int
}

// Peek implements text.Reader.
func (r endAt) Peek() byte {
	if _, pos := r.Reader.Position(); pos.Start == r.at {
		return '\n'
	}
	return r.Reader.Peek()
}

// maxCitationLines is how many lines a citation may span.
const maxCitationLines = 10

// multiline reads a citation that goes on over the next lines of its
// paragraph, line being the rest of the first one, from its '['. It
// reports true, with the citation consumed, when the bracket closes within
// maxCitationLines lines and maxCitationLen bytes, holds no other bracket,
// is no link, and is a valid citation. Otherwise it leaves the reader as it
// was and returns a node whose Err says why the bracket is not a valid
// citation, a node with no Err when the bracket is a link's text or holds
// no key after all, or nil when it has no end.
func multiline(block text.Reader, pc parser.Context, line []byte, seg text.Segment) (*citation, bool) {
	l0, pos0 := block.Position()
	defer func() {
		if l0 >= 0 {
			block.SetPosition(l0, pos0)
		}
	}()
	first := bytes.TrimRight(line, "\r\n")
	inner := append([]byte{}, first[1:]...)
	lines := []text.Segment{text.NewSegment(seg.Start, seg.Start+len(first))}
	for range maxCitationLines - 1 {
		block.AdvanceLine()
		next, nseg := block.PeekLine()
		if next == nil || len(inner) > maxCitationLen {
			return nil, false
		}
		i, stop := closeBracket(append([]byte{'['}, next...))
		i-- // in next
		if stop == '[' {
			return nil, false
		}
		inner = append(append(inner, ' '), bytes.TrimSpace(next[:i])...)
		if stop == 0 {
			lines = append(lines, text.NewSegment(nseg.Start, nseg.Start+len(bytes.TrimRight(next, "\r\n"))))
			continue
		}
		lines = append(lines, text.NewSegment(nseg.Start, nseg.Start+i+1))
		joined := append(append([]byte{'['}, inner...), next[i:]...)
		if !hasCiteKey(inner) || isLink(joined, len(inner)+1, pc) {
			return &citation{}, false
		}
		cites, err := parseCites(string(inner))
		if err != "" {
			return &citation{Err: err}, false
		}
		block.Advance(i + 1)
		l0 = -1 // keep the reader where it is
		n := &citation{Cites: cites, Spans: lines, Index: -1}
		n.Segment = text.NewSegment(seg.Start, nseg.Start+i+1)
		n.Report = lines[0]
		return n, true
	}
	return nil, false
}
