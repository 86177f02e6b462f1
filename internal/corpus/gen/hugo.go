package gen

import (
	"bytes"
	"fmt"
	"strings"
)

// hugoRefs writes wikilinks as plain markdown links to the target's URL,
// and citations as plain text.
type hugoRefs struct{}

func (hugoRefs) link(b *book, l link) string {
	t := &b.briefs[l.Target]
	switch l.Form {
	case linkText:
		return "[" + l.Text + "](/briefs/" + t.Slug + "/)"
	case linkHeading:
		return "[" + t.Title + "](/briefs/" + t.Slug + "/#" + headingID(t.Headings[l.Heading]) + ")"
	}
	return "[" + t.Title + "](/briefs/" + t.Slug + "/)"
}

func (hugoRefs) cite(b *book, c cite) string {
	items := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		items[i] = b.sources[s].ID
		if c.Locators[i] != "" {
			items[i] += ", " + c.Locators[i]
		}
	}
	return "(" + strings.Join(items, "; ") + ")"
}

// hugoFiles returns the book as a Hugo site: briefs as pages of the
// section "briefs" with the taxonomies domains, actors and sources, actor
// and domain profiles as term pages, minified output, and a related-content
// block on every brief, switched on by the parameter "related"
// (HUGO_PARAMS_RELATED=true in the environment).
func (b *book) hugoFiles() []file {
	files := []file{
		{"hugo.toml", b.hugoConfig},
		{"content/_index.md", b.home},
		{"content/briefs/_index.md", func() []byte { return []byte("---\ntitle: \"Briefs\"\n---\n") }},
		{"layouts/baseof.html", constant(hugoBaseof)},
		{"layouts/home.html", constant(hugoHome)},
		{"layouts/single.html", constant(hugoSingle)},
		{"layouts/list.html", constant(hugoList)},
	}
	for i := range b.actors {
		files = append(files, file{"content/actors/" + b.actors[i].Slug + "/_index.md", func() []byte { return b.hugoActor(i) }})
	}
	for i := range b.domains {
		files = append(files, file{"content/domains/" + b.domains[i].Slug + "/_index.md", func() []byte { return b.hugoDomain(i) }})
	}
	for i := range b.briefs {
		br := &b.briefs[i]
		files = append(files, file{"content/briefs/" + br.Dir + "/" + br.Slug + ".md", func() []byte { return b.hugoBrief(i) }})
	}
	return files
}

func constant(s string) func() []byte { return func() []byte { return []byte(s) } }

func (b *book) hugoConfig() []byte {
	return []byte(`baseURL = "https://example.org/"
title = "Synthetic briefing book"
languageCode = "en"

[taxonomies]
  domain = "domains"
  actor = "actors"
  source = "sources"

[permalinks.page]
  briefs = "/briefs/:slug/"

[minify]
  minifyOutput = true

[params]
  related = false

[related]
  includeNewer = true
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "actors"
    weight = 100
  [[related.indices]]
    name = "sources"
    weight = 80
  [[related.indices]]
    name = "domains"
    weight = 40
`)
}

func (b *book) hugoActor(i int) []byte {
	a := &b.actors[i]
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "---\ntitle: %s\nsummary: %s\n", yamlString(a.Name), yamlString(a.Summary))
	buf.WriteString("---\n\n")
	b.profileText(&buf, 0x6163746f72^uint64(i)<<20)
	return buf.Bytes()
}

func (b *book) hugoDomain(i int) []byte {
	d := &b.domains[i]
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "---\ntitle: %s\nsummary: %s\nweight: %d\n---\n\n", yamlString(d.Title), yamlString(d.Summary), d.Order)
	b.profileText(&buf, 0x646f6d61696e^uint64(i)<<20)
	return buf.Bytes()
}

func (b *book) hugoBrief(i int) []byte {
	br := &b.briefs[i]
	var buf bytes.Buffer
	buf.Grow(10000)
	fmt.Fprintf(&buf, "---\ntitle: %s\nslug: %s\ndate: %s\n", yamlString(br.Title), br.Slug, br.Date.Format("2006-01-02"))
	if !br.Updated.IsZero() {
		fmt.Fprintf(&buf, "lastmod: %s\n", br.Updated.Format("2006-01-02"))
	}
	fmt.Fprintf(&buf, "summary: %s\n", yamlString(br.Summary))
	yamlList(&buf, "authors", br.Authors)
	var names []string
	for _, d := range br.Domains {
		names = append(names, b.domains[d].Title)
	}
	yamlList(&buf, "domains", names)
	names = names[:0]
	for _, a := range br.Actors {
		names = append(names, b.actors[a].Name)
	}
	yamlList(&buf, "actors", names)
	names = names[:0]
	for _, s := range br.Sources {
		names = append(names, b.sources[s].ID)
	}
	yamlList(&buf, "sources", names)
	buf.WriteString("---\n\n")
	buf.Write(b.body(i, hugoRefs{}))
	return buf.Bytes()
}

const hugoBaseof = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title>
</head>
<body>
<nav><a href="/">{{ site.Title }}</a> <a href="/briefs/">Briefs</a> <a href="/domains/">Domains</a> <a href="/actors/">Actors</a></nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`

const hugoHome = `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range first 20 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
`

const hugoSingle = `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time> {{ with .Params.authors }}{{ delimit . ", " }}{{ end }}</p>
{{ range $tax := slice "domains" "actors" "sources" }}
{{ with $.GetTerms $tax }}<p>{{ $tax }}: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ end }}
{{ .Content }}
{{ if site.Params.related }}
{{ with site.RegularPages.Related . | first 5 }}
<h2>Related</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
{{ end }}
</article>
{{ end }}
`

const hugoList = `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ end }}
`
