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

// The definitions below are the plain statement of what the index holds,
// as it was first written: several passes, a regular expression. The
// index is built by the single-pass code in text.go; the tests check that
// the two give the same text, terms and weights (FuzzBodyText,
// TestBriefTermsMatchReference), so that the index's bytes do not depend
// on which one built it.

// refBodyText is bodyText by definition: tags taken out (tagText), each
// marker replaced by refText, entities decoded, runs of white space made
// one space, and the space before punctuation a removed citation leaves
// taken out.
func refBodyText(d *model.Doc) (string, error) {
	src, err := d.HTML()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case '<':
			end := bytes.IndexByte(src[i:], '>')
			if end < 0 {
				i = len(src)
				continue
			}
			b.WriteString(refTagText(src[i : i+end+1]))
			i += end + 1
		case 0:
			end := bytes.IndexByte(src[i+1:], 0)
			if end < 0 {
				i = len(src)
				continue
			}
			b.WriteString(refRefText(d, string(src[i+1:i+1+end])))
			i += end + 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return refSpaceBeforePunct.ReplaceAllString(refCollapse(html.UnescapeString(b.String())), "$1"), nil
}

var refSpaceBeforePunct = regexp.MustCompile(` ([.,;:!?)\]])`)

// refTagText returns what an HTML tag stands for in a body's text: nothing
// for an inline element, ". " after a heading, a space for any other
// block.
func refTagText(tag []byte) string {
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

// refCollapse returns s with leading and trailing white space removed and
// every other run of it made one space.
func refCollapse(s string) string {
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

// refBriefTerms is briefTerms by definition: every term of each text with
// the best weight it is found with.
func refBriefTerms(br *model.Brief) (map[string]uint8, string, error) {
	set := map[string]uint8{}
	add := func(text string, w uint8) {
		for _, t := range Terms(text) {
			if set[t] < w {
				set[t] = w
			}
		}
	}
	body, err := refBodyText(&br.Doc)
	if err != nil {
		return nil, "", err
	}
	add(body, WeightBody)
	add(br.Summary, WeightSummary)
	for _, d := range br.DomainList {
		add(d.Title, WeightSummary)
		set[DomainTerm(d.Slug)] = WeightBody
	}
	for _, a := range br.ActorList {
		add(a.Name, WeightSummary)
		for _, al := range a.Aliases {
			add(al, WeightSummary)
		}
		set[ActorTerm(a.Slug)] = WeightBody
	}
	add(br.Title, WeightTitle)
	return set, excerpt(body, ExcerptRunes), nil
}

// refRefText returns the text a marker with the given number stands for:
// the label of a link to the book, or its target's title; nothing for a
// citation.
func refRefText(d *model.Doc, num string) string {
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
