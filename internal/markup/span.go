package markup

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/language"
)

// Bracketed spans, as pandoc writes them: `[日本語]{lang=ja}` is the text
// 日本語 in a span whose language is Japanese, so that a browser draws it
// with Japanese glyphs and a screen reader reads it as Japanese. The text
// is markdown; the braces hold attributes separated by spaces, of which a
// span keeps lang (a BCP 47 tag, quoted or not: lang=ja, lang="ko-KR") and
// classes (.name, letters, digits, '-' and '_'); any other attribute
// (#id, key=value) is left out with a warning, and so is an invalid
// language. A span opens and closes on one line, within 1,000 bytes (its
// attributes within 200), and its brackets must
// enclose whole inline elements: `*[a*]{lang=ja}` is text.
//
// It is a goldmark extension in three parts: spanOpenParser takes a '['
// whose matching ']' on the line is followed by a '{...}' attribute block,
// and remembers where that ']' is; spanCloseParser takes that ']' and the
// block; spanTransformer moves the nodes between the two into the span.

// kindSpan is the node kind of a bracketed span.
var kindSpan = ast.NewNodeKind("Span")

// span is a bracketed span: while parsing, its opening bracket (no
// children); after spanTransformer, the span with its content.
type span struct {
	ast.BaseInline
	Lang    string   // canonical BCP 47 tag, or ""
	Classes []string // class names, as written
	close   *spanClose
	done    bool // the content was moved in
}

// Kind implements ast.Node.
func (n *span) Kind() ast.NodeKind { return kindSpan }

// Dump implements ast.Node.
func (n *span) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Lang": n.Lang, "Classes": strings.Join(n.Classes, " ")}, nil)
}

// kindSpanClose is the node kind of a span's "]{...}".
var kindSpanClose = ast.NewNodeKind("SpanClose")

// spanClose is the "]{...}" closing a span; spanTransformer removes it.
type spanClose struct {
	ast.BaseInline
	Segment text.Segment
}

// Kind implements ast.Node.
func (n *spanClose) Kind() ast.NodeKind { return kindSpanClose }

// Dump implements ast.Node.
func (n *spanClose) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// spanState is the parser.Context value of the spans opened and not yet
// closed in the current block: their opening nodes and where their ']' is.
type spanState struct {
	open  []*span
	close []int // body offset of each one's ']'
	end   []int // body offset just past each one's '}'
}

var spanKey = parser.NewContextKey()

func spansOf(pc parser.Context) *spanState {
	s, _ := pc.Get(spanKey).(*spanState)
	if s == nil {
		s = &spanState{}
		pc.Set(spanKey, s)
	}
	return s
}

// maxSpan is the most bytes from a span's '[' to its ']', and
// maxSpanAttrs the most from its '{' to its '}': each '[' looks no
// further, so that a line full of brackets takes linear time.
const (
	maxSpan      = 1000
	maxSpanAttrs = 200
)

// spanOpenParser parses the '[' of a bracketed span.
type spanOpenParser struct{}

// Trigger implements parser.InlineParser.
func (spanOpenParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser. It leaves wikilinks, citations
// and everything that is not followed by an attribute block to the other
// parsers.
func (spanOpenParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[1] == '[' || line[1] == '^' {
		return nil
	}
	end := matchBracket(line[:min(len(line), maxSpan)])
	if end < 0 || end+1 >= len(line) || line[end+1] != '{' {
		return nil
	}
	// The attribute block ends at the first '}' with no bracket or brace
	// before it: "{lang=ja and [n]{…}" is text, not attributes that would
	// swallow it.
	stop := bytes.IndexAny(line[end+2:min(len(line), end+1+maxSpanAttrs)], "{}[]\n") + 1
	if stop <= 0 || line[end+1+stop] != '}' {
		return nil
	}
	if _, ok := scanCitation(line, pc); ok {
		return nil
	}
	n := &span{}
	attrStart := seg.Start + end + 2
	parseSpanAttrs(n, line[end+2:end+1+stop], attrStart, stateOf(pc))
	s := spansOf(pc)
	s.open = append(s.open, n)
	s.close = append(s.close, seg.Start+end)
	s.end = append(s.end, seg.Start+end+2+stop)
	block.Advance(1)
	return n
}

// matchBracket returns the index in line of the ']' matching the '[' at
// line[0], or -1 when the line has none. Backslash escapes and code spans
// are skipped.
func matchBracket(line []byte) int {
	depth := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '`':
			n := 1
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			closing := bytes.Index(line[i+n:], bytes.Repeat([]byte{'`'}, n))
			if closing < 0 {
				i += n - 1
				continue
			}
			i += n + closing + n - 1
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i
			}
		case '\n':
			return -1
		}
	}
	return -1
}

