// Package minify minifies briefbook's output files by media type, with
// tdewolff/minify, configured once for every build: HTML keeps its document
// tags, end tags and attribute quotes, and a "<" or ">" in an attribute
// value stays escaped.
//
// Minifying never changes what a reader sees. So XML files (.xml, .atom,
// .rss) are not minified, since the minifier collapses white space in
// their text content ("<name>  padded   name  </name>"); and an SVG image,
// a file or inline in HTML, that holds text (text, tspan, textPath,
// foreignObject) or sets xml:space is kept as written, since the minifier
// drops the spaces around a tspan, xml:space itself, and runs of spaces
// that white-space: pre keeps. Other SVG images (icons, charts without
// text) are minified.
//
// [HTML] minifies a page or a fragment of one so that a minified fragment
// can be spliced into a minified page (see render.Renderer.MinifyFragments).
package minify

import (
	"bytes"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"

	tdminify "github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/buffer"
	phtml "github.com/tdewolff/parse/v2/html"
)

// minifier returns the one minifier every build shares. It is configured
// once; a *tdminify.M is safe for concurrent use.
//
// The HTML minifier keeps the document tags, end tags and attribute quotes:
// the output stays plainly valid HTML5 (the theme is checked with the Nu
// validator) and readable in a diff, at a cost of a few bytes a page.
// Inline <style> and <script> elements, including JSON ones, are minified
// by the matching minifier.
var minifier = sync.OnceValue(func() *tdminify.M {
	m := tdminify.New()
	m.Add("text/html", htmlMinifier)
	m.Add("text/css", &css.Minifier{})
	m.Add("image/svg+xml", svgText{&svg.Minifier{}})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$|^module$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	// No minifier for other XML (MathML inline in HTML included): it is
	// copied as written, see the package documentation.
	return m
})

// htmlMinifier is how HTML pages are minified.
var htmlMinifier = &html.Minifier{
	KeepDocumentTags: true,
	KeepEndTags:      true,
	KeepQuotes:       true,
}

// pageMinifier returns the minifier of HTML pages: the same as minifier but
// with no SVG or XML minifier, so that inline SVG (the overviews the theme
// draws) is kept as written. Whitespace in SVG text is significant, and
// the SVG minifier loses its place in a page after some escaped text in an
// SVG <title>, failing on the placeholders of fragments spliced in later.
var pageMinifier = sync.OnceValue(func() *tdminify.M {
	m := tdminify.New()
	m.Add("text/html", htmlMinifier)
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$|^module$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^application/(ld\+)?json$`), &json.Minifier{})
	return m
})

// mediaTypes maps the file extensions that are minified to their media type.
var mediaTypes = map[string]string{
	".html":        "text/html",
	".htm":         "text/html",
	".css":         "text/css",
	".js":          "application/javascript",
	".mjs":         "application/javascript",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
}

// svgText minifies an SVG image with its SVG minifier unless the image
// holds text or sets xml:space, when it copies it as it is: the SVG
// minifier collapses white space that is significant in text.
type svgText struct{ svg tdminify.Minifier }

// textMarks are the byte strings whose presence keeps an SVG image as
// written: the text content elements, with or without a namespace prefix,
// foreignObject (HTML inside SVG) and xml:space.
var textMarks = [][]byte{[]byte("<text"), []byte(":text"), []byte("<tspan"), []byte(":tspan"), []byte("foreignObject"), []byte("xml:space")}

// Minify implements tdminify.Minifier.
func (s svgText) Minify(m *tdminify.M, w io.Writer, r io.Reader, params map[string]string) error {
	var src []byte
	if br, ok := r.(interface{ Bytes() []byte }); ok {
		src = br.Bytes() // a buffer.Reader, as To and the HTML minifier give
	} else {
		var err error
		if src, err = io.ReadAll(r); err != nil {
			return err
		}
	}
	for _, mark := range textMarks {
		if bytes.Contains(src, mark) {
			_, err := w.Write(src)
			return err
		}
	}
	return s.svg.Minify(m, w, buffer.NewReader(src), params)
}

// MediaType returns the media type of the output file p for minifying, or
// "" if files like p are copied as they are.
func MediaType(p string) string {
	return mediaTypes[strings.ToLower(path.Ext(p))]
}

// To appends src, a file of media type mt, minified, to dst. src is
// handed to the minifier through a reader with a Bytes method, which it
// uses as is instead of copying it into a growing buffer.
func To(dst *bytes.Buffer, mt string, src []byte) error {
	if mt != "text/html" {
		return minifier().Minify(mt, dst, buffer.NewReader(src))
	}
	if !escapesAngle(src) {
		return pageMinifier().Minify(mt, dst, buffer.NewReader(src))
	}
	tmp := getBuf()
	defer putBuf(tmp)
	if err := pageMinifier().Minify(mt, tmp, buffer.NewReader(src)); err != nil {
		return err
	}
	return escapeAttrs(dst, tmp.Bytes())
}

// HTML returns the HTML src, a page or a fragment of one, minified the way
// [To] minifies pages: a fragment minified by HTML can be spliced into a
// page minified by To (see render.Renderer.MinifyFragments).
// The result is a slice of its own, of exactly its length, as callers keep
// many of them.
func HTML(src []byte) ([]byte, error) {
	b := getBuf()
	defer putBuf(b)
	if err := To(b, "text/html", src); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
}

// escapesAngle reports whether the HTML src may hold an escaped "<" or ">",
// which the minifier would decode inside an attribute value: a character
// reference starting "&lt", "&LT", "&gt", "&GT", "&#6", "&#0", "&#x" or
// "&#X" (&lt; &#60; &#x3c; and so on). Most pages hold none, and skip the
// second pass of [escapeAttrs]. One pass over src, from '&' to '&'.
func escapesAngle(src []byte) bool {
	for {
		i := bytes.IndexByte(src, '&')
		if i < 0 || i+2 >= len(src) {
			return false
		}
		switch string(src[i+1 : i+3]) {
		case "lt", "LT", "gt", "GT", "#6", "#0", "#x", "#X":
			return true
		}
		src = src[i+1:]
	}
}

// escapeAttrs copies the minified HTML src to dst with every "<" and ">" in
// an attribute value written as "&lt;" and "&gt;" again.
//
// The minifier decodes character references in attribute values and
// re-escapes only the quote, which is valid HTML5: a quoted value may hold
// "<" and ">". But a page would then carry the text "<script>" inside, say,
// a title attribute; harmless to a browser, alarming to every scanner and
// reviewer, and one mistake away from real markup in a naive consumer.
// Everything else is copied byte for byte.
func escapeAttrs(dst *bytes.Buffer, src []byte) error {
	l := phtml.NewLexer(parse.NewInputBytes(src))
	for {
		tt, data := l.Next()
		switch tt {
		case phtml.ErrorToken:
			if err := l.Err(); err != io.EOF {
				return err
			}
			return nil
		case phtml.AttributeToken:
			if bytes.ContainsAny(data, "<>") {
				attrEscaper.WriteString(dst, string(data))
				continue
			}
		}
		dst.Write(data)
	}
}

var attrEscaper = strings.NewReplacer("<", "&lt;", ">", "&gt;")

// bufPool holds scratch buffers.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer { b := bufPool.Get().(*bytes.Buffer); b.Reset(); return b }

// putBuf returns b to the pool unless it grew past 4 MiB, so that one huge
// page does not pin its memory.
func putBuf(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		bufPool.Put(b)
	}
}
