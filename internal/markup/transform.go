package markup

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// transformer walks the parsed document once, in document order, after
// every other transformer (footnotes included) has run: it numbers the
// Refs, turns relative .md links into relLinks, gives headings their ids,
// reports unusable wikilinks and counts words.
type transformer struct{}

// Transform implements parser.ASTTransformer.
func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil { // parsing outside Convert: collect into a throwaway state
		st = &state{body: reader.Source(), src: reader.Source(), d: &diag.List{}}
	}
	st.ids = pc.IDs()
	st.walk(doc, false)
	st.demoteHeadings()
}

// demoteHeadings moves every heading one level down when the body has a
// level-1 heading: the page's title is its only h1, so a body written with
// "#" sections gets h2 sections, h3 subsections and so on (h6 stays h6).
func (st *state) demoteHeadings() {
	hasH1 := false
	for _, h := range st.headingNodes {
		hasH1 = hasH1 || h.Level == 1
	}
	if !hasH1 {
		return
	}
	for i, h := range st.headingNodes {
		h.Level = min(h.Level+1, 6)
		st.headings[i].Level = h.Level
	}
}

// walk visits the children of n. inLink is true inside the text of a link
// or image, where wikilinks and citations would nest links.
func (st *state) walk(n ast.Node, inLink bool) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling() // c may be replaced
		st.visit(c, inLink)
		c = next
	}
}

func (st *state) visit(n ast.Node, inLink bool) {
	switch n := n.(type) {
	case *ast.Heading:
		st.heading(n)
		st.walk(n, inLink)
	case *ast.Link:
		if inLink { // in an image's alt text, where it is only text
			st.walk(n, true)
			return
		}
		st.walk(st.replaceRelLink(n), true)
	case *ast.Image:
		st.walk(n, true)
		if html.IsDangerousURL(n.Destination) {
			unwrap(n)
		}
	case *wikilink:
		st.wikilink(n, inLink)
	case *citation:
		st.citation(n, inLink)
	case *ast.Text:
		st.words += countWords(n.Segment.Value(st.body))
		if n.Parent().Kind() != ast.KindCodeSpan {
			st.checkCharRefs(n.Segment)
		}
	case *ast.String:
		st.words += countWords(n.Value)
	case *ast.AutoLink:
		st.words++
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			st.words += countWords(seg.Value(st.body))
		}
	default:
		st.walk(n, inLink)
	}
}

// heading gives h its id and lists it.
func (st *state) heading(h *ast.Heading) {
	raw := rawText(h, st.body)
	text := strings.Join(strings.Fields(raw), " ")
	id := string(st.ids.Generate([]byte(raw), ast.KindHeading))
	h.SetAttributeString("id", []byte(id))
	st.headings = append(st.headings, model.Heading{Level: h.Level, ID: id, Text: text})
	st.headingNodes = append(st.headingNodes, h)
}

// wikilink numbers n's Ref, or reports why it has none.
func (st *state) wikilink(n *wikilink, inLink bool) {
	seg := n.Segment
	switch {
	case inLink:
		st.warnf(seg.Start, seg.Stop, "wikilink inside the text of a link is shown as text")
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewTextSegment(seg))
		return
	case n.Err != "":
		st.errorf(seg.Start, seg.Stop, "%s", n.Err)
	default:
		n.Index = st.addRef(n.Ref, seg.Start, seg.Stop)
	}
	st.words += countWords([]byte(wikilinkText(n)))
}

// citation numbers n's Ref, or reports why it has none.
func (st *state) citation(n *citation, inLink bool) {
	seg := n.Segment
	if inLink {
		st.warnf(n.Report.Start, n.Report.Stop, "citation inside the text of a link is shown as text")
		replaceByLines(n, seg, n.Spans)
		return
	}
	if n.Err != "" {
		st.errorf(n.Report.Start, n.Report.Stop, "%s", n.Err)
		return
	}
	n.Index = st.addRef(model.Ref{Kind: model.RefCitation, Cites: n.Cites}, n.Report.Start, n.Report.Stop)
}

// replaceByLines replaces n by the text seg, or by the text of each of
// lines, with a line break after all but the last, when n spans lines.
func replaceByLines(n ast.Node, seg text.Segment, lines []text.Segment) {
	parent := n.Parent()
	if len(lines) == 0 {
		parent.ReplaceChild(parent, n, ast.NewTextSegment(seg))
		return
	}
	for i, l := range lines {
		t := ast.NewTextSegment(l)
		t.SetSoftLineBreak(i < len(lines)-1)
		parent.InsertBefore(parent, n, t)
	}
	parent.RemoveChild(parent, n)
}

// unwrap replaces n by its children. An image whose URL the renderer would
// blank (javascript: and the like) becomes its description as text, rather
// than an <img> with an empty src, which is not valid HTML.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}
