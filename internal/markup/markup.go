// Package markup renders the markdown body of a briefbook file to HTML and
// records every place where the body links to the rest of the book.
//
// # Syntax
//
// A body is CommonMark with the GitHub extensions (tables, strikethrough,
// autolinks of bare URLs, task lists) and footnotes, plus briefbook's own
// syntax:
//
//	[[slug]]                 a link to the brief with that slug
//	[[slug|text]]            the same, shown as text
//	[[slug#heading]]         a link to a heading of that brief (its id)
//	[[slug#heading|text]]    both
//	[[actor:Name]]           an actor's page, by name or alias
//	[[domain:slug]]          a domain's page
//	[[source:id]]            a source's page
//	[@id]                    a citation of a source
//	[@id, p. 12]             a citation with a locator
//	[@id p. 12]              the same, without the comma
//	[see @id, p. 12]         a citation with a prefix
//	[@a; @b, ch. 2]          a citation of several sources
//	[text](../other.md#h)    a relative link to another markdown file
//	[text](chart.pdf)        a relative link to a file next to this one
//	![alt](chart.png)        an image next to this one
//	[text](/img/logo.svg)    a link from the site's root, put under the base path
//	[text](#heading)         a link to an id of the same page
//
// Wikilinks do not span lines; citations may (see below). Neither is
// recognized inside code spans and code blocks. In a wikilink everything
// after the first '|' is the text to show, taken literally (it is not markdown); a '|' written
// as `\|` (as a table cell requires) separates too. The target is trimmed of
// surrounding white space and must not be empty: `[[]]` and `[[actor:]]` are
// errors. `[[` with no `]]` on the same line is plain text, and so is a
// wikilink whose target contains '[' or ']'. The prefixes are lowercase;
// a fragment after '#' is recorded for every kind, for the resolve stage to
// check.
//
// Citations follow pandoc's syntax. A citation is a bracket holding items
// separated by ';', each an optional prefix, an '@' (or "-@", which
// suppresses the author in pandoc and means the same here), a key, and an
// optional locator, after a comma or not: `[see @doe99, pp. 33-35; also
// @smith04 chap. 1]`. A key starts with a letter, digit or '_' and goes on
// with letters, digits, '_' and the punctuation ":.#$%&-+?<>~/" when a
// letter, digit or '_' follows it (so the key of `[@a.]` is "a"), or is
// written in braces: `@{any key}`. The '@' of a key is at the start of the
// bracket or after white space, '-' or ';', so an e-mail address is no key.
//
// Every bracket that holds a key is a citation, a link, or an error: it is
// a link when it is followed by '(' (`[@user](https://example.org)`), or
// when it or the bracket after it is a defined link reference; otherwise,
// if it is not a valid citation (an item with no key or two keys, an empty
// item, brackets inside, no ']') it is reported, with its position, and
// shown as text. A citation may go on over up to 10 lines of its
// paragraph, each line break read as a space. Adjacent
// brackets are separate: `[@a][@b]` is two citations, `[@a][^1]` a
// citation and a footnote, `[@a][[b]]` a citation and a wikilink, and
// `[Text][@b]` the link reference `[Text]` (when defined) and a citation.
//
// The destination of every link (inline or by reference) and image, with
// backslash escapes and character references resolved, is checked as a
// browser of the published site would follow it:
//
//   - a path relative to the file ("other.md", "../b/x.md?x=1#part",
//     "chart.png", not starting with '/', '#' or '?', and with no URL
//     scheme) is a [model.RefRelLink] whose Target is the path and query
//     and whose Fragment is what follows '#';
//   - a fragment of the same page ("#part", but not "#" alone, the top of
//     the page) is a RefRelLink with an empty Target; images are never such
//     links;
//   - a path from the site's root ("/img/logo.svg", but not "//host/x", a
//     network path) is a [model.RefRootLink], or a RefRelLink (a path from
//     the site folder) when it ends in ".md";
//   - a path on the author's machine is an error, and the link or image is
//     replaced by its text: a drive letter ("C:\x", "c:/x"), a backslash
//     anywhere in the path ("\\server\x", "a\b.md"), or a file: URL;
//   - anything else (a URL with a scheme, "//host/x", "?q", "#") is left as
//     it is.
//
// Wikilinks and citations inside the text of a link or image would nest
// links, so there they are plain text (and a warning is reported); links
// inside an image's description are only text, so they are no Refs either.
//
// # Output
//
// [Convert] returns a [model.Doc]. Every wikilink and citation is one
// [model.Ref], and is written into the HTML as [model.Marker](i) for
// Refs[i]; a link or image to a path or fragment is a Ref too, and its
// marker is the whole value of the href or src attribute. An image's
// description is then its alt text, as plain text. Refs are numbered in document order (the
// order in which their markers appear in the HTML). Nothing is resolved
// here: that is the resolve and render stages' job.
//
// Raw HTML is never rendered (goldmark writes "<!-- raw HTML omitted -->"):
// a warning at the first raw HTML block or inline tag of a file lists the
// lines of the others (HTML comments are left out silently, as they are
// meant to be). Bare URLs are linked with letters, marks and digits of
// every script, dashes and connectors in them. URLs with dangerous schemes (javascript:, vbscript:, file:, data: other
// than images) are left out of href and src attributes.
//
// Every heading gets an id by GitHub's rule (see githubID): its plain text
// in lower case, letters, marks, numbers, '-' and '_' kept, each space a
// hyphen, everything else dropped, so Korean or Japanese headings keep
// their letters; "section" when that is empty; and "-1", "-2"... appended
// to repeats. The headings, with level, id and text,
// are listed in the Doc, as is a rough count of the body's words.
//
// Line and column numbers in Refs and diagnostics are those of the whole
// file, frontmatter included; columns count Unicode characters.
//
// # Limits
//
// So that the time a body takes grows about linearly with its size, block
// quotes and list items nest at most [MaxNesting] deep (an error), a block
// holds at most [MaxDelimiters] emphasis delimiter runs and
// [MaxLinkFailures] "](" that start no link (the rest are text, with a
// warning), and a body reports at most 100 diagnostics; see limits.go
// and docs/goldmark-quadratic.md.
package markup

