package search

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/model"
)

// ExcerptRunes is the length, in characters, of the start of a brief's
// body kept in its doc shard for snippets.
const ExcerptRunes = 280

// docShard returns doc shard j: each brief's record.
func (x *Index) docShard(j int) ([][]any, error) {
	if err := x.build(); err != nil {
		return nil, err
	}
	var out [][]any
	for id := j * DocsPerShard; id < min((j+1)*DocsPerShard, len(x.book.Briefs)); id++ {
		br := x.book.Briefs[id]
		date := ""
		if !br.Date.IsZero() {
			date = br.Date.Format("2006-01-02")
		}
		doms := []int{}
		for _, d := range br.DomainList {
			if k := x.domainIndex(d.Slug); k >= 0 {
				doms = append(doms, k)
			}
		}
		url := br.URL
		if url == "" {
			url = "/briefs/" + br.Slug + "/"
		}
		out = append(out, []any{strings.TrimPrefix(url, "/"), br.Title, date, doms, br.Summary, x.excerpts[id]})
	}
	return out, nil
}

// domainIndex returns the index in meta.json's domains of the domain with
// the given slug, or -1.
func (x *Index) domainIndex(slug string) int {
	k := 0
	for _, d := range x.book.Domains {
		if len(d.Briefs) == 0 {
			continue
		}
		if d.Slug == slug {
			return k
		}
		k++
	}
	return -1
}

// excerpt returns the start of text, at most n characters, cut at a space
// when there is one in its last fifth.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := 0
	for i := range text {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	s := text[:cut]
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)*4/5 {
		s = s[:sp]
	}
	return s + "…"
}

// bodyText returns the text of a document's body: its HTML without tags,
// each link to the book replaced by its text, entities decoded, runs of
// white space made one space.
func bodyText(d *model.Doc) (string, error) {
	src, err := d.HTML()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case '<':
			end := bytes.IndexByte(src[i:], '>')
			if end < 0 {
				i = len(src)
				continue
			}
			b.WriteString(tagText(src[i : i+end+1]))
			i += end + 1
		case 0:
			end := bytes.IndexByte(src[i+1:], 0)
			if end < 0 {
				i = len(src)
				continue
			}
			b.WriteString(refText(d, string(src[i+1:i+1+end])))
			i += end + 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return spaceBeforePunct.ReplaceAllString(collapse(html.UnescapeString(b.String())), "$1"), nil
}

// spaceBeforePunct is the space a citation leaves before the punctuation
// that follows it ("North Korea [@a]." reads "North Korea ." once the
// marker is taken out).
var spaceBeforePunct = regexp.MustCompile(` ([.,;:!?)\]])`)

// tagText returns what an HTML tag stands for in a body's text: nothing
// for an inline element (a link, a citation marker, emphasis), so that
// "Korea<sup>[1]</sup>." reads "Korea."; ". " after a heading, which
// runs into the next paragraph; a space for any other block.
func tagText(tag []byte) string {
	name := bytes.TrimLeft(tag[1:], "/")
	if n := bytes.IndexAny(name, " \t\n>/"); n >= 0 {
		name = name[:n]
	}
	switch strings.ToLower(string(name)) {
	case "a", "sup", "sub", "em", "strong", "code", "span", "cite", "b", "i", "mark", "abbr", "del", "s", "small", "time", "q":
		return ""
	case "h1", "h2", "h3", "h4", "h5", "h6":
		if tag[1] == '/' {
			return ". "
		}
	}
	return " "
}

// collapse returns s with leading and trailing white space removed and
// every other run of it made one space.
func collapse(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		n := 1
		isSpace := c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
		if c >= utf8.RuneSelf {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = len(b) > 0
		} else {
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// refText returns the text a marker with the given number stands for: the
// label of a link to the book, or its target's title; nothing for a
// citation.
func refText(d *model.Doc, num string) string {
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 || i >= len(d.Refs) {
		return ""
	}
	r := d.Refs[i]
	if r.Kind == model.RefCitation || r.Kind == model.RefRelLink {
		return ""
	}
	if r.Label != "" {
		return r.Label
	}
	if i < len(d.Links) && d.Links[i].Text != "" {
		return d.Links[i].Text
	}
	return r.Target
}
