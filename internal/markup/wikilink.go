package markup

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/briefbook/briefbook/internal/model"
)

// kindWikilink is the node kind of a wikilink.
var kindWikilink = ast.NewNodeKind("Wikilink")

// wikilink is the node of a [[...]] link. It has no children: its label is
// plain text kept in Ref, and the whole element renders as one marker.
type wikilink struct {
	ast.BaseInline
	Ref     model.Ref    // Kind, Target, Fragment and Label as written
	Err     string       // why the wikilink is unusable, or ""
	Segment text.Segment // the source text, from "[[" to "]]"
	Index   int          // index of its Ref, or -1 to render the source text
}

// Kind implements ast.Node.
func (n *wikilink) Kind() ast.NodeKind { return kindWikilink }

// Dump implements ast.Node.
func (n *wikilink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"Target":   n.Ref.Target,
		"Fragment": n.Ref.Fragment,
		"Label":    n.Ref.Label,
	}, nil)
}

// wikilinkParser parses [[...]]. It runs before goldmark's link parser,
// which would otherwise take the first '[' as the start of a link text.
type wikilinkParser struct{}

// Trigger implements parser.InlineParser.
func (wikilinkParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser. It returns nil, leaving the text to
// the other parsers, unless the line continues with a complete wikilink.
func (wikilinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("[[")) {
		return nil
	}
	// The text ends at the first bracket, which must start "]]". Looking
	// no further than the next bracket keeps a line full of "[[" linear.
	end := bytes.IndexAny(line[2:], "[]\n")
	if end < 0 || !bytes.HasPrefix(line[2+end:], []byte("]]")) {
		return nil
	}
	n := newWikilink(string(line[2 : 2+end]))
	n.Segment = text.NewSegment(seg.Start, seg.Start+end+4)
	block.Advance(end + 4)
	return n
}

// refPrefixes maps the prefix of a wikilink target to the kind of Ref.
var refPrefixes = []struct {
	prefix string
	kind   model.RefKind
	what   string // what the target names, for messages
}{
	{"actor:", model.RefActor, "actor name"},
	{"domain:", model.RefDomain, "domain slug"},
	{"source:", model.RefSource, "source id"},
}

// newWikilink parses the text between "[[" and "]]".
func newWikilink(inner string) *wikilink {
	ref, label := splitLabel(inner)
	r := model.Ref{Kind: model.RefBrief, Label: strings.TrimSpace(label)}
	ref = strings.TrimSpace(ref)
	what := "brief slug"
	for _, p := range refPrefixes {
		if rest, ok := strings.CutPrefix(ref, p.prefix); ok {
			r.Kind, ref, what = p.kind, rest, p.what
			break
		}
	}
	target, fragment, _ := strings.Cut(ref, "#")
	r.Target = strings.TrimSpace(target)
	r.Fragment = strings.TrimSpace(fragment)
	n := &wikilink{Ref: r, Index: -1}
	// [[#heading]] links to a heading of the same page.
	if r.Target == "" && (r.Fragment == "" || r.Kind != model.RefBrief) {
		n.Err = "empty " + what + " in wikilink"
	}
	return n
}

// splitLabel splits a wikilink's text at its first '|'. A '|' escaped as
// `\|`, as it must be inside a table cell, separates as well; its backslash
// is dropped.
func splitLabel(inner string) (ref, label string) {
	i := strings.IndexByte(inner, '|')
	if i < 0 {
		return inner, ""
	}
	ref, label = inner[:i], inner[i+1:]
	return strings.TrimSuffix(ref, `\`), label
}