import (
	"bufio"
	"bytes"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// md is the one markdown converter. Its parsers, transformers and renderers
// keep no state of their own: everything about one conversion lives in the
// parser.Context, so md is safe for concurrent use.
var md = newMarkdown()

// newMarkdown returns a markdown converter for briefbook bodies, with the
// given renderer options added (tests use html.WithUnsafe).
func newMarkdown(opts ...renderer.Option) goldmark.Markdown {
	// "<br />" rather than "<br>", as in the CommonMark spec; both are
	// HTML, and the minifier drops the slash.
	opts = append([]renderer.Option{html.WithXHTML()}, opts...)
	return goldmark.New(
		goldmark.WithParser(newParser()),
		goldmark.WithExtensions(
			gfm{},
			extension.Footnote,
			briefbook{},
			callouts{},
		),
		goldmark.WithRendererOptions(opts...),
	)
}

// Convert renders the body of the markdown file path, whose whole content is
// src; the body starts at byte offset bodyStart (after the frontmatter).
// Problems are reported to d with positions in src. Convert never fails:
// bad syntax becomes text and a diagnostic.
func Convert(path string, src []byte, bodyStart int, d *diag.List) model.Doc {
	return convert(md, path, src, bodyStart, d)
}

// convert is Convert with the converter m.
func convert(m goldmark.Markdown, path string, src []byte, bodyStart int, d *diag.List) model.Doc {
	if d == nil {
		d = &diag.List{}
	}
	body, shift := bodySource(src, bodyStart)
	st := &state{path: path, src: src, body: body, shift: shift, d: d, mayMail: mayHoldAddress(body)}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(stateKey, st)
	root := m.Parser().Parse(text.NewReader(body), parser.WithContext(pc))

	var out bytes.Buffer
	out.Grow(len(body) + len(body)/4) // HTML is a little longer than its markdown
	w := writers.Get().(*bufio.Writer)
	w.Reset(&out)
	err := m.Renderer().Render(w, body, root)
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil)
	writers.Put(w)
	st.reportDropped()
	if err != nil {
		// Writing to a bytes.Buffer cannot fail; a renderer error would be
		// a bug in a node renderer, so report it rather than lose it.
		d.Errorf(path, src, 0, 0, 0, "rendering markdown: %v", err)
	}
	return model.Doc{
		Path:     path,
		Body:     out.Bytes(),
		Refs:     shrink(st.refs),
		Headings: shrink(st.headings),
		Words:    st.words,
	}
}

// shrink returns s in a slice of exactly its length: a book keeps every
// brief's Refs and Headings, and append leaves up to half of a slice
// unused.
func shrink[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return slices.Clone(s)
}

// writers holds the buffered writers the renderer writes through (it
// would make one per conversion otherwise).
var writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}

