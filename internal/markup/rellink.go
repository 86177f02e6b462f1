package markup

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/briefbook/briefbook/internal/model"
)

// kindRelLink is the node kind of a relative link to a .md file.
var kindRelLink = ast.NewNodeKind("RelLink")

// relLink replaces an ast.Link whose destination is a relative .md path.
// Its children are the link text; its href renders as a marker, which
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

// relTarget reports whether dest is a relative link to a markdown file:
// no URL scheme, not starting with '/' (absolute or network path) or '#'
// (same page), no query, and a path ending in ".md". It returns the path
// and the fragment after '#', both as written.
func relTarget(dest []byte) (path, fragment string, ok bool) {
	s := string(dest)
	if s == "" || s[0] == '/' || s[0] == '#' || hasScheme(s) {
		return "", "", false
	}
	path, fragment, _ = strings.Cut(s, "#")
	if strings.Contains(path, "?") || len(path) < 3 || !strings.EqualFold(path[len(path)-3:], ".md") {
		return "", "", false
	}
	return path, fragment, true
}

// hasScheme reports whether URL s starts with a scheme: an ASCII letter,
// then letters, digits, '+', '-' or '.', then ':' before any '/', '?' or
// '#'. ("c:" counts, so Windows paths are not taken for relative links.)
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

// replaceRelLink replaces link, if it points at a relative .md file, by a
// relLink with the same children, records its Ref and returns the new node.
// Otherwise it returns link unchanged.
func (st *state) replaceRelLink(link *ast.Link) ast.Node {
	path, fragment, ok := relTarget(link.Destination)
	if !ok {
		return link
	}
	start := max(link.Pos(), 0)
	r := model.Ref{Kind: model.RefRelLink, Target: path, Fragment: fragment}
	n := &relLink{Title: link.Title}
	n.Index = st.addRef(r, start, st.linkEnd(start, link.Destination))
	for c := link.FirstChild(); c != nil; {
		next := c.NextSibling()
		n.AppendChild(n, c)
		c = next
	}
	link.Parent().ReplaceChild(link.Parent(), link, n)
	return n
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
