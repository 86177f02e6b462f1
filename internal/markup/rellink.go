package markup

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/briefbook/briefbook/internal/model"
)

// kindRelLink is the node kind of a link whose destination briefbook
// checks: a relative or root-relative path, or a fragment of the page.
var kindRelLink = ast.NewNodeKind("RelLink")

// relLink replaces an ast.Link whose destination briefbook checks. Its
// children are the link text; its href renders as a marker, which
// goldmark's link renderer would URL-escape.
type relLink struct {
	ast.BaseInline
	Title []byte
	Index int
}

// Kind implements ast.Node.
func (n *relLink) Kind() ast.NodeKind { return kindRelLink }

// Dump implements ast.Node.
func (n *relLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

// kindRelImage is the node kind of an image with a relative or
// root-relative path.
var kindRelImage = ast.NewNodeKind("RelImage")

// relImage replaces an ast.Image whose destination is a relative or
// root-relative path. Its description is kept as plain text (an image's
// alt attribute is plain text); its src renders as a marker.
type relImage struct {
	ast.BaseInline
	Title []byte
	Alt   string
	Index int
}

// Kind implements ast.Node.
func (n *relImage) Kind() ast.NodeKind { return kindRelImage }

// Dump implements ast.Node.
func (n *relImage) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Alt": n.Alt}, nil)
}

// destKind says what a link's or image's destination is, see [classify].
type destKind int

const (
	destOther    destKind = iota // a URL with a scheme, a network path, a query only: not checked
	destRelative                 // a path relative to the file: "other.md", "chart.png", "../a.md?x=1#h"
	destRoot                     // a path from the site's root: "/img/logo.svg"
	destFragment                 // the same page: "#part-a"
	destLocal                    // a path on the author's machine, see classify
)

