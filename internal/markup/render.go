package markup

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/briefbook/briefbook/internal/model"
)

// briefbook is the goldmark extension for briefbook's syntax.
type briefbook struct{}

// Extend implements goldmark.Extender. The wikilink and citation parsers
// come before goldmark's link parser (priority 200), after its footnote
// reference parser (101); the transformer runs after every other one.
// Bracketed spans (span.go) are parsed before both.
func (briefbook) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(
			util.Prioritized(wikilinkParser{}, 198),
			util.Prioritized(citationParser{}, 199),
			util.Prioritized(linkCloseParser{}, 199),
		),
		parser.WithASTTransformers(util.Prioritized(transformer{}, 10000)),
	)
	m.Parser().AddOptions(spanParserOptions()...)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(nodeRenderer{}, 500),
		util.Prioritized(spanRenderer{}, 500),
	))
}

// nodeRenderer writes briefbook's nodes: a marker for each Ref.
type nodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindWikilink, renderWikilink)
	reg.Register(kindCitation, renderCitation)
	reg.Register(kindRelLink, renderRelLink)
	reg.Register(kindRelImage, renderRelImage)
}

func renderWikilink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*wikilink)
		writeMarkerOr(w, n.Index, n.Segment.Value(source))
	}
	return ast.WalkSkipChildren, nil
}

func renderCitation(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*citation)
		writeMarkerOr(w, n.Index, n.Segment.Value(source))
	}
	return ast.WalkSkipChildren, nil
}

// writeMarkerOr writes the marker of Refs[i], or the escaped source text
// of an element that has no Ref.
func writeMarkerOr(w util.BufWriter, i int, source []byte) {
	if i >= 0 {
		_, _ = w.WriteString(model.Marker(i))
		return
	}
	html.DefaultWriter.RawWrite(w, source)
}

// renderRelLink writes a link like goldmark's link renderer does, with the
// marker as the href.
func renderRelLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*relLink)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.WriteString(model.Marker(n.Index))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// renderRelImage writes an image like goldmark's image renderer does (with
// XHTML), with the marker as the src.
func renderRelImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*relImage)
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.WriteString(model.Marker(n.Index))
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(util.EscapeHTML([]byte(n.Alt)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	_, _ = w.WriteString(" />")
	return ast.WalkSkipChildren, nil
}
