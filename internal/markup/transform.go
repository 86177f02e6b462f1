package markup

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	extast "github.com/yuin/goldmark/extension/ast"
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
	st.reportRawHTML()
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
		if r := st.replaceRelLink(n); r != nil {
			st.walk(r, true)
			return
		}
		st.walk(n, true) // a local path, reported: only the text is kept
		unwrap(n)
	case *ast.Image:
		st.walk(n, true)
		if inLink { // in an image's alt text, where it is only text
			return
		}
		if r := st.replaceRelImage(n); r == nil || r == ast.Node(n) && html.IsDangerousURL(n.Destination) {
			if r != nil {
				st.dangerous(n.Pos(), n.Destination)
			}
			unwrap(n)
		}
	case *ast.HTMLBlock:
		if first := n.Lines().At(0); n.HTMLBlockType != ast.HTMLBlockType2 { // a comment is meant to be left out
			st.rawHTML(first.Start, first.Stop)
		}
	case *ast.RawHTML:
		if seg := n.Segments.At(0); !bytes.HasPrefix(seg.Value(st.body), []byte("<!--")) {
			st.rawHTML(seg.Start, seg.Stop)
		}
	case *extast.Table:
		// A wide table scrolls in its own box (the theme's .prose table):
		// a scrollable region must be reachable by keyboard (WCAG 2.1.1).
		n.SetAttributeString("tabindex", []byte("0"))
		st.walk(n, inLink)
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

// maxRawLines is how many lines of omitted raw HTML the warning lists
// after the first.
const maxRawLines = 10

// rawHTML records raw HTML at body[start:stop] (up to the end of its first
// line), which the renderer leaves out.
func (st *state) rawHTML(start, stop int) {
	if nl := bytes.IndexByte(st.body[start:stop], '\n'); nl >= 0 {
		stop = start + nl
	}
	st.raw = append(st.raw, [2]int{start, max(stop, start+1)})
}

// reportRawHTML warns, once per file, at the first raw HTML block or tag
// that is left out, listing the other lines that have some.
func (st *state) reportRawHTML() {
	if len(st.raw) == 0 {
		return
	}
	// In document order, so that positions are found in one pass (the
	// tree puts footnotes last).
	slices.SortFunc(st.raw, func(a, b [2]int) int { return a[0] - b[0] })
	first := st.raw[0]
	firstLine, _, _ := st.position(first[0], first[0])
	seen := map[int]bool{firstLine: true}
	var numbers []int
	for _, r := range st.raw[1:] {
		line, _, _ := st.position(r[0], r[0])
		if !seen[line] {
			seen[line] = true
			numbers = append(numbers, line)
		}
	}
	lines := make([]string, len(numbers))
	for i, n := range numbers {
		lines[i] = fmt.Sprint(n)
	}
	msg := "raw HTML is not rendered (briefbook leaves it out): write it in markdown, or remove it"
	switch {
	case len(lines) > maxRawLines:
		msg += fmt.Sprintf("; so is the raw HTML on %d more lines: %s...", len(lines), strings.Join(lines[:maxRawLines], ", "))
	case len(lines) > 1:
		msg += fmt.Sprintf("; so is the raw HTML on lines %s", strings.Join(lines, ", "))
	case len(lines) == 1:
		msg += "; so is the raw HTML on line " + lines[0]
	}
	st.warnf(first[0], first[1], "%s", msg)
}