// classify returns what dest is. A drive letter ("C:" followed by a slash,
// a backslash or nothing), a leading backslash or any backslash in the path,
// and a file: URL name files on the author's machine, which readers of the
// published site cannot reach: destLocal.
func classify(dest string) destKind {
	switch {
	case dest == "", dest == "#": // "#" is the top of the page
		return destOther
	case len(dest) >= 2 && isASCIILetter(dest[0]) && dest[1] == ':' &&
		(len(dest) == 2 || dest[2] == '\\' || dest[2] == '/'):
		return destLocal
	case hasScheme(dest):
		if isFileURL(dest) {
			return destLocal
		}
		return destOther
	}
	if p, _, _ := strings.Cut(dest, "?"); strings.Contains(p, "\\") {
		return destLocal
	}
	switch {
	case strings.HasPrefix(dest, "//"), dest[0] == '?':
		return destOther
	case dest[0] == '#':
		return destFragment
	case dest[0] == '/':
		return destRoot
	}
	return destRelative
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isFileURL reports whether dest starts with the scheme "file:", in any case.
func isFileURL(dest string) bool {
	return len(dest) >= 5 && strings.EqualFold(dest[:5], "file:")
}

// hasScheme reports whether URL s starts with a scheme: an ASCII letter,
// then letters, digits, '+', '-' or '.', then ':' before any '/', '?' or
// '#'.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return i > 0
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// destRef returns the Ref of a link or image to dest, of kind k (neither
// destOther nor destLocal): a RefRelLink whose Target is the path and query
// and whose Fragment is what follows '#' (both as written; the Target is
// empty for a fragment of the same page), or, for a root-relative path not
// ending in ".md", a RefRootLink.
func destRef(dest string, k destKind) model.Ref {
	target, fragment, _ := strings.Cut(dest, "#")
	r := model.Ref{Kind: model.RefRelLink, Target: target, Fragment: fragment}
	if p, _, _ := strings.Cut(target, "?"); k == destRoot && !isMarkdownPath(p) {
		r.Kind = model.RefRootLink
	}
	return r
}

// isMarkdownPath reports whether the path p ends in ".md", in any case.
func isMarkdownPath(p string) bool {
	return len(p) > 3 && strings.EqualFold(p[len(p)-3:], ".md")
}

// replaceRelLink replaces link, when its destination is a path or a
// fragment that briefbook checks (see [classify]), by a relLink with the
// same children, records its Ref and returns the new node. A destination
// on the author's machine is reported, and the link replaced by its text:
// replaceRelLink then returns nil. Any other link is returned unchanged.
func (st *state) replaceRelLink(link *ast.Link) ast.Node {
	dest := unescapeDest(link.Destination)
	k := classify(dest)
	switch k {
	case destOther:
		if html.IsDangerousURL(link.Destination) {
			st.dangerous(link.Pos(), link.Destination)
		}
		return link
	case destLocal:
		st.localPath(link.Pos(), link.Destination, dest)
		return nil
	}
	start := max(link.Pos(), 0)
	n := &relLink{Title: link.Title}
	n.Index = st.addRef(destRef(dest, k), start, st.linkEnd(start, link.Destination))
	for c := link.FirstChild(); c != nil; {
		next := c.NextSibling()
		n.AppendChild(n, c)
		c = next
	}
	link.Parent().ReplaceChild(link.Parent(), link, n)
	return n
}

// replaceRelImage replaces img, when its destination is a relative or
// root-relative path, by a relImage with the same description as plain
// text, and records its Ref. A destination on the author's machine is
// reported. It returns the new node, nil for a local destination, or img
// unchanged.
func (st *state) replaceRelImage(img *ast.Image) ast.Node {
	dest := unescapeDest(img.Destination)
	k := classify(dest)
	switch k {
	case destLocal:
		st.localPath(img.Pos(), img.Destination, dest)
		return nil
	case destRelative, destRoot:
	default:
		return img
	}
	start := max(img.Pos(), 0)
	n := &relImage{Title: img.Title, Alt: plainText(img, st.body)}
	n.Index = st.addRef(destRef(dest, k), start, st.linkEnd(start, img.Destination))
	img.Parent().ReplaceChild(img.Parent(), img, n)
	return n
}

// unescapeDest returns a destination as goldmark's renderer takes it:
// backslash escapes, entity and numeric character references resolved.
func unescapeDest(dest []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
}

// localPath reports a link or image, whose source starts at offset start
// and whose destination is written raw, to the file on the author's machine
// dest.
func (st *state) localPath(start int, raw []byte, dest string) {
	start = max(start, 0)
	what := "a local file path"
	if isFileURL(dest) {
		what = "a file: URL"
	}
	// Quoted without Go's escapes, so that a Windows path reads as written;
	// diagnostics escape control characters when printed.
	st.errorf(start, st.linkEnd(start, raw), "link to %s \"%s\": readers of the published site cannot follow it; "+
		"link to the file relative to this one, with \"/\" between folders", what, dest)
}

// dangerous reports a link or image to a URL whose scheme runs code or
// embeds a document (javascript:, vbscript:, data: other than images, as
// goldmark's html.IsDangerousURL decides): the page keeps only its text.
func (st *state) dangerous(start int, raw []byte) {
	start = max(start, 0)
	scheme, _, _ := strings.Cut(string(raw), ":")
	st.warnf(start, st.linkEnd(start, raw), "link to a %s: URL: it could run code in readers' browsers, so the page drops it; remove it", strings.ToLower(strings.TrimSpace(scheme)))
}

// maxLinkLen bounds how far linkEnd looks, so that many links on one long
// line take linear time.
const maxLinkLen = 2048

// linkEnd guesses where the source text of the link starting at start
// ends: after its destination and the ')' that follows, when they come
// after a "](" on the same line; otherwise after the first ']' (a reference
// link). It is only used for the length of the underline in diagnostics.
func (st *state) linkEnd(start int, dest []byte) int {
	line := st.body[start:min(start+maxLinkLen, len(st.body))]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	k := bytes.Index(line, []byte("]("))
	if i := bytes.Index(line[max(k, 0):], dest); k >= 0 && i >= 0 && len(dest) > 0 {
		end := k + i + len(dest)
		if end < len(line) && line[end] == '>' {
			end++
		}
		if j := bytes.IndexByte(line[end:], ')'); j >= 0 {
			end += j + 1
		}
		return start + end
	}
	if i := bytes.IndexByte(line, ']'); i >= 0 {
		return start + i + 1
	}
	_, w := utf8.DecodeRune(line)
	return start + w
}