// parseSpanAttrs reads the attribute block attrs (its text between the
// braces, starting at body offset start) into n, warning about what a
// span does not take. st is nil outside Convert.
func parseSpanAttrs(n *span, attrs []byte, start int, st *state) {
	warn := func(from, to int, format string, args ...any) {
		if st != nil {
			st.warnf(start+from, start+to, format, args...)
		}
	}
	for i := 0; i < len(attrs); {
		if attrs[i] == ' ' || attrs[i] == '\t' {
			i++
			continue
		}
		j := i
		quoted := false
		for j < len(attrs) && (quoted || attrs[j] != ' ' && attrs[j] != '\t') {
			if attrs[j] == '"' {
				quoted = !quoted
			}
			j++
		}
		tok := string(attrs[i:j])
		switch {
		case strings.HasPrefix(tok, "lang="):
			v := strings.Trim(tok[len("lang="):], `"`)
			tag, err := language.Parse(v)
			if err != nil {
				warn(i, j, "invalid language %q in a span: want a BCP 47 tag such as \"ja\" or \"ko\"", v)
			} else {
				n.Lang = tag.String()
			}
		case strings.HasPrefix(tok, ".") && validClass(tok[1:]):
			n.Classes = append(n.Classes, tok[1:])
		default:
			warn(i, j, "span attribute %q left out: a span takes only lang=TAG and .class", tok)
		}
		i = j
	}
}

// validClass reports whether c is a class name a span may have.
func validClass(c string) bool {
	if c == "" {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// spanCloseParser parses the "]{...}" of a span that spanOpenParser
// opened. It runs before the other ']' parsers.
type spanCloseParser struct{}

// Trigger implements parser.InlineParser.
func (spanCloseParser) Trigger() []byte { return []byte{']'} }

// Parse implements parser.InlineParser.
func (spanCloseParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	s, _ := pc.Get(spanKey).(*spanState)
	if s == nil || len(s.open) == 0 {
		return nil
	}
	_, seg := block.PeekLine()
	// Spans whose ']' was passed (taken by a code span, say) stay open
	// brackets: spanTransformer turns them into text.
	for len(s.close) > 0 && s.close[len(s.close)-1] < seg.Start {
		s.pop()
	}
	k := len(s.close) - 1
	if k < 0 || s.close[k] != seg.Start {
		return nil
	}
	c := &spanClose{Segment: text.NewSegment(seg.Start, s.end[k])}
	s.open[k].close = c
	block.Advance(s.end[k] - seg.Start)
	s.pop()
	return c
}

func (s *spanState) pop() {
	k := len(s.open) - 1
	s.open, s.close, s.end = s.open[:k], s.close[:k], s.end[:k]
}

// spanTransformer moves the content of each span into it, or turns its
// brackets into text when they do not enclose whole inline elements.
type spanTransformer struct{}

// Transform implements parser.ASTTransformer.
func (spanTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if s, _ := pc.Get(spanKey).(*spanState); s == nil {
		return // no span was opened
	}
	source := reader.Source()
	var spans []*span
	var closes []*spanClose
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *span:
				spans = append(spans, n)
			case *spanClose:
				closes = append(closes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range spans {
		c := n.close
		if c == nil || c.Parent() != n.Parent() {
			n.Parent().ReplaceChild(n.Parent(), n, ast.NewString([]byte("[")))
			continue
		}
		for sib := n.NextSibling(); sib != nil && sib != ast.Node(c); {
			next := sib.NextSibling()
			n.Parent().RemoveChild(n.Parent(), sib)
			n.AppendChild(n, sib)
			sib = next
		}
		n.done = true
	}
	for _, c := range closes {
		if p := c.Parent(); p != nil {
			var open *span
			for _, n := range spans {
				if n.close == c && n.done {
					open = n
				}
			}
			if open != nil {
				p.RemoveChild(p, c)
			} else {
				p.ReplaceChild(p, c, ast.NewString(c.Segment.Value(source)))
			}
		}
	}
}

// renderSpan writes a span as <span lang="..." class="...">.
func renderSpan(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*span)
	if !entering {
		_, _ = w.WriteString("</span>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<span")
	if n.Lang != "" {
		_, _ = w.WriteString(` lang="` + n.Lang + `"`)
	}
	if len(n.Classes) > 0 {
		_, _ = w.WriteString(` class="` + strings.Join(n.Classes, " ") + `"`)
	}
	_, _ = w.WriteString(">")
	return ast.WalkContinue, nil
}

// spanParserOptions are the span's parsers and transformer, which run
// before briefbook's others.
func spanParserOptions() []parser.Option {
	return []parser.Option{
		parser.WithInlineParsers(
			util.Prioritized(spanOpenParser{}, 197),
			util.Prioritized(spanCloseParser{}, 197),
		),
		parser.WithASTTransformers(util.Prioritized(spanTransformer{}, 9999)),
	}
}

// spanRenderer writes span nodes.
type spanRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (spanRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindSpan, renderSpan)
}
