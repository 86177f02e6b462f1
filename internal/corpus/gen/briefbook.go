package gen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// briefbookFiles returns every file of the book in briefbook's format.
func (b *book) briefbookFiles() []file {
	files := []file{
		{"briefbook.yaml", b.config},
		{"content/_index.md", b.home},
		{"content/sources.yaml", b.bibliography},
	}
	for i := range b.actors {
		files = append(files, file{"content/actors/" + b.actors[i].Slug + ".md", func() []byte { return b.actorProfile(i) }})
	}
	for i := range b.domains {
		files = append(files, file{"content/domains/" + b.domains[i].Slug + ".md", func() []byte { return b.domainProfile(i) }})
	}
	for i := range b.briefs {
		br := &b.briefs[i]
		files = append(files, file{"content/briefs/" + br.Dir + "/" + br.Slug + ".md", func() []byte { return b.briefFile(i) }})
	}
	return files
}

func (b *book) config() []byte {
	return fmt.Appendf(nil, `title: "Synthetic briefing book"
baseURL: "https://example.org/book/"
language: en
description: "A generated book of %d briefs, for benchmarks."
`, len(b.briefs))
}

func (b *book) home() []byte {
	return fmt.Appendf(nil, `---
title: "Synthetic briefing book"
---

This book was generated for benchmarks. It holds %d briefs on %d domains,
naming %d actors and citing %d sources. Its text is made of a fixed
vocabulary and means nothing.
`, len(b.briefs), len(b.domains), len(b.actors), len(b.sources))
}

func (b *book) bibliography() []byte {
	var buf bytes.Buffer
	for _, s := range b.sources {
		fmt.Fprintf(&buf, "%s:\n  title: %s\n  authors: [", s.ID, yamlString(s.Title))
		for i, a := range s.Authors {
			if i > 0 {
				buf.WriteString(", ")
			}
			buf.WriteString(yamlString(a))
		}
		fmt.Fprintf(&buf, "]\n  publisher: %s\n  date: %s\n  url: %s\n", yamlString(s.Publisher), s.Date, s.URL)
		if s.Note != "" {
			fmt.Fprintf(&buf, "  note: %s\n", yamlString(s.Note))
		}
	}
	return buf.Bytes()
}

func (b *book) actorProfile(i int) []byte {
	a := &b.actors[i]
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "---\nname: %s\naliases:\n", yamlString(a.Name))
	for _, al := range a.Aliases {
		fmt.Fprintf(&buf, "  - %s\n", yamlString(al))
	}
	fmt.Fprintf(&buf, "kind: %s\nsummary: %s\n---\n\n", a.Kind, yamlString(a.Summary))
	b.profileText(&buf, 0x6163746f72^uint64(i)<<20)
	return buf.Bytes()
}

func (b *book) domainProfile(i int) []byte {
	d := &b.domains[i]
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "---\ntitle: %s\nsummary: %s\norder: %d\n---\n\n", yamlString(d.Title), yamlString(d.Summary), d.Order)
	b.profileText(&buf, 0x646f6d61696e^uint64(i)<<20)
	return buf.Bytes()
}

// profileText writes two short paragraphs from the stream named by stream.
func (b *book) profileText(buf *bytes.Buffer, stream uint64) {
	w := &bodyWriter{r: rand.New(rand.NewPCG(b.seed, stream)), b: b}
	for range 2 {
		buf.WriteString(strings.Join(w.paragraph(60), " "))
		buf.WriteString("\n\n")
	}
}

func (b *book) briefFile(i int) []byte {
	br := &b.briefs[i]
	var buf bytes.Buffer
	buf.Grow(10000)
	fmt.Fprintf(&buf, "---\ntitle: %s\ndate: %s\n", yamlString(br.Title), br.Date.Format("2006-01-02"))
	if !br.Updated.IsZero() {
		fmt.Fprintf(&buf, "updated: %s\n", br.Updated.Format("2006-01-02"))
	}
	fmt.Fprintf(&buf, "summary: %s\n", yamlString(br.Summary))
	yamlList(&buf, "authors", br.Authors)
	if len(br.DomainAs) == 1 {
		fmt.Fprintf(&buf, "domain: %s\n", yamlString(br.DomainAs[0]))
	} else {
		yamlList(&buf, "domain", br.DomainAs)
	}
	yamlList(&buf, "actors", br.ActorAs)
	ids := make([]string, len(br.Sources))
	for k, s := range br.Sources {
		ids[k] = b.sources[s].ID
	}
	yamlList(&buf, "sources", ids)
	buf.WriteString("---\n\n")
	buf.Write(b.body(i, briefbookRefs{}))
	return buf.Bytes()
}

func yamlList(buf *bytes.Buffer, key string, items []string) {
	fmt.Fprintf(buf, "%s:\n", key)
	for _, it := range items {
		fmt.Fprintf(buf, "  - %s\n", yamlString(it))
	}
}
