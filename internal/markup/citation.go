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
// children and renders as one marker.
type citation struct {
	ast.BaseInline
	Cites   []model.Cite
	Segment text.Segment // the source text, from "[@" to "]"
	Index   int          // index of its Ref, or -1 to render the source text
}

// Kind implements ast.Node.
func (n *citation) Kind() ast.NodeKind { return kindCitation }

// Dump implements ast.Node.
func (n *citation) Dump(source []byte, level int) {
	m := map[string]string{}
	for i, c := range n.Cites {
		m["Cite"+strconv.Itoa(i)] = c.ID + " " + c.Locator
	}
	ast.DumpHelper(n, source, level, m, nil)
}

// citationParser parses [@...]. It runs before goldmark's link parser and
// gives way to it when the bracket is a link after all.
type citationParser struct{}

// Trigger implements parser.InlineParser.
func (citationParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser. It returns nil unless the line
// continues with a bracket that holds nothing but a list of citations and
// is not the text of a link.
func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("[@")) {
		return nil
	}
	// The bracket ends at the first ']', and holds no '['.
	end := 1 + bytes.IndexAny(line[1:], "[]\n")
	if end < 1 || line[end] != ']' {
		return nil
	}
	inner := line[1:end]
	if end+1 < len(line) && (line[end+1] == '(' || line[end+1] == '[') {
		return nil // [@x](url) or [@x][ref]: a link
	}
	if _, ok := pc.Reference(util.ToLinkReference(inner)); ok {
		return nil // [@x] with a definition "[@x]: url": a link
	}
	cites, ok := parseCites(string(inner))
	if !ok {
		return nil
	}
	block.Advance(end + 1)
	return &citation{Cites: cites, Segment: text.NewSegment(seg.Start, seg.Start+end+1), Index: -1}
}

// parseCites parses the text between '[' and ']' of a citation:
// "@a, p. 3; @b". It reports false if that is not a citation.
func parseCites(s string) ([]model.Cite, bool) {
	var cites []model.Cite
	for item := range strings.SplitSeq(s, ";") {
		c, ok := parseCite(strings.TrimSpace(item))
		if !ok {
			return nil, false
		}
		cites = append(cites, c)
	}
	return cites, len(cites) > 0
}

// parseCite parses one item of a citation: "@id" or "@id, locator".
func parseCite(item string) (model.Cite, bool) {
	rest, ok := strings.CutPrefix(item, "@")
	if !ok {
		return model.Cite{}, false
	}
	n := idLen(rest)
	if n == 0 {
		return model.Cite{}, false
	}
	c := model.Cite{ID: rest[:n]}
	rest = strings.TrimSpace(rest[n:])
	if rest == "" {
		return c, true
	}
	locator, ok := strings.CutPrefix(rest, ",")
	if !ok {
		return model.Cite{}, false
	}
	c.Locator = strings.TrimSpace(locator)
	return c, true
}

// idLen returns the length in bytes of the citation id at the start of s,
// or 0 if there is none. An id starts with a letter, digit or '_', goes on
// with letters, digits, marks and "-_:.", and does not end with '.' or ':'
// (so "see [@a.]" is not taken for the id "a.").
func idLen(s string) int {
	n := 0
	for n < len(s) {
		r, w := utf8.DecodeRuneInString(s[n:])
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' ||
			n > 0 && (unicode.In(r, unicode.Mn, unicode.Mc) || strings.ContainsRune("-:.", r))
		if !ok {
			break
		}
		n += w
	}
	return trimIDEnd(s[:n])
}

// trimIDEnd returns the length of id without trailing '.' and ':'.
func trimIDEnd(id string) int {
	return len(strings.TrimRight(id, ".:"))
}