// bodySource returns the text goldmark parses: src from bodyStart on.
// shift is what to add to an offset in the returned text to get the offset
// in src, so positions can be given in the whole file.
//
// A bodyStart inside a character moves to the character's end. A NUL byte
// (which the loader rejects, and which markers use) becomes a space, in a
// copy, so the only NULs in the HTML are markers; otherwise the body shares
// src's bytes (goldmark never writes to its source).
func bodySource(src []byte, bodyStart int) (body []byte, shift int) {
	bodyStart = min(max(bodyStart, 0), len(src))
	for bodyStart < len(src) && !utf8.RuneStart(src[bodyStart]) {
		bodyStart++ // never split a character
	}
	body = src[bodyStart:]
	if bytes.IndexByte(body, 0) >= 0 {
		body = bytes.ReplaceAll(body, []byte{0}, []byte{' '})
	}
	return body, bodyStart
}

// stateKey is the parser.Context key of a conversion's *state.
var stateKey = parser.NewContextKey()

// state is everything one conversion knows and collects.
type state struct {
	path  string
	src   []byte // the whole file, for positions and diagnostics
	body  []byte // what goldmark parses, see bodySource
	shift int    // offset in src = offset in body + shift
	d     *diag.List
	ids   parser.IDs // heading ids given so far
	// mayMail is false when body holds no e-mail address, see quickLinkify.
	mayMail bool
	pos     positioner

	// For the limits of limits.go: whether the nesting error was
	// reported, and the block whose delimiters and failed links are
	// counted, with their counts.
	tooDeep      bool
	delimBlock   ast.Node
	delims       int
	linkBlock    ast.Node
	linkFailures int
	diags        int  // diagnostics reported, see maxBodyDiags
	dropped      int  // diagnostics left out
	droppedErr   bool // some of them errors

	refs         []model.Ref
	headings     []model.Heading
	headingNodes []*ast.Heading // the nodes of headings, to demote them
	raw          [][2]int       // start and stop offsets of raw HTML left out, in order
	words        int
}

// stateOf returns the conversion state stored in pc, or nil when the
// parser runs outside Convert.
func stateOf(pc parser.Context) *state {
	st, _ := pc.Get(stateKey).(*state)
	return st
}

// position returns the line and column in the file of the body text
// starting at offset start, and the length in characters of body[start:stop].
func (st *state) position(start, stop int) (line, col, length int) {
	start = min(max(start, 0), len(st.body))
	stop = min(max(stop, start), len(st.body))
	line, col = st.pos.at(st.src, start+st.shift)
	return line, col, utf8.RuneCount(st.body[start:stop])
}

// positioner computes what diag.Position does, in time proportional to
// the distance from the previous offset asked for, so that the positions
// of many Refs on one long line do not take quadratic time. It relies on
// offsets falling on character boundaries, as all offsets of Refs do.
type positioner struct {
	off, line, col int // the last offset asked for and its position
}

func (p *positioner) at(src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	if p.line == 0 || off < p.off {
		*p = positioner{line: 1, col: 1}
	}
	delta := src[p.off:off]
	if nl := bytes.LastIndexByte(delta, '\n'); nl >= 0 {
		p.line += bytes.Count(delta, []byte("\n"))
		p.col = 1 + utf8.RuneCount(delta[nl+1:])
	} else {
		p.col += utf8.RuneCount(delta)
	}
	p.off = off
	return p.line, p.col
}

// addRef appends r, positioned at body[start:stop], and returns its index.
func (st *state) addRef(r model.Ref, start, stop int) int {
	r.Line, r.Col, r.Len = st.position(start, stop)
	st.refs = append(st.refs, r)
	return len(st.refs) - 1
}

// errorf reports an error about body[start:stop].
func (st *state) errorf(start, stop int, format string, args ...any) {
	if st.full(true) {
		return
	}
	line, col, length := st.position(start, stop)
	st.d.Errorf(st.path, st.src, line, col, length, format, args...)
}

// warnf reports a warning about body[start:stop].
func (st *state) warnf(start, stop int, format string, args ...any) {
	if st.full(false) {
		return
	}
	line, col, length := st.position(start, stop)
	st.d.Warnf(st.path, st.src, line, col, length, format, args...)
}

// full counts a diagnostic and reports whether maxBodyDiags have been
// reported already; then the diagnostic is only counted.
func (st *state) full(isErr bool) bool {
	if st.diags < maxBodyDiags {
		st.diags++
		return false
	}
	st.dropped++
	st.droppedErr = st.droppedErr || isErr
	return true
}

// reportDropped reports how many diagnostics were left out, at the start
// of the body.
func (st *state) reportDropped() {
	if st.dropped == 0 {
		return
	}
	line, col, _ := st.position(0, 0)
	msg := "%d more problems in this body (only the first %d are reported)"
	if st.droppedErr {
		st.d.Errorf(st.path, st.src, line, col, 1, msg, st.dropped, maxBodyDiags)
	} else {
		st.d.Warnf(st.path, st.src, line, col, 1, msg, st.dropped, maxBodyDiags)
	}
}
