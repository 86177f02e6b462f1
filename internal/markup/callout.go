package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Callouts are block quotes whose first line is a marker, GitHub's alert
// syntax extended as Obsidian and Hugo extend it:
//
//	> [!NOTE]                     a "Note" callout (also TIP, IMPORTANT,
//	> Text of the note.           WARNING, CAUTION; any letter case)
//
//	> [!Bottom line]              a callout titled "Bottom line"
//	> [!WARNING] Read this first  a warning titled "Read this first"
//
// The marker is '[!', one to [maxCalloutType] letters, digits, spaces,
// hyphens or apostrophes (not starting or ending with a space), and ']',
// first on the first line of the quote's first paragraph; an Obsidian fold
// sign ('+' or '-') right after it is accepted and ignored. What follows on
// that line is the title, with its inline markdown; without it the title
// is the alert's name (Note, Tip, Important, Warning, Caution) or the
// words of the marker as written. Anything else stays a block quote.
//
// A callout is written as
//
//	<div class="callout callout-note" role="note">
//	<p class="callout-title">Note</p>
//	...the quote's blocks...
//	</div>
//
// where the second class is the alert's name in lower case, or "other".
// role="note" and the title, a text, say what the block is to every
// reader, not its colour alone; the stylesheet's icons are decorative.

// maxCalloutType is the longest marker, in characters, that is a callout.
const maxCalloutType = 64

// alertTitles are GitHub's five alerts and their titles.
var alertTitles = map[string]string{
	"note":      "Note",
	"tip":       "Tip",
	"important": "Important",
	"warning":   "Warning",
	"caution":   "Caution",
}

// callouts is the goldmark extension for callouts.
type callouts struct{}

// Extend implements goldmark.Extender. The transformer runs before
// briefbook's (priority 10000), so that links and citations in a title are
// numbered where they appear.
func (callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(calloutTransformer{}, 9000)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(calloutRenderer{}, 500)))
}

// kindCallout and kindCalloutTitle are the node kinds of a callout and of
// its title.
var (
	kindCallout      = ast.NewNodeKind("Callout")
	kindCalloutTitle = ast.NewNodeKind("CalloutTitle")
)

// callout is a block quote made a callout; its children are its title and
// the quote's blocks.
type callout struct {
	ast.BaseBlock
	Class string // "note", "tip", "important", "warning", "caution" or "other"
}

// Kind implements ast.Node.
func (*callout) Kind() ast.NodeKind { return kindCallout }

// Dump implements ast.Node.
func (n *callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Class": n.Class}, nil)
}

// calloutTitle is a callout's title; its children are inlines.
type calloutTitle struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (*calloutTitle) Kind() ast.NodeKind { return kindCalloutTitle }

// Dump implements ast.Node.
func (n *calloutTitle) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// calloutTransformer replaces the block quotes that start with a marker by
// callouts.
type calloutTransformer struct{}

// Transform implements parser.ASTTransformer.
func (calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		if entering && n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	src := reader.Source()
	for _, q := range quotes {
		if c := makeCallout(q, src); c != nil {
			q.Parent().ReplaceChild(q.Parent(), q, c)
		}
	}
}

// makeCallout returns the callout that q is, with q's children moved into
// it, or nil (and q untouched) when q does not start with a marker.
func makeCallout(q *ast.Blockquote, src []byte) *callout {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return nil
	}
	first := p.Lines().At(0)
	line := first.Value(src)
	typ, end, ok := calloutMarker(line)
	if !ok {
		return nil
	}
	markEnd := first.Start + end // offset in src where the marker (and fold sign) ends
	if !markerIsText(p, markEnd) {
		return nil // the marker is part of a link or other inline: a quote
	}
	title := &calloutTitle{}
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, isText := c.(*ast.Text)
		p.RemoveChild(p, c)
		switch {
		case isText && t.Segment.Stop <= markEnd:
			// part of the marker: dropped
		case isText && t.Segment.Start < markEnd:
			t.Segment = t.Segment.WithStart(markEnd)
			title.AppendChild(title, c)
		default:
			title.AppendChild(title, c)
		}
		if isText && (t.SoftLineBreak() || t.HardLineBreak()) || next == nil || startOf(next) >= first.Stop {
			break
		}
		c = next
	}
	trimTitle(title, src)
	if title.ChildCount() == 0 {
		name := alertTitles[strings.ToLower(typ)]
		if name == "" {
			name = typ
		}
		title.AppendChild(title, ast.NewString([]byte(name)))
	}
	class := strings.ToLower(typ)
	if alertTitles[class] == "" {
		class = "other"
	}
	c := &callout{Class: class}
	c.AppendChild(c, title)
	if p.ChildCount() == 0 {
		q.RemoveChild(q, p)
	}
	for b := q.FirstChild(); b != nil; {
		next := b.NextSibling()
		q.RemoveChild(q, b)
		c.AppendChild(c, b)
		b = next
	}
	return c
}

// calloutMarker reads a marker at the start of line (a paragraph's first
// line, without the quote's '>'): the type's words and the byte offset
// where the marker, with a fold sign, and the spaces after it end.
func calloutMarker(line []byte) (typ string, end int, ok bool) {
	s := string(line)
	lead := len(s) - len(strings.TrimLeft(s, " \t"))
	s = s[lead:]
	if !strings.HasPrefix(s, "[!") {
		return "", 0, false
	}
	close := strings.IndexByte(s, ']')
	if close < 0 {
		return "", 0, false
	}
	typ = s[2:close]
	if n := utf8.RuneCountInString(typ); n == 0 || n > maxCalloutType || typ != strings.TrimSpace(typ) {
		return "", 0, false
	}
	for _, r := range typ {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != ' ' && r != '-' && r != '\'' && r != '’' {
			return "", 0, false
		}
	}
	end = close + 1
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	if end < len(s) && s[end] != ' ' && s[end] != '\t' && s[end] != '\n' && s[end] != '\r' {
		return "", 0, false // "[!NOTE]x" is text
	}
	return typ, lead + end, true
}

// markerIsText reports whether the paragraph's children before the offset
// markEnd are all text (goldmark leaves "[!NOTE]" as text unless it is a
// link reference someone defined).
func markerIsText(p *ast.Paragraph, markEnd int) bool {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			return false
		}
		if t.Segment.Stop >= markEnd {
			return true
		}
	}
	return true
}

// startOf returns the offset in the source where the inline n starts, as
// far as its text shows: the start of its first text, or -1 when it has
// none (an autolink, a raw HTML tag: taken as on the line).
func startOf(n ast.Node) int {
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := startOf(c); s >= 0 {
			return s
		}
	}
	return -1
}

// trimTitle removes the spaces before and the line break after the
// title's text, and the title's empty texts.
func trimTitle(title *calloutTitle, src []byte) {
	for c := title.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok {
			break
		}
		t.Segment = t.Segment.TrimLeftSpace(src)
		if !t.Segment.IsEmpty() {
			break
		}
		title.RemoveChild(title, c)
		c = next
	}
	if t, ok := title.LastChild().(*ast.Text); ok {
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		t.Segment = t.Segment.TrimRightSpace(src)
		if t.Segment.IsEmpty() {
			title.RemoveChild(title, t)
		}
	}
}

// calloutRenderer writes callouts.
type calloutRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCallout, renderCallout)
	reg.Register(kindCalloutTitle, renderCalloutTitle)
}

func renderCallout(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="callout callout-`)
		_, _ = w.WriteString(node.(*callout).Class)
		_, _ = w.WriteString("\" role=\"note\">\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func renderCalloutTitle(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<p class="callout-title">`)
	} else {
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkContinue, nil
}
