package render

import (
	"bytes"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/briefbook/briefbook/internal/model"
)

// Body returns doc's HTML (doc.HTML) with every marker model.Marker(i) replaced by the
// HTML for doc.Refs[i], links prefixed with basePath ("/" or "/book/"):
//
//   - RefBrief, RefActor, RefDomain, RefSource: <a class="wikilink"
//     href="basePath+Href">Label or Text</a>; when the ref is not OK,
//     <span class="wikilink broken">Label or Target</span>;
//   - RefCitation: <sup class="cite">[<a href="#ref:N" id="cite:K">N,
//     locator</a>; <a href="#ref:M">M</a>]</sup>, where K is the ref's index,
//     so that the References list can link back to the first citation of
//     each source; an item with no number is shown as "?id";
//   - RefRelLink, RefRootLink: the URL only (the marker sits inside
//     href="..." or src="..."), or "#" when the ref is not OK.
//
// Every text is HTML-escaped. A marker with no matching ref is dropped.
func Body(doc *model.Doc, basePath string) (template.HTML, error) {
	src, err := doc.HTML()
	if err != nil {
		return "", err
	}
	if bytes.IndexByte(src, 0) < 0 {
		return template.HTML(src), nil
	}
	var b bytes.Buffer
	b.Grow(len(src) + 64*len(doc.Refs))
	appendBody(&b, doc, src, basePath)
	return template.HTML(b.String()), nil
}

// appendBody appends src, the HTML of doc, to b as [Body] returns it.
func appendBody(b *bytes.Buffer, doc *model.Doc, src []byte, basePath string) {
	for {
		i := bytes.IndexByte(src, 0)
		if i < 0 {
			b.Write(src)
			return
		}
		b.Write(src[:i])
		src = src[i+1:]
		j := bytes.IndexByte(src, 0)
		if j < 0 { // unterminated marker: drop the NUL
			b.Write(src)
			return
		}
		k, err := strconv.Atoi(string(src[:j]))
		src = src[j+1:]
		if err == nil && k >= 0 && k < len(doc.Refs) {
			writeRef(b, &doc.Refs[k], link(doc, k), k, basePath)
		}
	}
}

// link returns where doc's k-th ref leads, or an unresolved Link when doc
// was not resolved.
func link(doc *model.Doc, k int) *model.Link {
	if k < len(doc.Links) {
		return &doc.Links[k]
	}
	return &model.Link{}
}

// writeRef writes the HTML of ref, the k-th ref of its document, which
// leads to l.
func writeRef(b *bytes.Buffer, ref *model.Ref, l *model.Link, k int, basePath string) {
	switch ref.Kind {
	case model.RefCitation:
		writeCitation(b, ref, l, k)
	case model.RefRelLink, model.RefRootLink:
		if !l.OK || l.Href == "" {
			b.WriteString("#")
			return
		}
		b.WriteString(html.EscapeString(siteURL(basePath, l.Href)))
	default:
		text := ref.Label
		if text == "" {
			text = l.Text
		}
		if !l.OK || l.Href == "" {
			if text == "" {
				text = ref.Target
			}
			b.WriteString(`<span class="wikilink broken">`)
			b.WriteString(html.EscapeString(text))
			b.WriteString(`</span>`)
			return
		}
		if text == "" {
			text = ref.Target
		}
		b.WriteString(`<a class="wikilink" href="`)
		b.WriteString(html.EscapeString(siteURL(basePath, l.Href)))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(text))
		b.WriteString(`</a>`)
	}
}

// writeCitation writes a citation marker, see [Body].
func writeCitation(b *bytes.Buffer, ref *model.Ref, l *model.Link, k int) {
	b.WriteString(`<sup class="cite">[`)
	idDone := false
	for j, c := range ref.Cites {
		if j > 0 {
			b.WriteString("; ")
		}
		if c.Prefix != "" {
			b.WriteString(html.EscapeString(c.Prefix))
			b.WriteByte(' ')
		}
		n := 0
		if j < len(l.Numbers) {
			n = l.Numbers[j]
		}
		if n <= 0 {
			b.WriteString(`<span class="broken">?`)
			b.WriteString(html.EscapeString(c.ID))
			b.WriteString(`</span>`)
			continue
		}
		b.WriteString(`<a href="#ref:`)
		b.WriteString(strconv.Itoa(n))
		b.WriteString(`"`)
		if !idDone {
			b.WriteString(` id="cite:`)
			b.WriteString(strconv.Itoa(k))
			b.WriteString(`"`)
			idDone = true
		}
		// The accessible name holds the visible text (WCAG 2.5.3).
		text := strconv.Itoa(n)
		if c.Locator != "" {
			text += ", " + html.EscapeString(c.Locator)
		}
		b.WriteString(` aria-label="Reference `)
		b.WriteString(text)
		b.WriteString(`">`)
		b.WriteString(text)
		b.WriteString(`</a>`)
	}
	b.WriteString(`]</sup>`)
}

// citeAnchors returns, for each reference number cited in doc, the id of
// the element of its first citation ("cite:K"), as written by [Body].
func citeAnchors(doc *model.Doc) map[int]string {
	m := map[int]string{}
	for k := range doc.Refs {
		if doc.Refs[k].Kind != model.RefCitation {
			continue
		}
		id := ""
		for _, n := range link(doc, k).Numbers {
			if n <= 0 {
				continue
			}
			if id == "" {
				id = "cite:" + strconv.Itoa(k)
			}
			if _, ok := m[n]; !ok {
				m[n] = id
			}
		}
	}
	return m
}

// siteURL joins basePath and a site-relative URL and percent-encodes it.
func siteURL(basePath, href string) string {
	return escapeURL(basePath + strings.TrimPrefix(href, "/"))
}

// escapeURL percent-encodes every byte of u that may not appear in a URL as
// it is (non-ASCII, spaces, quotes, angle brackets...), keeping existing
// percent escapes and the URL's structure (/ ? # & = ...).
func escapeURL(u string) string {
	return percentEncode(u, "-._~:/?#[]@!$&'()*+,;=%", upperHex)
}

// The hexadecimal digits of percent escapes: escapeURL writes "%3A",
// html/template (and pageWriter, which copies its escapers) "%3a".
const (
	upperHex = "0123456789ABCDEF"
	lowerHex = "0123456789abcdef"
)

// percentEncode returns s with every byte that is neither an ASCII letter
// or digit nor in keep written as '%' and two of hexDigits.
func percentEncode(s, keep, hexDigits string) string {
	var b strings.Builder
	copied := 0 // bytes of s already written to b
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			continue
		}
		if copied == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[copied:i])
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
		copied = i + 1
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}
