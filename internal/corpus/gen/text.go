package gen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
)

// refStyle writes the links of a brief's body in one output format.
type refStyle interface {
	link(b *book, l link) string
	cite(b *book, c cite) string
}

// briefbookRefs writes wikilinks and citations in briefbook's syntax.
type briefbookRefs struct{}

func (briefbookRefs) link(b *book, l link) string {
	t := &b.briefs[l.Target]
	switch l.Form {
	case linkText:
		return "[[" + t.Slug + "|" + l.Text + "]]"
	case linkHeading:
		return "[[" + t.Slug + "#" + headingID(t.Headings[l.Heading]) + "]]"
	}
	return "[[" + t.Slug + "]]"
}

func (briefbookRefs) cite(b *book, c cite) string {
	items := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		items[i] = "@" + b.sources[s].ID
		if c.Locators[i] != "" {
			items[i] += ", " + c.Locators[i]
		}
	}
	return "[" + strings.Join(items, "; ") + "]"
}

// para is a paragraph under construction: a list of sentences.
type para []string

// bodyWriter writes the markdown body of one brief from the brief's own
// random stream, so that briefs can be written in any order, in parallel,
// and still come out the same.
type bodyWriter struct {
	r    *rand.Rand
	b    *book
	br   *brief
	refs refStyle
}

// body returns the markdown body of brief i.
func (b *book) body(i int, refs refStyle) []byte {
	w := &bodyWriter{
		r:    rand.New(rand.NewPCG(b.seed, 0x626f6479^uint64(i)<<20)),
		b:    b,
		br:   &b.briefs[i],
		refs: refs,
	}
	return w.write()
}

func (w *bodyWriter) write() []byte {
	r := w.r
	target := float64(TargetWords) * (0.9 + 0.2*r.Float64())
	nsec := len(w.br.Headings)
	nparas := int(target/105 + 0.5)
	intro := 1 + r.IntN(2)
	// sections[0] is the introduction; sections[k] follows heading k-1.
	sections := make([][]para, nsec+1)
	perPara := int(target)/nparas - 8 // a paragraph overshoots by half a sentence
	for k := 0; k < nparas; k++ {
		s := 0
		if k >= intro {
			s = 1 + (k-intro)*nsec/(nparas-intro)
		}
		sections[s] = append(sections[s], w.paragraph(perPara))
	}
	w.placeRefs(sections)
	footnote := r.IntN(10) == 0
	if footnote {
		p := sections[0][0]
		p[len(p)-1] = strings.TrimSuffix(p[len(p)-1], ".") + "[^1]."
	}
	var buf bytes.Buffer
	buf.Grow(9000)
	listAt, tableAt := -1, -1
	if r.IntN(2) == 0 {
		listAt = 1 + r.IntN(nsec)
	}
	if r.IntN(5) == 0 {
		tableAt = 1 + r.IntN(nsec)
	}
	for s, paras := range sections {
		if s > 0 {
			fmt.Fprintf(&buf, "## %s\n\n", w.br.Headings[s-1])
		}
		for k, p := range paras {
			buf.WriteString(strings.Join(p, " "))
			buf.WriteString("\n\n")
			if k == 0 && s == listAt {
				w.list(&buf)
			}
			if k == 0 && s == tableAt {
				w.table(&buf)
			}
		}
	}
	if footnote {
		fmt.Fprintf(&buf, "[^1]: %s\n", w.sentence())
	}
	return buf.Bytes()
}

// paragraph returns sentences adding up to about n words.
func (w *bodyWriter) paragraph(n int) para {
	var p para
	for words := 0; words < n; {
		s := w.sentence()
		words += strings.Count(s, " ") + 1
		p = append(p, s)
	}
	if w.r.IntN(12) == 0 {
		p = append(p, fmt.Sprintf("The measure is listed under `HS %04d.%02d`.", 1000+w.r.IntN(9000), w.r.IntN(100)))
	}
	return p
}

// sentence returns one sentence of policy prose.
func (w *bodyWriter) sentence() string {
	r := w.r
	var b strings.Builder
	subj := pick(r, subjects)
	if r.IntN(10) < 3 {
		b.WriteString(pick(r, connectors))
		b.WriteByte(' ')
		subj = lowerFirst(subj)
	}
	b.WriteString(subj)
	b.WriteByte(' ')
	b.WriteString(pick(r, verbs))
	b.WriteByte(' ')
	obj := pick(r, objects)
	switch r.IntN(40) {
	case 0:
		obj = "*" + obj + "*"
	case 1:
		obj = "**" + obj + "**"
	}
	b.WriteString(obj)
	if r.IntN(10) < 6 {
		b.WriteByte(' ')
		b.WriteString(pick(r, tails))
	}
	if r.IntN(4) == 0 {
		b.WriteString(", ")
		b.WriteString(pick(r, clauses))
	}
	b.WriteByte('.')
	return b.String()
}

func lowerFirst(s string) string {
	if s == "" || !unicode.IsUpper(rune(s[0])) || (len(s) > 1 && unicode.IsUpper(rune(s[1]))) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

var linkSentences = []string{
	"This builds on %s.",
	"For the earlier debate, see %s.",
	"Compare the analysis in %s.",
	"The background is covered in %s.",
}

// placeRefs puts the brief's links, as sentences of their own, and its
// citations, at the end of existing sentences, into random paragraphs.
func (w *bodyWriter) placeRefs(sections [][]para) {
	var all []*para
	for _, ps := range sections {
		for k := range ps {
			all = append(all, &ps[k])
		}
	}
	for _, l := range w.br.Links {
		p := all[w.r.IntN(len(all))]
		at := w.r.IntN(len(*p) + 1)
		s := fmt.Sprintf(pick(w.r, linkSentences), w.refs.link(w.b, l))
		*p = append((*p)[:at], append(para{s}, (*p)[at:]...)...)
	}
	for _, c := range w.br.Cites {
		p := *all[w.r.IntN(len(all))]
		at := w.r.IntN(len(p))
		p[at] = strings.TrimSuffix(p[at], ".") + " " + w.refs.cite(w.b, c) + "."
	}
}

func (w *bodyWriter) list(buf *bytes.Buffer) {
	for range 3 + w.r.IntN(3) {
		fmt.Fprintf(buf, "- %s %s\n", upperFirst(pick(w.r, objects)), pick(w.r, tails))
	}
	buf.WriteByte('\n')
}

func (w *bodyWriter) table(buf *bytes.Buffer) {
	buf.WriteString("| Measure | Status | Year |\n|---|---|---|\n")
	for range 3 + w.r.IntN(3) {
		fmt.Fprintf(buf, "| %s | %s | %d |\n", upperFirst(pick(w.r, objects)), pick(w.r, verbs), 2015+w.r.IntN(11))
	}
	buf.WriteByte('\n')
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
