package markup

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits on what goldmark is asked to do, so that the time a body takes
// grows about linearly with its size (see docs/goldmark-quadratic.md for
// the inputs that took quadratic time without them, and the figures).
const (
	// MaxNesting is how deep block quotes and list items may nest. A
	// deeper one is an error and shown as text: goldmark's time grows
	// with the square of the depth ('>' * 100,000 took 8.5 s).
	MaxNesting = 32
	// MaxDelimiters is how many runs of emphasis or strikethrough
	// delimiters ('*', '_', '~') one paragraph, heading or table cell may
	// hold; the rest are shown as text, with a warning. goldmark matches
	// each closer against every opener before it.
	MaxDelimiters = 200
	// MaxLinkFailures is how many "](" one paragraph, heading or table
	// cell may hold that turn out not to start a link destination; after
	// that "](" is read as text, with a warning. goldmark looks for the
	// end of each such destination up to the end of the line (or of the
	// paragraph, for a title): '[a](<b' * 50,000 took 21 s.
	MaxLinkFailures = 20
	// maxBodyDiags is how many diagnostics one body reports; the rest are
	// counted in one more. Each quotes its line, so without a bound a long
	// line of bad wikilinks would take memory of the square of its length.
	maxBodyDiags = 100
)

// newParser returns goldmark's parser with its default block, inline and
// paragraph parsers, the block quote and list parsers wrapped in a check
// of MaxNesting.
func newParser() parser.Parser {
	guarded := map[parser.BlockParser]bool{
		parser.NewBlockquoteParser(): true,
		parser.NewListParser():       true,
		parser.NewListItemParser():   true,
	}
	var blocks []util.PrioritizedValue
	for _, p := range parser.DefaultBlockParsers() {
		if b := p.Value.(parser.BlockParser); guarded[b] {
			p.Value = nestingGuard{b}
		}
		blocks = append(blocks, p)
	}
	if len(blocks) != len(parser.DefaultBlockParsers()) || countGuards(blocks) != len(guarded) {
		panic("markup: goldmark's block parsers are not what limits.go expects")
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(
			append(parser.DefaultInlineParsers(), util.Prioritized(delimiterGuard{}, 499))...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// countGuards returns the number of nestingGuards in blocks.
func countGuards(blocks []util.PrioritizedValue) int {
	n := 0
	for _, b := range blocks {
		if _, ok := b.Value.(nestingGuard); ok {
			n++
		}
	}
	return n
}

// nestingGuard is a block parser that opens nothing deeper than
// MaxNesting block quotes and list items: there it gives way, and the line
// is read by the parsers after it (as a paragraph, mostly).
type nestingGuard struct {
	parser.BlockParser
}

// Open implements parser.BlockParser.
func (g nestingGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindListItem {
			depth++
		}
	}
	if depth >= MaxNesting {
		if st := stateOf(pc); st != nil && !st.tooDeep {
			st.tooDeep = true
			_, seg := reader.Position()
			st.errorf(seg.Start, seg.Start+1,
				"block quotes and lists nested more than %d deep: the deeper levels are shown as text", MaxNesting)
		}
		return nil, parser.NoChildren
	}
	return g.BlockParser.Open(parent, reader, pc)
}

// delimiterGuard is an inline parser for '*', '_' and '~' that runs
// before the emphasis and strikethrough parsers: it lets the first
// MaxDelimiters runs of one block through to them, and reads the rest as
// text.
type delimiterGuard struct{}

// Trigger implements parser.InlineParser.
func (delimiterGuard) Trigger() []byte { return []byte{'*', '_', '~'} }

// Parse implements parser.InlineParser.
func (delimiterGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st := stateOf(pc)
	if st == nil {
		return nil
	}
	if st.delimBlock != parent {
		st.delimBlock, st.delims = parent, 0
	}
	st.delims++
	if st.delims <= MaxDelimiters {
		return nil
	}
	line, seg := block.PeekLine()
	n := 1
	for n < len(line) && line[n] == line[0] {
		n++
	}
	if st.delims == MaxDelimiters+1 {
		st.warnf(seg.Start, seg.Start+n,
			"more than %d emphasis delimiters (*, _, ~) in one paragraph: the rest are shown as text", MaxDelimiters)
	}
	block.Advance(n)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n))
}

// closeLink is linkCloseParser's work at "](": goldmark's link parser,
// counting the times it finds no destination; after MaxLinkFailures in a
// block, it is shown "]" with nothing after it, as for a citation.
func closeLink(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st := stateOf(pc)
	if st == nil {
		return nil
	}
	_, seg := block.PeekLine()
	if st.linkBlock != parent {
		st.linkBlock, st.linkFailures = parent, 0
	}
	var r text.Reader = block
	if st.linkFailures >= MaxLinkFailures {
		if st.linkFailures == MaxLinkFailures {
			st.warnf(seg.Start, seg.Start+2,
				"more than %d \"](\" in one paragraph that start no link: the rest are shown as text", MaxLinkFailures)
			st.linkFailures++
		}
		r = endAt{block, seg.Start + 1}
	}
	n := linkParser.Parse(parent, r, pc)
	_, pos := block.Position()
	if pos.Start != seg.Start && r == block && !inlineLink(n) {
		st.linkFailures++
	}
	if n != nil {
		return n
	}
	if pos.Start == seg.Start {
		return nil // no link text was open
	}
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1))
}

// inlineLink reports whether n is a link or image with its destination
// written inline, "[text](url)".
func inlineLink(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.Link:
		return n.Reference == nil
	case *ast.Image:
		return n.Reference == nil
	}
	return false
}
