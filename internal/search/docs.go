package search

import (
	"strings"
	"unicode/utf8"
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
